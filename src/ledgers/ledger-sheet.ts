import { badField } from '../common/errors';
import { cellText, RawCell } from './cell-values';
import { eachCsvRow, MalformedCsv, separatorOf } from './csv';
import { exportColumns, LedgerColumn, LedgerDefinition } from './ledger-columns';
import { decodeText, UndecodableText } from './text-encoding';
import { MalformedWorkbook, MAX_CELLS, MAX_TEXT_CHARS, READ_COLUMNS, readWorkbookRows, TooManyCells, TooMuchText } from './xlsx-rows';
import { BrokenZip, UnpackBudget, UnpackedTooLarge } from './zip-entries';

/** A row of the uploaded sheet: its number as the spreadsheet shows it (the first row is 1) and its cells from column A on. */
export interface SheetRow {
  number: number;
  cells: RawCell[];
}

/** At most this many data rows in one import. */
export const MAX_IMPORT_ROWS = 50_000;
/** An .xlsx is a zip: reading stops when it has unpacked this much (a zip bomb is no spreadsheet). */
export const MAX_UNPACKED_MIB = 256;
const MAX_UNPACKED_BYTES = MAX_UNPACKED_MIB * 1024 * 1024;
/** Rows holding a value that are read at most: the data rows, the header row and a row of field names. */
const MAX_READ_ROWS = MAX_IMPORT_ROWS + 2;

const notASpreadsheet = (why: string): Error => badField('file', `表計算のファイル（.xlsx 又は CSV）として読めません: ${why}`);

const tooManyRows = (count: string): Error =>
  badField('file', `一度に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです（${count}）。`);

const tooManyCells = (): Error =>
  badField('file', `セルが多すぎます（上限 ${MAX_CELLS.toLocaleString('ja-JP')} セル）。台帳の列だけを残してください。`);

const unpackedTooLarge = (): Error => notASpreadsheet(`展開後のサイズが上限（${MAX_UNPACKED_MIB} MiB）を超えます。`);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * The rows of the uploaded file, whatever it is: an .xlsx (its first sheet whose header row names a
 * column of this ledger) or a CSV in UTF-8 or Shift_JIS. Anything else is BAD_USER_INPUT. The rows are
 * counted as they are read: a file with more rows than an import takes is refused at the first row
 * too many, without the rest being read.
 */
export async function readSheet(bytes: Buffer, definition: LedgerDefinition): Promise<SheetRow[]> {
  if (bytes.length === 0) throw notASpreadsheet('ファイルが空です。');
  if (startsWith(bytes, ZIP)) return readWorkbook(bytes, definition);
  if (startsWith(bytes, OLE)) throw notASpreadsheet('旧形式（.xls）は読めません。.xlsx 又は CSV で保存し直してください。');
  if (bytes.subarray(0, 8192).includes(0) && !startsWith(bytes, [0xff, 0xfe])) throw notASpreadsheet('テキストではないファイルです。');
  let text: string;
  try {
    text = decodeText(bytes).text;
  } catch (error) {
    if (error instanceof UndecodableText) throw notASpreadsheet('文字コードが UTF-8 でも Shift_JIS でもありません。');
    throw error;
  }
  const rows: SheetRow[] = [];
  let number = 0;
  let more = false;
  let cellsKept = 0;
  try {
    eachCsvRow(
      text,
      separatorOf(text),
      (cells) => {
        number++;
        // Blank lines are no rows of the ledger (layoutOf skips them): they are neither kept nor counted.
        if (cells.every((cell) => cell.trim() === '')) return true;
        if (rows.length === MAX_READ_ROWS) {
          more = true;
          return false;
        }
        rows.push({ number, cells });
        cellsKept += cells.length;
        if (cellsKept > MAX_CELLS) throw new TooManyCells();
        return true;
      },
      READ_COLUMNS,
    );
  } catch (error) {
    if (error instanceof MalformedCsv) throw notASpreadsheet('引用符（"）で始まる項目が閉じられていません。');
    if (error instanceof TooManyCells) throw tooManyCells();
    throw error;
  }
  if (more) throw tooManyRows(`${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行を超えています`);
  return rows;
}

async function readWorkbook(bytes: Buffer, definition: LedgerDefinition): Promise<SheetRow[]> {
  const declared = unpackedSize(bytes);
  if (declared === null) throw notASpreadsheet('壊れた .xlsx ファイルです。');
  if (declared > MAX_UNPACKED_BYTES) throw unpackedTooLarge();
  try {
    const { rows, more } = await readWorkbookRows(
      bytes,
      (cells) => headerMatches(cells, definition) > 0,
      MAX_READ_ROWS,
      new UnpackBudget(MAX_UNPACKED_BYTES),
    );
    if (more) throw tooManyRows(`${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行を超えています`);
    return rows;
  } catch (error) {
    if (error instanceof UnpackedTooLarge) throw unpackedTooLarge();
    if (error instanceof TooManyCells) throw tooManyCells();
    if (error instanceof TooMuchText)
      throw badField('file', `文字が多すぎます（上限 ${MAX_TEXT_CHARS.toLocaleString('ja-JP')} 文字）。台帳の列だけを残してください。`);
    if (error instanceof MalformedWorkbook || error instanceof BrokenZip) throw notASpreadsheet('.xlsx として開けません。');
    throw error;
  }
}

/**
 * The total unpacked size the zip's central directory declares, or null for a zip that is not one.
 * Read before the workbook is opened, so that a small file that unpacks to gigabytes is refused.
 */
export function unpackedSize(bytes: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL) return null;
    const size = bytes.readUInt32LE(offset + 24);
    // ZIP64 sizes (0xFFFFFFFF here) are larger than any ledger.
    if (size === 0xffffffff) return Number.MAX_SAFE_INTEGER;
    total += size;
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return total;
}

/** How headers are compared: width, case, blanks and a required-marker folded away. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[(（]必須[)）]|[*※]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

interface KnownHeaders {
  byHeader: Map<string, LedgerColumn | null>;
  byField: Map<string, LedgerColumn | null>;
}

/** Every header this ledger knows: its columns (null for the columns export adds, which import passes over). */
function knownHeaders(definition: LedgerDefinition): KnownHeaders {
  const byHeader = new Map<string, LedgerColumn | null>();
  const byField = new Map<string, LedgerColumn | null>();
  for (const { header, field, column } of exportColumns(definition)) {
    byHeader.set(headerKey(header), column ?? null);
    byHeader.set(headerKey(field), column ?? null);
    byField.set(headerKey(field), column ?? null);
  }
  return { byHeader, byField };
}

function headerMatches(cells: RawCell[], definition: LedgerDefinition): number {
  const { byHeader } = knownHeaders(definition);
  return cells.filter((cell) => {
    const text = cellText(cell);
    return text !== undefined && byHeader.get(headerKey(text));
  }).length;
}

export interface SheetLayout {
  /** The ledger column each spreadsheet column holds, with the header as written in the file. */
  columns: { index: number; header: string; column: LedgerColumn }[];
  /** The data rows (after the header row and the optional field-name row), blank rows left out. */
  rows: SheetRow[];
}

/**
 * Finds the columns by header: the first row is the header row (Japanese or English names); a
 * second row that holds only English field names (as the template writes it) is a header row too.
 */
export function layoutOf(sheet: SheetRow[], definition: LedgerDefinition): SheetLayout {
  const known = knownHeaders(definition);
  const nonBlank = sheet.filter((row) => row.cells.some((cell) => cellText(cell) !== undefined));
  const [headerRow, second] = nonBlank;
  if (!headerRow || headerMatches(headerRow.cells, definition) === 0) {
    throw badField('file', `1行目に${definition.title}の見出し（${definition.columns.map((c) => c.header).join('、')}）が見つかりません。`);
  }
  const secondTexts = second ? second.cells.map((cell) => cellText(cell)).filter((text): text is string => text !== undefined) : [];
  const fieldRow = secondTexts.length > 0 && secondTexts.every((text) => known.byField.has(headerKey(text))) ? second : undefined;

  const columns: SheetLayout['columns'] = [];
  const width = Math.max(headerRow.cells.length, fieldRow?.cells.length ?? 0);
  for (let index = 0; index < width; index++) {
    const header = cellText(headerRow.cells[index] ?? null);
    const field = fieldRow ? cellText(fieldRow.cells[index] ?? null) : undefined;
    const column =
      (header !== undefined ? known.byHeader.get(headerKey(header)) : undefined) ??
      (field !== undefined ? known.byField.get(headerKey(field)) : undefined);
    if (!column) continue;
    const twice = columns.find((c) => c.column === column);
    if (twice) throw badField('file', `列「${column.header}」が2回あります（「${twice.header}」と「${header ?? field}」）。`);
    columns.push({ index, header: header ?? field ?? column.header, column });
  }
  const dataStart = nonBlank.indexOf(fieldRow ?? headerRow) + 1;
  const rows = nonBlank.slice(dataStart);
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows(`${rows.length.toLocaleString('ja-JP')}行あります`);
  return { columns, rows };
}
