import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DataValidation, stream as excelStream, Worksheet } from 'exceljs';
import { isCalendarDate } from '../common/calendar';
import { escapeFormula, looksLikeFormula, OutputCell, unescapeFormula } from './cell-values';
import { csvLine } from './csv';

/** One sheet of an export being written: rows go out as they come, never gathered in memory. */
export interface SheetOutput {
  addRow(cells: readonly OutputCell[]): Promise<void>;
}

/** What an .xlsx makes of one column of a ledger sheet; a CSV has no cell types and ignores it. */
export interface ColumnFormat {
  /** Holds calendar dates (YYYY-MM-DD): written as date cells shown as yyyy/mm/dd. */
  date?: boolean;
  /** The words a drop-down list offers (data validation): the labels the import reads. */
  choices?: readonly string[];
}

/** A sheet laid out as a ledger: heading rows at the top, then one row per entry. */
export interface TableLayout {
  /** The heading rows: the first bold, all frozen, the last carrying the auto-filter. */
  headerRows: number;
  /** Per column, in the order of the cells. */
  columns: readonly ColumnFormat[];
}

/** A file being streamed to the client: CSV (one sheet) or an .xlsx workbook (several). */
export interface TableOutput {
  sheet(name: string, widths?: readonly number[], table?: TableLayout): Promise<SheetOutput>;
  finish(): Promise<void>;
}

/** What a CSV holds: text escaped against formula injection (a leading apostrophe), numbers as they are. */
function safe(cell: OutputCell): string | number | null {
  return typeof cell === 'string' ? escapeFormula(cell) : cell;
}

/** Rows below the last entry that still offer the drop-down lists, for entries added by hand. */
const VALIDATED_BLANK_ROWS = 1000;

const DATE_FORMAT = 'yyyy/mm/dd';
/** Excel's text format: the cell holds text, and stays text when a person edits it (no formula is ever made of it). */
const TEXT_FORMAT = '@';

/** A cell of an .xlsx and its number format, if it needs one. */
function workbookCell(cell: OutputCell, format: ColumnFormat | undefined): { value: string | number | Date | null; numFmt?: string } {
  if (typeof cell !== 'string') return { value: cell };
  if (format?.date && isCalendarDate(cell)) return { value: new Date(`${cell}T00:00:00Z`), numFmt: DATE_FORMAT };
  // A formula-like text goes into a text-formatted cell as it is: nothing to evaluate, no apostrophe to see.
  if (looksLikeFormula(cell)) return { value: cell, numFmt: TEXT_FORMAT };
  // An apostrophe only where import would otherwise take one off (a text that itself starts with '=, '' ...).
  return { value: unescapeFormula(cell) === cell ? cell : `'${cell}` };
}

/** Where exceljs keeps a sheet's data validations, by cell or range address (left out of its type declarations). */
interface RangeValidations {
  dataValidations: { add(address: string, validation: DataValidation): void };
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The client went away in the middle of a download: the export stops reading. */
export class DownloadAborted extends Error {}

/** Waits until the client has taken what was written (backpressure); stops when it is gone. */
async function drained(target: Writable): Promise<void> {
  if (target.destroyed) throw new DownloadAborted();
  if (!target.writableNeedDrain) return;
  const controller = new AbortController();
  await Promise.race([once(target, 'drain', { signal: controller.signal }), once(target, 'close', { signal: controller.signal })]).finally(
    () => controller.abort(),
  );
  if (target.destroyed) throw new DownloadAborted();
}

/** CSV for Japanese Excel: UTF-8 with a BOM (without it Excel shows mojibake), CRLF line ends. */
export class CsvOutput implements TableOutput {
  private started = false;

  constructor(private readonly target: Writable) {}

  sheet(): Promise<SheetOutput> {
    if (this.started) throw new Error('a CSV file holds one sheet');
    this.started = true;
    this.target.write('\uFEFF');
    return Promise.resolve({
      addRow: async (cells) => {
        const line = csvLine(cells.map((cell) => (cell === null ? '' : String(safe(cell)))));
        if (!this.target.write(line)) await drained(this.target);
      },
    });
  }

  async finish(): Promise<void> {
    this.target.end();
    await once(this.target, 'finish');
  }
}

/**
 * An .xlsx written with exceljs's streaming writer: each row is committed (and leaves memory) as it
 * is added. A ledger sheet (one with a table layout) gets a bold first row, frozen heading rows, an
 * auto-filter over the whole table, drop-down lists on its columns with fixed values and date cells.
 */
export class XlsxOutput implements TableOutput {
  private readonly workbook: excelStream.xlsx.WorkbookWriter;
  private current: { sheet: Worksheet; table?: TableLayout; rows: number } | undefined;

  constructor(private readonly target: Writable) {
    this.workbook = new excelStream.xlsx.WorkbookWriter({ stream: target, useStyles: true, useSharedStrings: false });
  }

  sheet(name: string, widths: readonly number[] = [], table?: TableLayout): Promise<SheetOutput> {
    // A streamed workbook writes its sheets one after another.
    this.commitSheet();
    const sheet = this.workbook.addWorksheet(name, table ? { views: [{ state: 'frozen', xSplit: 0, ySplit: table.headerRows }] } : {});
    widths.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
    const current = { sheet, table, rows: 0 };
    this.current = current;
    return Promise.resolve({
      addRow: async (cells) => {
        current.rows++;
        const heading = table !== undefined && current.rows <= table.headerRows;
        const written = cells.map((cell, index) => (heading ? { value: cell } : workbookCell(cell, table?.columns[index])));
        const row = sheet.addRow(written.map((cell) => cell.value));
        written.forEach(({ numFmt }, index) => {
          if (numFmt) row.getCell(index + 1).numFmt = numFmt;
        });
        if (heading && current.rows === 1) row.font = { bold: true };
        row.commit();
        await drained(this.target);
      },
    });
  }

  async finish(): Promise<void> {
    this.commitSheet();
    await this.workbook.commit();
  }

  /** The table's auto-filter and drop-down lists are known once its last row is: they are written as the sheet is committed. */
  private commitSheet(): void {
    if (!this.current) return;
    const { sheet, table, rows } = this.current;
    if (table && table.columns.length > 0) {
      const last = columnLetter(table.columns.length - 1);
      sheet.autoFilter = `A${table.headerRows}:${last}${Math.max(rows, table.headerRows)}`;
      const firstData = table.headerRows + 1;
      const lastValidated = Math.max(rows, table.headerRows) + VALIDATED_BLANK_ROWS;
      table.columns.forEach(({ choices }, index) => {
        if (!choices?.length) return;
        const column = columnLetter(index);
        (sheet as Worksheet & RangeValidations).dataValidations.add(`${column}${firstData}:${column}${lastValidated}`, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${choices.join(',')}"`],
          showErrorMessage: true,
          // A warning, not a refusal: import also reads other spellings (はい, LGWAN...).
          errorStyle: 'warning',
          errorTitle: '一覧にない値です',
          error: `一覧から選んでください（${choices.join('、')}）。`,
        });
      });
    }
    sheet.commit();
    this.current = undefined;
  }
}
