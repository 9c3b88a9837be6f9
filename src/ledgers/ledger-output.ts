import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stream as excelStream, Worksheet } from 'exceljs';
import { escapeFormula, OutputCell } from './cell-values';
import { csvLine } from './csv';

/** One sheet of an export being written: rows go out as they come, never gathered in memory. */
export interface SheetOutput {
  addRow(cells: readonly OutputCell[]): Promise<void>;
}

/** A file being streamed to the client: CSV (one sheet) or an .xlsx workbook (several). */
export interface TableOutput {
  sheet(name: string, widths?: readonly number[]): Promise<SheetOutput>;
  finish(): Promise<void>;
}

/** What is written into a cell: text escaped against formula injection, numbers as they are. */
function safe(cell: OutputCell): string | number | null {
  return typeof cell === 'string' ? escapeFormula(cell) : cell;
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

/** An .xlsx written with exceljs's streaming writer: each row is committed (and leaves memory) as it is added. */
export class XlsxOutput implements TableOutput {
  private readonly workbook: excelStream.xlsx.WorkbookWriter;
  private current: Worksheet | undefined;

  constructor(private readonly target: Writable) {
    this.workbook = new excelStream.xlsx.WorkbookWriter({ stream: target, useStyles: true, useSharedStrings: false });
  }

  sheet(name: string, widths: readonly number[] = []): Promise<SheetOutput> {
    // A streamed workbook writes its sheets one after another.
    this.current?.commit();
    const sheet = this.workbook.addWorksheet(name);
    widths.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
    this.current = sheet;
    return Promise.resolve({
      addRow: async (cells) => {
        sheet.addRow(cells.map((cell) => safe(cell))).commit();
        await drained(this.target);
      },
    });
  }

  async finish(): Promise<void> {
    this.current?.commit();
    await this.workbook.commit();
  }
}
