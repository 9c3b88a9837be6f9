import { createReadStream, createWriteStream } from 'node:fs';
import { FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, Gzip } from 'node:zlib';

/**
 * A gzip'd tar archive (POSIX ustar), the backup format: `tar -tzf backup.tar.gz` lists it and any tar
 * unpacks it. Only what a database cluster holds: regular files and directories.
 */
const BLOCK = 512;

export class TarWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;

  constructor(file: string) {
    this.gzip = createGzip({ level: 6 });
    this.done = pipeline(this.gzip, createWriteStream(file, { mode: 0o600 }));
  }

  async directory(name: string, mode = 0o700): Promise<void> {
    await this.write(header(name.endsWith('/') ? name : `${name}/`, 0, mode, '5'));
  }

  async text(name: string, content: string, mode = 0o600): Promise<void> {
    await this.bytes(name, Buffer.from(content, 'utf8'), mode);
  }

  async bytes(name: string, content: Buffer, mode = 0o600): Promise<void> {
    await this.write(header(name, content.length, mode, '0'));
    await this.write(content);
    await this.pad(content.length);
  }

  /**
   * A file that may be changing or going away while it is read (a running server's): exactly the size it
   * had when opened is stored, padded with zeros if it shrank, which replaying the WAL repairs. Returns
   * false when the file was gone before it could be opened.
   */
  async file(name: string, path: string): Promise<boolean> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    try {
      const stat = await handle.stat();
      const size = stat.size;
      await this.write(header(name, size, stat.mode & 0o7777, '0'));
      const chunk = Buffer.alloc(1024 * 1024);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - done), done);
        if (bytesRead === 0) {
          await this.write(Buffer.alloc(size - done));
          done = size;
          break;
        }
        await this.write(Buffer.from(chunk.subarray(0, bytesRead)));
        done += bytesRead;
      }
      await this.pad(size);
      return true;
    } finally {
      await handle.close();
    }
  }

  /** The two zero blocks that end a tar archive, then the gzip trailer. */
  async close(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await this.done;
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  private write(chunk: Buffer): Promise<void> {
    if (this.gzip.write(chunk)) return Promise.resolve();
    return new Promise((drained) => this.gzip.once('drain', () => drained()));
  }
}

function header(name: string, size: number, mode: number, type: '0' | '5'): Buffer {
  const block = Buffer.alloc(BLOCK);
  let path = name;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    // ustar: a long path is split at a slash into a prefix (155 bytes) and a name (100 bytes).
    const cut = path.lastIndexOf('/', path.length - 2);
    prefix = path.slice(0, cut);
    path = path.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(path) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long for the archive: ${name}`);
  }
  block.write(path, 0, 100, 'utf8');
  block.write(octal(mode, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
}

/**
 * Unpacks a gzip'd tar archive into `target` (which it creates). Refuses paths that leave `target`,
 * links and other special entries, and an archive that stops in the middle.
 */
export async function extractTar(file: string, target: string): Promise<TarEntry[]> {
  await mkdir(target, { recursive: true, mode: 0o700 });
  const entries: TarEntry[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let current: { handle: FileHandle; left: number; padding: number } | undefined;
  let ended = false;

  const consume = async (): Promise<void> => {
    while (!ended) {
      if (current) {
        if (current.left > 0) {
          if (buffer.length === 0) return;
          const take = buffer.subarray(0, Math.min(buffer.length, current.left));
          buffer = buffer.subarray(take.length);
          current.left -= take.length;
          await current.handle.write(take);
          if (current.left > 0) return;
        }
        if (buffer.length < current.padding) return;
        buffer = buffer.subarray(current.padding);
        await current.handle.close();
        current = undefined;
      }
      if (buffer.length < BLOCK) return;
      const block = buffer.subarray(0, BLOCK);
      buffer = buffer.subarray(BLOCK);
      if (block.every((byte) => byte === 0)) {
        ended = true;
        return;
      }
      const entry = readHeader(block);
      entries.push(entry);
      const path = inside(target, entry.name);
      if (entry.type === 'directory') {
        await mkdir(path, { recursive: true, mode: entry.mode || 0o700 });
        continue;
      }
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const padding = entry.size % BLOCK ? BLOCK - (entry.size % BLOCK) : 0;
      current = { handle: await open(path, 'w', entry.mode || 0o600), left: entry.size, padding };
    }
  };

  await pipeline(
    createReadStream(file),
    createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        consume().then(() => callback(), callback);
      },
    }),
  );
  if (current || !ended) throw new Error(`${file} ends in the middle of the archive: it is incomplete`);
  return entries;
}

function readHeader(block: Buffer): TarEntry {
  const text = (start: number, length: number): string => block.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  if (!block.toString('ascii', 257, 262).startsWith('ustar')) throw new Error('not a tar archive');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  if (sum !== parseInt(text(148, 8).trim(), 8)) throw new Error('the archive is damaged (a header checksum does not match)');
  const prefix = text(345, 155);
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
  const type = text(156, 1) || '0';
  if (type !== '0' && type !== '5') throw new Error(`unexpected entry in the archive: ${name} (type ${type})`);
  return {
    name: name.replace(/\/$/, ''),
    type: type === '5' ? 'directory' : 'file',
    mode: parseInt(text(100, 8).trim() || '0', 8),
    size: parseInt(text(124, 12).trim() || '0', 8),
  };
}

function inside(target: string, name: string): string {
  const path = normalize(join(target, name));
  if (!path.startsWith(normalize(target) + sep)) throw new Error(`the archive names a path outside its folder: ${name}`);
  return path;
}
