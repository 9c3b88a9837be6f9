import { Workbook } from 'exceljs';
import { CellError } from './cell-values';
import { LEDGERS } from './ledger-columns';
import { headerKey, layoutOf, rawOf, readSheet, SheetRow, unpackedSize } from './ledger-sheet';

const contracts = LEDGERS['outsourcing-contracts'];
const rows = (...cells: (string | null)[][]): SheetRow[] => cells.map((c, i) => ({ number: i + 1, cells: c }));

describe('finding the columns of a ledger file', () => {
  it('matches Japanese and English headers, width and case folded, and passes over unknown columns', () => {
    const layout = layoutOf(
      rows(['委託契約名', '備考', 'ＣＯＮＴＲＡＣＴＮＵＭＢＥＲ', '機密性（必須）', '契約終了日（和暦）'], ['x', 'y', 'C-1', '1', null]),
      contracts,
    );
    expect(layout.columns.map((c) => [c.index, c.header, c.column.field])).toEqual([
      [0, '委託契約名', 'name'],
      [2, 'ＣＯＮＴＲＡＣＴＮＵＭＢＥＲ', 'contractNumber'],
      [3, '機密性（必須）', 'confidentiality'],
    ]);
    expect(layout.rows.map((r) => r.number)).toEqual([2]);
  });

  it('takes a second row of English field names as a header row, and skips blank rows', () => {
    const layout = layoutOf(rows(['委託契約名', '契約番号'], ['name', 'contractNumber'], [null, ''], ['業務', 'C-1']), contracts);
    expect(layout.rows.map((r) => r.number)).toEqual([4]);
  });

  it('reads a data row that merely mentions a field name as data', () => {
    const layout = layoutOf(rows(['委託契約名', '契約番号'], ['name', 'C-1']), contracts);
    expect(layout.rows.map((r) => r.number)).toEqual([2]);
  });

  it('refuses a file without the ledger headers, or with a column twice', () => {
    expect(() => layoutOf(rows(['氏名', '住所'], ['a', 'b']), contracts)).toThrow(/見出し/);
    expect(() => layoutOf(rows(['契約番号', 'contractNumber']), contracts)).toThrow(/2回/);
  });

  it('folds headers', () => {
    expect(headerKey(' 契約 番号 * ')).toBe('契約番号');
    expect(headerKey('ContractNumber')).toBe('contractnumber');
  });
});

describe('reading .xlsx cells', () => {
  it('reads formulas as their values, rich text as its text, and error values as errors', () => {
    expect(rawOf({ formula: '1+1', result: 2 })).toBe(2);
    expect(rawOf({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(rawOf({ formula: 'NOW()', result: undefined })).toBeNull();
    expect(rawOf({ richText: [{ text: '委託' }, { text: '契約' }] })).toBe('委託契約');
    expect(rawOf({ text: 'リンク', hyperlink: 'https://example.jp' })).toBe('リンク');
    expect(rawOf({ error: '#N/A' })).toEqual(new CellError('#N/A'));
  });

  it('reads a workbook and declares its unpacked size', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('メモ');
    sheet.addRow(['関係ない']);
    const ledger = book.addWorksheet('台帳');
    ledger.addRow(['委託契約名', '契約番号', '契約開始日']);
    ledger.addRow(['業務', { formula: '"C-"&1', result: 'C-1' }, new Date(Date.UTC(2026, 3, 1))]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(unpackedSize(bytes)).toBeGreaterThan(bytes.length);
    const read = await readSheet(bytes, contracts);
    expect(read).toEqual([
      { number: 1, cells: ['委託契約名', '契約番号', '契約開始日'] },
      { number: 2, cells: ['業務', 'C-1', new Date(Date.UTC(2026, 3, 1))] },
    ]);
  });

  it('refuses what is not a spreadsheet', async () => {
    await expect(readSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), contracts)).rejects.toThrow(/xls/);
    await expect(readSheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), contracts)).rejects.toThrow(/xlsx/);
    await expect(readSheet(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), contracts)).rejects.toThrow(/テキスト/);
    expect(unpackedSize(Buffer.from('PK not really a zip'))).toBeNull();
  });
});
