import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { CellError, RawCell } from './cell-values';
import { UnpackBudget, ZipArchive } from './zip-entries';

/**
 * The rows of an .xlsx read as a stream: the sheet's XML goes through a SAX parser chunk by chunk as
 * it inflates, and reading stops as soon as the caller has enough (the header row of a sheet, or one
 * row more than the import takes). Nothing of the rest is kept, so a file of a million rows costs the
 * rows it is allowed to have. Cells read as exceljs read them: numbers, booleans, error values, text
 * (shared, inline or a formula's), and dates for numbers in a date format.
 */
export class MalformedWorkbook extends Error {}

/** The rows read hold more cells (blanks between values included) than `MAX_CELLS`. */
export class TooManyCells extends Error {}

/** The texts kept from one sheet (its strings, shared or not) hold more than `MAX_TEXT_CHARS` characters. */
export class TooMuchText extends Error {}

/** At most this many characters of text are kept from one sheet (50,000 rows of 30 cells of 20 characters, and more). */
export const MAX_TEXT_CHARS = 32 * 1024 * 1024;

/** Counts the characters of text kept, against MAX_TEXT_CHARS. */
class KeptText {
  private chars = 0;

  keep(text: string): void {
    this.chars += text.length;
    if (this.chars > MAX_TEXT_CHARS) throw new TooMuchText();
  }
}

/** Cells right of this column (IV, as many as an .xls could have) are not read: no ledger is that wide. */
export const READ_COLUMNS = 256;
/** At most this many cells are kept from one sheet (50,000 rows of 80 columns), blanks between values included. */
export const MAX_CELLS = 4_000_000;

/** A cell holding the n-th shared string, until the shared strings are read. */
class SharedString {
  constructor(readonly index: number) {}
}

type PendingCell = RawCell | SharedString;

export interface WorkbookRow {
  number: number;
  cells: RawCell[];
}

interface PendingRow {
  number: number;
  cells: PendingCell[];
}

export interface WorkbookSheet {
  name: string;
  path: string;
}

/** Thrown by a handler to end the parse of an entry early. */
class StopReading extends Error {}

interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * The most characters the parser may take in without reaching the end of a tag or a text: it keeps an
 * unfinished text, attribute or comment in memory, and no cell holds more than 32,767 characters.
 */
const MAX_TOKEN_CHARS = 4 * 1024 * 1024;

async function parseXml(archive: ZipArchive, path: string, budget: UnpackBudget, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  let sinceEvent = 0;
  parser.on('error', (error) => {
    throw new MalformedWorkbook(error.message);
  });
  parser.on('opentag', (tag) => {
    sinceEvent = 0;
    handlers.open?.(localName(tag.name), tag.attributes);
  });
  parser.on('closetag', (tag) => {
    sinceEvent = 0;
    handlers.close?.(localName(tag.name));
  });
  if (handlers.text) {
    const text = handlers.text;
    const onText = (chunk: string): void => {
      sinceEvent = 0;
      text(chunk);
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
  }
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of archive.read(path, budget)) {
      const text = decoder.write(chunk);
      sinceEvent += text.length;
      parser.write(text);
      if (sinceEvent > MAX_TOKEN_CHARS) throw new MalformedWorkbook('a token too long');
    }
    parser.write(decoder.end());
    parser.close();
  } catch (error) {
    if (error instanceof StopReading) return;
    throw error;
  }
}

/** The workbook's parts as its relationships name them. */
interface WorkbookParts {
  sheets: WorkbookSheet[];
  sharedStrings: string | undefined;
  styles: string | undefined;
  date1904: boolean;
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function relsPath(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

async function relationships(
  archive: ZipArchive,
  part: string,
  budget: UnpackBudget,
): Promise<Map<string, { type: string; target: string }>> {
  const found = new Map<string, { type: string; target: string }>();
  const path = relsPath(part);
  if (!archive.has(path)) return found;
  await parseXml(archive, path, budget, {
    open: (name, attributes) => {
      if (name === 'Relationship' && attributes.Id && attributes.Target && attributes.TargetMode !== 'External')
        found.set(attributes.Id, { type: attributes.Type ?? '', target: resolvePart(part, attributes.Target) });
    },
  });
  return found;
}

async function workbookParts(archive: ZipArchive, budget: UnpackBudget): Promise<WorkbookParts> {
  const root = await relationships(archive, '', budget);
  const workbook = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!archive.has(workbook)) throw new MalformedWorkbook('no workbook');
  const rels = await relationships(archive, workbook, budget);
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  await parseXml(archive, workbook, budget, {
    open: (name, attributes) => {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const id = Object.entries(attributes).find(([key]) => localName(key) === 'id')?.[1];
      const rel = id === undefined ? undefined : rels.get(id);
      if (rel && rel.type.endsWith('/worksheet') && archive.has(rel.target)) sheets.push({ name: attributes.name ?? '', path: rel.target });
    },
  });
  const partOf = (type: string, fallback: string): string | undefined => {
    const target = [...rels.values()].find((r) => r.type.endsWith(type))?.target ?? fallback;
    return archive.has(target) ? target : undefined;
  };
  return { sheets, sharedStrings: partOf('/sharedStrings', 'xl/sharedStrings.xml'), styles: partOf('/styles', 'xl/styles.xml'), date1904 };
}

/** Built-in number formats that show a date or a time (Japanese era formats included). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** exceljs's rule: a format is a date format when, outside quotes and brackets, it has y, m, d, h, s or b. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (the `s` of a cell), whether it shows a number as a date. */
async function dateStyles(archive: ZipArchive, path: string | undefined, budget: UnpackBudget): Promise<boolean[]> {
  if (!path) return [];
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await parseXml(archive, path, budget, {
    open: (name, attributes) => {
      if (name === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(attributes.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') throw new StopReading();
    },
  });
  return formats.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATE_FORMATS.has(id)));
}

/** A serial day number as a date, as exceljs converts it. */
function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** "AB12" → 27 (0-based column of a cell reference). */
function columnOf(reference: string): number | undefined {
  const letters = /^[A-Za-z]{1,3}/.exec(reference)?.[0];
  if (!letters) return undefined;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column - 1;
}

/** Columns past XFD do not exist; a reference beyond is a broken file, not a reason to allocate. */
const MAX_COLUMNS = 16384;

/**
 * Reads the rows of one sheet that hold a value, until `stopAfter` of them: the rows, and whether the
 * sheet had more.
 */
async function sheetRows(
  archive: ZipArchive,
  sheet: WorkbookSheet,
  budget: UnpackBudget,
  stopAfter: number,
  dates: boolean[],
  date1904: boolean,
  kept: KeptText,
): Promise<{ rows: PendingRow[]; more: boolean }> {
  const rows: PendingRow[] = [];
  let more = false;
  let cellsKept = 0;
  let row: PendingRow | undefined;
  let rowNumber = 0;
  let cell: { column: number; type: string; style: number; value: string | undefined; inline: string | undefined } | undefined;
  let nextColumn = 0;
  let reading: 'v' | 't' | undefined;
  let phonetic = 0;

  const valueOf = (c: NonNullable<typeof cell>): PendingCell => {
    const { type, value } = c;
    if (type === 'inlineStr') return c.inline ?? value ?? null;
    if (value === undefined) return null;
    switch (type) {
      case 's': {
        const index = Number(value);
        if (!Number.isInteger(index) || index < 0) throw new MalformedWorkbook('bad shared string index');
        return new SharedString(index);
      }
      case 'str':
        return value;
      case 'b':
        return parseInt(value, 10) !== 0;
      case 'e':
        return new CellError(value);
      case 'd': {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : date;
      }
      default: {
        const number = parseFloat(value);
        if (Number.isNaN(number)) return value;
        return dates[c.style] ? excelToDate(number, date1904) : number;
      }
    }
  };

  await parseXml(archive, sheet.path, budget, {
    open: (name, attributes) => {
      switch (name) {
        case 'row': {
          const number = attributes.r !== undefined ? Number(attributes.r) : rowNumber + 1;
          rowNumber = Number.isInteger(number) && number > 0 ? number : rowNumber + 1;
          row = { number: rowNumber, cells: [] };
          nextColumn = 0;
          break;
        }
        case 'c': {
          const column = attributes.r !== undefined ? (columnOf(attributes.r) ?? nextColumn) : nextColumn;
          if (column >= MAX_COLUMNS) throw new MalformedWorkbook('column past XFD');
          cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: undefined, inline: undefined };
          nextColumn = column + 1;
          break;
        }
        case 'v':
          if (cell) reading = 'v';
          break;
        case 't':
          if (cell && phonetic === 0) reading = 't';
          break;
        case 'rPh':
          phonetic++;
          break;
        default:
          break;
      }
    },
    text: (text) => {
      if (!cell || reading === undefined) return;
      if (reading === 'v') cell.value = (cell.value ?? '') + text;
      else cell.inline = (cell.inline ?? '') + text;
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 't':
          reading = undefined;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (cell && row && cell.column < READ_COLUMNS) {
            const value = valueOf(cell);
            if (value !== null) {
              if (typeof value === 'string') kept.keep(value);
              cellsKept += Math.max(cell.column + 1 - row.cells.length, 0);
              if (cellsKept > MAX_CELLS) throw new TooManyCells();
              while (row.cells.length < cell.column) row.cells.push(null);
              row.cells[cell.column] = value;
            }
          }
          cell = undefined;
          break;
        case 'row':
          if (row && row.cells.length > 0) {
            if (rows.length === stopAfter) {
              more = true;
              throw new StopReading();
            }
            rows.push(row);
          }
          row = undefined;
          break;
        case 'sheetData':
          throw new StopReading();
        default:
          break;
      }
    },
  });
  return { rows, more };
}

/** The shared strings at the given indices (the others are read past, not kept). */
async function sharedStrings(
  archive: ZipArchive,
  path: string | undefined,
  wanted: Set<number>,
  budget: UnpackBudget,
  kept: KeptText,
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (!path || wanted.size === 0) return found;
  let last = 0;
  for (const wantedIndex of wanted) last = Math.max(last, wantedIndex);
  let index = -1;
  let text: string | undefined;
  let inText = false;
  let phonetic = 0;
  await parseXml(archive, path, budget, {
    open: (name) => {
      if (name === 'si') {
        index++;
        text = wanted.has(index) ? '' : undefined;
      } else if (name === 't' && phonetic === 0) inText = true;
      else if (name === 'rPh') phonetic++;
    },
    text: (chunk) => {
      if (inText && text !== undefined) text += chunk;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        if (text !== undefined) {
          kept.keep(text);
          found.set(index, text);
        }
        text = undefined;
        if (index >= last) throw new StopReading();
      }
    },
  });
  return found;
}

function resolveRows(rows: PendingRow[], strings: Map<number, string>): WorkbookRow[] {
  return rows.map((row) => ({
    number: row.number,
    cells: row.cells.map((cell) => {
      if (!(cell instanceof SharedString)) return cell;
      const text = strings.get(cell.index);
      if (text === undefined) throw new MalformedWorkbook(`shared string ${cell.index} missing`);
      return text;
    }),
  }));
}

function sharedIndices(rows: PendingRow[], into = new Set<number>()): Set<number> {
  for (const row of rows) for (const cell of row.cells) if (cell instanceof SharedString) into.add(cell.index);
  return into;
}

export interface WorkbookRows {
  rows: WorkbookRow[];
  /** The sheet had more rows holding a value than `maxRows`; only `maxRows` were read. */
  more: boolean;
}

/**
 * The rows of the first sheet whose first row passes `isHeader` (or of the first sheet, when none
 * does), at most `maxRows` of them. Every byte inflated counts against `budget`.
 */
export async function readWorkbookRows(
  bytes: Buffer,
  isHeader: (cells: RawCell[]) => boolean,
  maxRows: number,
  budget: UnpackBudget,
): Promise<WorkbookRows> {
  const archive = new ZipArchive(bytes);
  const parts = await workbookParts(archive, budget);
  if (parts.sheets.length === 0) throw new MalformedWorkbook('no sheet');
  const dates = await dateStyles(archive, parts.styles, budget);
  const firstRows: PendingRow[][] = [];
  for (const sheet of parts.sheets)
    firstRows.push((await sheetRows(archive, sheet, budget, 1, dates, parts.date1904, new KeptText())).rows);
  const headerStrings = await sharedStrings(archive, parts.sharedStrings, sharedIndices(firstRows.flat()), budget, new KeptText());
  const fitting = firstRows.findIndex((rows) => rows.length > 0 && isHeader(resolveRows(rows, headerStrings)[0].cells));
  const sheet = parts.sheets[Math.max(fitting, 0)];
  const kept = new KeptText();
  const { rows, more } = await sheetRows(archive, sheet, budget, maxRows, dates, parts.date1904, kept);
  const strings = await sharedStrings(archive, parts.sharedStrings, sharedIndices(rows), budget, kept);
  return { rows: resolveRows(rows, strings), more };
}
