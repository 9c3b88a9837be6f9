import { createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';

/**
 * The entries of a zip (an .xlsx is one) read from its central directory, and each entry's bytes
 * inflated as a stream against a budget of bytes actually produced: what the zip declares is not
 * believed, so an entry that says 50 MB and inflates to gigabytes is stopped at the budget.
 */
export class BrokenZip extends Error {}

/** The bytes inflated so far ran past the budget. */
export class UnpackedTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes unpacked`);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The budget of unpacked bytes shared by every entry read from one upload. */
export class UnpackBudget {
  private produced = 0;
  constructor(readonly limit: number) {}

  spend(bytes: number): void {
    this.produced += bytes;
    if (this.produced > this.limit) throw new UnpackedTooLarge(this.limit);
  }
}

const partKey = (name: string): string => name.replace(/^\//, '').toLowerCase();

export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>();

  constructor(private readonly bytes: Buffer) {
    let end = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (bytes.readUInt32LE(i) === EOCD) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new BrokenZip('no end of central directory');
    const count = bytes.readUInt16LE(end + 10);
    let offset = bytes.readUInt32LE(end + 16);
    for (let n = 0; n < count; n++) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL) throw new BrokenZip('bad central directory');
      const nameLength = bytes.readUInt16LE(offset + 28);
      const entry: ZipEntry = {
        name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
        method: bytes.readUInt16LE(offset + 10),
        compressedSize: bytes.readUInt32LE(offset + 20),
        localHeaderOffset: bytes.readUInt32LE(offset + 42),
      };
      // ZIP64 (sizes of 0xFFFFFFFF here) is for archives of gigabytes, never a ledger.
      if (entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) throw new BrokenZip('zip64');
      // Part names are case-insensitive in an Office file (OPC), and some writers start them with a slash.
      this.entries.set(partKey(entry.name), entry);
      offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
    }
  }

  has(name: string): boolean {
    return this.entries.has(partKey(name));
  }

  /**
   * The entry's bytes as they inflate, in chunks of at most 64 KiB, each counted against the budget
   * before it is handed on. The consumer may stop at any chunk: the inflater is then destroyed.
   */
  async *read(name: string, budget: UnpackBudget): AsyncGenerator<Buffer> {
    const entry = this.entries.get(partKey(name));
    if (!entry) throw new BrokenZip(`no entry ${name}`);
    const local = entry.localHeaderOffset;
    if (local + 30 > this.bytes.length || this.bytes.readUInt32LE(local) !== LOCAL) throw new BrokenZip('bad local header');
    const start = local + 30 + this.bytes.readUInt16LE(local + 26) + this.bytes.readUInt16LE(local + 28);
    if (start + entry.compressedSize > this.bytes.length) throw new BrokenZip('entry past the end');
    const compressed = this.bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === STORED) {
      for (let at = 0; at < compressed.length; at += 65536) {
        const chunk = compressed.subarray(at, at + 65536);
        budget.spend(chunk.length);
        yield chunk;
      }
      return;
    }
    if (entry.method !== DEFLATED) throw new BrokenZip(`method ${entry.method}`);
    const inflater = createInflateRaw({ chunkSize: 65536 });
    // Fed in slices so that the inflater never runs far ahead of the consumer (it stops at its high-water mark).
    Readable.from(slices(compressed), { objectMode: false }).pipe(inflater);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        budget.spend(chunk.length);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof UnpackedTooLarge) throw error;
      if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) throw new BrokenZip(error.message);
      throw error;
    } finally {
      inflater.destroy();
    }
  }
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += 16384) yield bytes.subarray(at, at + 16384);
}
