import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, lchown, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, embeddedPostgresMajor, EmbeddedServerInfo, INFO_FILE } from './embedded-database';
import { runPendingMigrations } from './migrate';
import { extractTar, TarWriter } from './tar-archive';

/**
 * Backup and restore of the embedded PostgreSQL, with nothing but Node.js: the platform package
 * ships `postgres`, `initdb` and `pg_ctl`, no pg_dump. A backup is an online physical copy of the
 * cluster, taken the way pg_basebackup takes one (PostgreSQL's low-level backup API): the files copied
 * while the server runs, its backup_label, and the WAL written meanwhile, which makes the copy
 * consistent when the server starts on it. The service keeps running while it is taken.
 *
 * The archive is a gzip'd tar: `register-backup.json` (what it is) and `postgres/` (the cluster).
 * Restoring needs the service stopped; it puts the cluster in place (the one it replaces is kept
 * beside it), starts it, and applies the migrations of this release that the backup predates.
 */
export const MANIFEST = 'register-backup.json';
const KIND = 'vendor-risk-register/embedded-postgres';

export interface BackupManifest {
  kind: typeof KIND;
  format: 1;
  createdAt: string;
  /** The cluster's PG_VERSION: a backup starts only on binaries of the same major version. */
  postgresVersion: string;
  /** The credentials the cluster's role has: written back to embedded-postgres.json on restore. */
  server: Omit<EmbeddedServerInfo, 'port'>;
  /** The migrations the database had, oldest first. */
  migrations: string[];
}

/** What lives in the cluster directory but is not copied (as pg_basebackup leaves it out). */
const SKIPPED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'tablespace_map.old',
  'current_logfiles',
  'pg_internal.init',
  'postgresql.auto.conf.tmp',
]);
/** Directories copied empty: their contents are rebuilt at start (and pg_wal is copied after the backup). */
const EMPTIED_DIRECTORIES = new Set([
  'pg_wal',
  'pg_dynshmem',
  'pg_notify',
  'pg_replslot',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/** Writes a backup of the embedded database at `url` (served from `database`'s directory) to `file`. */
export async function backupEmbedded(database: EmbeddedDatabase, url: string, file: string): Promise<BackupManifest> {
  const server = database.serverInfo;
  if (!server) throw new Error('the embedded PostgreSQL is not running for this command');
  const cluster = database.clusterDir;
  const partial = `${file}.partial`;
  await mkdir(dirname(file), { recursive: true });
  const client = new Client({ connectionString: url, application_name: 'vendor-risk-register:backup' });
  await client.connect();
  let archive: TarWriter | undefined;
  let started = false;
  try {
    const migrations = await appliedMigrations(client);
    const { rows: begun } = await client.query<{ lsn: string; segment: string }>(
      `SELECT lsn::text, pg_walfile_name(lsn) AS segment FROM pg_backup_start($1, true) AS lsn`,
      [`vendor-risk-register ${new Date().toISOString()}`],
    );
    started = true;
    const manifest: BackupManifest = {
      kind: KIND,
      format: 1,
      createdAt: new Date().toISOString(),
      postgresVersion: readFileSync(join(cluster, 'PG_VERSION'), 'utf8').trim(),
      server: { user: server.user, password: server.password, database: server.database },
      migrations,
    };
    archive = new TarWriter(partial);
    await archive.text(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    await copyDirectory(archive, cluster, 'postgres', true);

    const { rows: ended } = await client.query<{ segment: string; labelfile: string; spcmapfile: string | null }>(
      `SELECT pg_walfile_name(lsn) AS segment, labelfile, spcmapfile FROM pg_backup_stop(false)`,
    );
    started = false;
    await archive.text('postgres/backup_label', ended[0].labelfile);
    if (ended[0].spcmapfile) await archive.text('postgres/tablespace_map', ended[0].spcmapfile);
    await copyWal(archive, cluster, begun[0].segment, ended[0].segment);
    await archive.close();
    archive = undefined;
    await rename(partial, file);
    return manifest;
  } finally {
    if (started) await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
    await client.end();
    if (archive) {
      await archive.close().catch(() => undefined);
      await rm(partial, { force: true });
    }
  }
}

async function appliedMigrations(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('public.migrations') IS NOT NULL AS exists`);
  if (!rows[0].exists) return [];
  const applied = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY timestamp, id');
  return applied.rows.map((row) => row.name);
}

async function copyDirectory(archive: TarWriter, path: string, name: string, top: boolean): Promise<void> {
  await archive.directory(name, (await stat(path)).mode & 0o7777);
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = join(path, entry.name);
    const childName = `${name}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name.startsWith('pgsql_tmp')) continue;
      if (top && EMPTIED_DIRECTORIES.has(entry.name)) {
        await archive.directory(childName, 0o700);
        if (entry.name === 'pg_wal') await archive.directory(`${childName}/archive_status`, 0o700);
        continue;
      }
      await copyDirectory(archive, child, childName, false);
    } else if (entry.isFile()) {
      if (SKIPPED_FILES.has(entry.name) || entry.name.startsWith('pgsql_tmp')) continue;
      await archive.file(childName, child);
    }
    // Anything else (a socket, a link) is no part of a cluster made by initdb: left out.
  }
}

/**
 * The WAL from the backup's start to its end, which replaying makes the copied files consistent, and
 * the next segment (the end may lie on a boundary); timeline history files with them.
 */
async function copyWal(archive: TarWriter, cluster: string, first: string, last: string): Promise<void> {
  const wal = join(cluster, 'pg_wal');
  const names = (await readdir(wal)).sort();
  const segments = names.filter((name) => WAL_SEGMENT.test(name) && name >= first);
  const through = segments.filter((name) => name <= last);
  const next = segments.find((name) => name > last);
  for (const name of [...through, ...(next ? [next] : []), ...names.filter((name) => name.endsWith('.history'))]) {
    if (!(await archive.file(`postgres/pg_wal/${name}`, join(wal, name))) && through.includes(name)) {
      throw new Error(`the WAL segment ${name} went away during the backup: try again`);
    }
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the cluster that was replaced now is, if there was one. */
  keptAs?: string;
  /** The migrations of this release applied after the restore (the backup predates them). */
  applied: string[];
}

/**
 * Restores a backup into `dataDir`, whose server must not be running. The cluster there, if any, is
 * kept as `postgres.before-restore-<time>` (with its credentials) until someone deletes it.
 */
export async function restoreEmbedded(dataDir: string, file: string, log: (message: string) => void): Promise<RestoreResult> {
  if (!existsSync(file)) throw new RestoreRefused(`バックアップファイル ${file} が見つかりません。`);
  const target = new EmbeddedDatabase(dataDir);
  const live = target.liveServer();
  if (live) {
    throw new RestoreRefused(`${dataDir} の PostgreSQL が動いています（pid ${live.pid}）。サービスを止めてから復元してください。`);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const staging = join(dataDir, `.restore-${stamp}`);
  let manifest: BackupManifest;
  try {
    try {
      await extractTar(file, staging);
    } catch (error) {
      throw new RestoreRefused(`${file} はこのサービスのバックアップとして読めません: ${(error as Error).message}`);
    }
    manifest = readManifest(staging, file);
    const cluster = join(staging, 'postgres');
    await chmod(cluster, 0o700);
    await ownByServerUser(cluster);

    const current = join(dataDir, 'postgres');
    let keptAs: string | undefined;
    if (existsSync(current)) {
      keptAs = join(dataDir, `postgres.before-restore-${stamp}`);
      await rename(current, keptAs);
      if (existsSync(join(dataDir, INFO_FILE))) await rename(join(dataDir, INFO_FILE), `${keptAs}.${INFO_FILE}`);
      log(`the cluster it replaces is kept as ${keptAs}`);
    }
    await rename(cluster, current);
    await writeFile(join(dataDir, INFO_FILE), JSON.stringify({ port: 0, ...manifest.server }, null, 2), { mode: 0o600 });

    // Started once: the server replays the WAL of the backup, then this release's migrations run.
    const url = await target.acquire(log);
    try {
      const applied = await runPendingMigrations(url);
      return { manifest, keptAs, applied };
    } finally {
      await target.release();
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A restore that cannot go ahead, said to the operator in Japanese. */
export class RestoreRefused extends Error {}

function readManifest(staging: string, file: string): BackupManifest {
  const path = join(staging, MANIFEST);
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<BackupManifest>;
  } catch {
    throw new RestoreRefused(`${file} にはこのサービスのバックアップの目録（${MANIFEST}）がありません。`);
  }
  if (manifest.kind !== KIND || manifest.format !== 1 || !manifest.server || !existsSync(join(staging, 'postgres', 'PG_VERSION'))) {
    throw new RestoreRefused(`${file} はこのサービスの組み込み PostgreSQL のバックアップではありません。`);
  }
  const major = embeddedPostgresMajor();
  if (major && manifest.postgresVersion !== major) {
    throw new RestoreRefused(
      `${file} は PostgreSQL ${manifest.postgresVersion} のバックアップです。このリリースの PostgreSQL ${major} では復元できません。`,
    );
  }
  return manifest as BackupManifest;
}

/** As root the server runs as the `postgres` user (see EmbeddedDatabase), which must own its files. */
async function ownByServerUser(path: string): Promise<void> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    // A machine that never ran the server: create its user as embedded-postgres does at initdb.
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = id('-u');
  const gid = id('-g');
  const walk = async (at: string): Promise<void> => {
    await lchown(at, uid, gid);
    if (!(await stat(at)).isDirectory()) return;
    for (const name of await readdir(at)) await walk(join(at, name));
  };
  await walk(path);
}
