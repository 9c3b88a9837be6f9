import { createDeflateRaw, crc32 } from 'node:zlib';

/**
 * Builds .xlsx files too large to build with a spreadsheet library: the sheet's XML is written as a
 * stream into a deflater, so the file of 1,048,576 rows (Excel's most) is about 5 MB and never exists
 * unpacked. Used by the bench and by test/upload-limits.e2e-spec.ts; nothing big is committed.
 */

interface Entry {
  name: string;
  compressed: Buffer;
  crc: number;
  size: number;
  /** What the central directory says the entry unpacks to (a zip bomb lies here). */
  declaredSize: number;
}

async function deflated(name: string, parts: Iterable<string | Buffer>, declaredSize?: number): Promise<Entry> {
  const deflater = createDeflateRaw({ level: 6 });
  const chunks: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    const block = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    crc = crc32(block, crc);
    size += block.length;
    if (!deflater.write(block)) await new Promise((resolve) => deflater.once('drain', resolve));
  };
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= 1 << 20) await flush();
  }
  await flush();
  deflater.end();
  await done;
  return { name, compressed: Buffer.concat(chunks), crc, size, declaredSize: declaredSize ?? size };
}

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.compressed.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.compressed.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + entry.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around a sheet entry given as a stream of XML pieces. */
async function workbook(sheet: Iterable<string | Buffer>, strings: string[], sheetDeclaredSize?: number): Promise<Buffer> {
  return zip([
    await deflated('[Content_Types].xml', [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ]),
    await deflated('_rels/.rels', [
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ]),
    await deflated('xl/workbook.xml', [
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="台帳" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ]),
    await deflated('xl/_rels/workbook.xml.rels', [
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ]),
    await deflated('xl/sharedStrings.xml', [
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">`,
      ...strings.map((s) => `<si><t>${escape(s)}</t></si>`),
      '</sst>',
    ]),
    await deflated('xl/worksheets/sheet1.xml', sheet, sheetDeclaredSize),
  ]);
}

/** Excel's most rows in one sheet. */
export const EXCEL_MAX_ROWS = 1_048_576;

function* socialMediaRows(rows: number): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
  // The header row: 名称, プラットフォーム, アカウント名, URL, 利用目的 (shared strings 0–4).
  yield `<row r="1">${['A', 'B', 'C', 'D', 'E'].map((column, i) => `<c r="${column}1" t="s"><v>${i}</v></c>`).join('')}</row>`;
  let block = '';
  for (let n = 2; n <= rows; n++) {
    // Cells without a reference (they follow on from column A, as the format allows), every text but the
    // account name shared: the file is about 6 MB, as small as such a file saved by a spreadsheet program.
    block += `<row r="${n}"><c t="s"><v>5</v></c><c t="s"><v>6</v></c><c t="inlineStr"><is><t>@a${n}</t></is></c><c t="s"><v>7</v></c><c t="s"><v>8</v></c></row>`;
    if (block.length > 500_000) {
      yield block;
      block = '';
    }
  }
  yield `${block}</sheetData></worksheet>`;
}

/** A social-media-account ledger of `rows` rows (the header row included), every data row a valid account. */
export function socialMediaLedger(rows: number = EXCEL_MAX_ROWS): Promise<Buffer> {
  return workbook(socialMediaRows(rows), [
    '名称',
    'プラットフォーム',
    'アカウント名',
    'URL',
    '利用目的',
    '広報用アカウント',
    'YouTube',
    'https://example.jp/',
    '広報',
  ]);
}

/**
 * A zip bomb dressed as a ledger: a header row, then `mebibytes` MiB of valid XML without a row, in a
 * sheet entry whose central directory declares 10 KiB.
 */
export function inflatingLedger(mebibytes: number): Promise<Buffer> {
  const filler = Buffer.from(`<x/>${' '.repeat(4092)}`.repeat(256));
  function* sheet(): Generator<string | Buffer> {
    yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
    yield '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
    for (let i = 0; i < mebibytes; i++) yield filler;
    yield '</sheetData></worksheet>';
  }
  return workbook(sheet(), ['名称'], 10 * 1024);
}
