import { CellValue as ExcelCellValue, Workbook, Worksheet } from 'exceljs';
import { badField } from '../common/errors';
import { CellError, cellText, RawCell } from './cell-values';
import { MalformedCsv, parseCsv } from './csv';
import { exportColumns, LedgerColumn, LedgerDefinition } from './ledger-columns';
import { decodeText, UndecodableText } from './text-encoding';

/** A row of the uploaded sheet: its number as the spreadsheet shows it (the first row is 1) and its cells from column A on. */
export interface SheetRow {
  number: number;
  cells: RawCell[];
}

/** At most this many data rows in one import. */
export const MAX_IMPORT_ROWS = 50_000;
/** An .xlsx is a zip: refuse one that would unpack to more than this (a zip bomb is no spreadsheet). */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

const notASpreadsheet = (why: string): Error => badField('file', `表計算のファイル（.xlsx 又は CSV）として読めません: ${why}`);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * The rows of the uploaded file, whatever it is: an .xlsx (its first sheet whose header row names a
 * column of this ledger) or a CSV in UTF-8 or Shift_JIS. Anything else is BAD_USER_INPUT.
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
  try {
    return parseCsv(text).map((cells, index) => ({ number: index + 1, cells }));
  } catch (error) {
    if (error instanceof MalformedCsv) throw notASpreadsheet('引用符（"）で始まる項目が閉じられていません。');
    throw error;
  }
}

async function readWorkbook(bytes: Buffer, definition: LedgerDefinition): Promise<SheetRow[]> {
  const unpacked = unpackedSize(bytes);
  if (unpacked === null) throw notASpreadsheet('壊れた .xlsx ファイルです。');
  if (unpacked > MAX_UNPACKED_BYTES) throw notASpreadsheet('展開後のサイズが大きすぎます。');
  const workbook = new Workbook();
  try {
    // exceljs declares its own global `Buffer extends ArrayBuffer`, which Node's Buffer type does not satisfy.
    // Only values are read: drop-down lists are passed over, which exceljs would otherwise expand cell by
    // cell (a list on a whole column is a million entries; the exports' own lists are thousands).
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: ['dataValidations'] });
  } catch {
    throw notASpreadsheet('.xlsx として開けません。');
  }
  const sheets = workbook.worksheets.map((sheet) => rowsOf(sheet));
  if (sheets.length === 0) throw notASpreadsheet('シートがありません。');
  const fitting = sheets.find((rows) => rows.length > 0 && headerMatches(rows[0].cells, definition) > 0);
  return fitting ?? sheets[0];
}

function rowsOf(sheet: Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelCellValue[];
    // row.values is 1-based: index 0 is always empty.
    rows.push({ number, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => rawOf(values[i + 1])) });
  });
  return rows;
}

/** A cell's value as the spreadsheet shows it: a formula by its computed result, rich text by its text. */
export function rawOf(value: ExcelCellValue | undefined): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('error' in value) return new CellError(String(value.error));
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return rawOf(value.result);
  if ('hyperlink' in value) return rawOf(value.text);
  return null;
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
  if (rows.length > MAX_IMPORT_ROWS)
    throw badField(
      'file',
      `一度に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです（${rows.length.toLocaleString('ja-JP')}行あります）。`,
    );
  return { columns, rows };
}
