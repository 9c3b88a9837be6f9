import { Workbook } from 'exceljs';
import { CellError } from './cell-values';
import { LEDGERS } from './ledger-columns';
import { deflateRawSync } from 'node:zlib';
import { headerKey, layoutOf, MAX_IMPORT_ROWS, readSheet, SheetRow, unpackedSize } from './ledger-sheet';

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
  it('reads formulas as their values, rich text and hyperlinks as their text, error values as errors, dates in date formats', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('台帳');
    sheet.addRow(['委託契約名', '契約番号', '契約開始日', '契約終了日', '個人情報', '備考', '完全性']);
    sheet.addRow([
      { richText: [{ text: '委託' }, { text: '契約' }] },
      { formula: '"C-"&1', result: 'C-1' },
      new Date(Date.UTC(2026, 3, 1)),
      46477,
      true,
      { text: 'リンク', hyperlink: 'https://example.jp' },
      { error: '#N/A' },
    ]);
    sheet.addRow([null, { formula: 'NOW()', result: undefined }, null, null, false, null, { formula: '1+1', result: 2 }]);
    sheet.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
    const read = await readSheet(Buffer.from(await book.xlsx.writeBuffer()), contracts);
    expect(read).toEqual([
      { number: 1, cells: ['委託契約名', '契約番号', '契約開始日', '契約終了日', '個人情報', '備考', '完全性'] },
      {
        number: 2,
        cells: ['委託契約', 'C-1', new Date(Date.UTC(2026, 3, 1)), new Date(Date.UTC(2027, 2, 31)), true, 'リンク', new CellError('#N/A')],
      },
      { number: 3, cells: [null, null, null, null, false, null, 2] },
    ]);
  });

  it('refuses a sheet with more rows than an import takes, reading no further', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('台帳');
    sheet.addRow(['委託契約名']);
    for (let i = 0; i <= MAX_IMPORT_ROWS + 1; i++) sheet.addRow([`業務${i}`]);
    await expect(readSheet(Buffer.from(await book.xlsx.writeBuffer()), contracts)).rejects.toThrow(
      '一度に取り込めるのは50,000行までです（50,000行を超えています）。',
    );
    const csv = ['委託契約名', ...Array.from({ length: MAX_IMPORT_ROWS + 2 }, (_, i) => `業務${i}`)].join('\r\n');
    await expect(readSheet(Buffer.from(csv), contracts)).rejects.toThrow('（50,000行を超えています）');
    const fits = ['委託契約名', ...Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `業務${i}`), ',,', ''].join('\r\n');
    expect(layoutOf(await readSheet(Buffer.from(fits), contracts), contracts).rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('reads no cell right of column IV, and refuses a sheet of more than 4,000,000 cells', async () => {
    const wide = new Workbook();
    const sheet = wide.addWorksheet('台帳');
    sheet.addRow(['委託契約名']);
    sheet.getCell('IV1').value = '列256';
    sheet.getCell('IW1').value = '列257';
    sheet.addRow(['業務']);
    expect(await readSheet(Buffer.from(await wide.xlsx.writeBuffer()), contracts)).toEqual([
      { number: 1, cells: ['委託契約名', ...Array<null>(254).fill(null), '列256'] },
      { number: 2, cells: ['業務'] },
    ]);
    const many = new Workbook();
    const rows = many.addWorksheet('台帳');
    rows.addRow(['委託契約名']);
    for (let i = 0; i < 20_000; i++) rows.getCell(i + 2, 201).value = 'x';
    await expect(readSheet(Buffer.from(await many.xlsx.writeBuffer()), contracts)).rejects.toThrow(
      'セルが多すぎます（上限 4,000,000 セル）。',
    );
    const csv = ['委託契約名', ...Array.from({ length: 20_000 }, () => `${','.repeat(200)}x`)].join('\n');
    await expect(readSheet(Buffer.from(csv), contracts)).rejects.toThrow('セルが多すぎます（上限 4,000,000 セル）。');
    const wideCsv = await readSheet(Buffer.from(`委託契約名${','.repeat(300)}\n業務\n`), contracts);
    expect(wideCsv.map((row) => row.cells.length)).toEqual([256, 1]);
  });

  it('refuses a sheet whose kept texts hold more than 32 Mi characters', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('台帳');
    sheet.addRow(['委託契約名']);
    for (let i = 0; i < 17; i++) sheet.addRow([`${i}`.padEnd(2_000_000, 'あ')]);
    await expect(readSheet(Buffer.from(await book.xlsx.writeBuffer()), contracts)).rejects.toThrow(
      '文字が多すぎます（上限 33,554,432 文字）。',
    );
  });

  it('stops inflating an entry that unpacks past the limit, whatever its size says', async () => {
    const book = new Workbook();
    book.addWorksheet('台帳').addRow(['委託契約名']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    // The sheet's entry replaced by 300 MiB of valid XML without a row, declared as 1 KiB.
    const filler = Buffer.from(`<x/>${' '.repeat(4092)}`.repeat(256));
    const bomb = deflateRawSync(
      Buffer.concat([Buffer.from('<worksheet><sheetData>'), ...Array<Buffer>(300).fill(filler), Buffer.from('</sheetData></worksheet>')]),
    );
    await expect(readSheet(withEntry(bytes, 'xl/worksheets/sheet1.xml', bomb, 1024), contracts)).rejects.toThrow(
      '展開後のサイズが上限（256 MiB）を超えます。',
    );
  });

  it('refuses a text, attribute or comment of more than 4 Mi characters, which the parser would have to keep', async () => {
    const book = new Workbook();
    book.addWorksheet('台帳').addRow(['委託契約名']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const long = deflateRawSync(Buffer.from(`<worksheet><sheetData><!--${'-'.repeat(5 * 1024 * 1024)}`));
    await expect(readSheet(withEntry(bytes, 'xl/worksheets/sheet1.xml', long, 1024), contracts)).rejects.toThrow('.xlsx として開けません');
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

/** The zip with one entry's data replaced (deflated bytes, declared size as given), rebuilt as a stored layout. */
function withEntry(zip: Buffer, name: string, deflated: Buffer, declaredSize: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = entryName === name ? deflated : zip.subarray(start, start + zip.readUInt32LE(at + 20));
    const size = entryName === name ? declaredSize : zip.readUInt32LE(at + 24);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(zip.readUInt16LE(at + 10), 8);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(nameLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(zip.readUInt16LE(at + 10), 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameLength, 28);
    central.writeUInt32LE(offset, 42);
    const nameBytes = Buffer.from(entryName);
    locals.push(header, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameLength + data.length;
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(centrals.length / 2, 8);
  eocd.writeUInt16LE(centrals.length / 2, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, eocd]);
}
