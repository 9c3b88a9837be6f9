import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { createDataSource } from '../src/database/data-source';
import { freePort } from '../src/database/embedded-database';
import {
  childEnv,
  CLI_JS,
  createOrganization,
  embeddedUrl,
  graphqlAt,
  NodeProcess,
  PASSWORD,
  runNode,
  startServer,
  stopLeftoverPostmaster,
  testDataDir,
  TestOrganization,
} from './support/harness';

// Real processes and PostgreSQL clusters: each step may take seconds.
const PROCESS_TIMEOUT = 240_000;

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';

/** The names of this release's migrations, oldest first. */
const MIGRATION_NAMES = MIGRATIONS.map((migration) => new (migration as new () => { name: string })().name);

describe('backup and restore of the embedded database', () => {
  const servers: NodeProcess[] = [];
  const dataDirs: string[] = [];

  afterEach(async () => {
    // A failed test may leave an app or its embedded PostgreSQL running: end exactly those.
    for (const server of servers.splice(0)) if (server.running) await server.stop('SIGKILL');
    for (const dir of dataDirs.splice(0)) await stopLeftoverPostmaster(dir);
  });

  function dataDir(): string {
    const dir = testDataDir();
    dataDirs.push(dir);
    return dir;
  }

  function cli(dir: string, args: string[], env: Record<string, string> = {}) {
    return runNode(CLI_JS, args, childEnv({ DATA_DIR: dir, ...env }));
  }

  async function serve(dir: string) {
    const port = await freePort();
    const started = await startServer(childEnv({ DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' }), port);
    servers.push(started.server);
    return started;
  }

  /** Work on the database of the app running on `dir`, straight through its embedded server. */
  async function onDatabase<T>(dir: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = await createDataSource({ url: embeddedUrl(dir), poolSize: 1 }).initialize();
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  async function signsIn(baseUrl: string, organization: TestOrganization): Promise<string | undefined> {
    const result = await graphqlAt(baseUrl)(LOGIN, {
      input: { organizationCode: organization.code, email: organization.adminEmail, password: PASSWORD },
    });
    return result.errors?.[0]?.extensions?.code ?? (result.data?.login ? 'OK' : undefined);
  }

  it(
    'backs up while the service runs; after a change, restoring (with the service stopped) brings the data back',
    async () => {
      const dir = dataDir();
      const backupFile = join(dir, '..', `${dir.split('/').pop()}-backup.tar.gz`);
      const app = await serve(dir);
      const kept = await onDatabase(dir, (dataSource) => createOrganization(dataSource, '復元される広域連合'));
      expect(await signsIn(app.baseUrl, kept)).toBe('OK');

      const backup = await cli(dir, ['backup', backupFile]);
      expect({ code: backup.code, stderr: backup.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining('using the embedded PostgreSQL already running'),
      });
      expect(backup.stdout).toMatch(new RegExp(`^backup: ${backupFile} \\(\\d+ bytes\\)$`, 'm'));
      expect(backup.stdout).toContain(`${MIGRATION_NAMES.length} migrations`);
      expect(existsSync(backupFile)).toBe(true);
      expect(existsSync(`${backupFile}.partial`)).toBe(false);

      // Changes after the backup: a renamed organization, a new one.
      const added = await onDatabase(dir, async (dataSource) => {
        await dataSource.query(`UPDATE organizations SET name = '変更後の名前' WHERE id = $1`, [kept.id]);
        return createOrganization(dataSource, '後から作った広域連合');
      });
      expect(await signsIn(app.baseUrl, added)).toBe('OK');

      // Not while the service runs on the directory: refused, and nothing changes.
      const refused = await cli(dir, ['restore', backupFile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: .*PostgreSQL が動いています.*サービスを止めてから復元してください。/);
      expect(await signsIn(app.baseUrl, added)).toBe('OK');

      expect(await app.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const restored = await cli(dir, ['restore', backupFile]);
      expect({ code: restored.code, stdout: restored.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining(`restored: ${backupFile}`),
      });
      expect(restored.stdout).toContain('no pending migrations');
      const keptAs = readdirSync(dir).filter((name) => /^postgres\.before-restore-\d{8}T\d{6}$/.test(name));
      expect(keptAs).toHaveLength(1);
      expect(existsSync(join(dir, `${keptAs[0]}.embedded-postgres.json`))).toBe(true);
      expect(restored.stdout).toContain(`${join(dir, keptAs[0])} に残しました`);

      const again = await serve(dir);
      expect(await signsIn(again.baseUrl, kept)).toBe('OK');
      expect(await signsIn(again.baseUrl, added)).toBe('UNAUTHENTICATED');
      const organizations = await onDatabase(dir, (dataSource) =>
        dataSource.query<{ code: string; name: string }[]>('SELECT code, name FROM organizations ORDER BY code'),
      );
      expect(organizations).toEqual([{ code: kept.code, name: '復元される広域連合' }]);
      expect(await again.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'restores a backup of an older release onto an empty data directory and applies the migrations it lacks',
    async () => {
      const older = dataDir();
      const backupFile = join(older, '..', `${older.split('/').pop()}-older.tar.gz`);
      // An older release: the same database without this release's newest migration.
      expect((await cli(older, ['migration:run'])).code).toBe(0);
      const reverted = await cli(older, ['migration:revert']);
      expect(reverted.code).toBe(0);
      const backup = await cli(older, ['backup', backupFile]);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`${MIGRATION_NAMES.length - 1} migrations`);

      // Another machine: a data directory that has never held a database.
      const fresh = dataDir();
      const restored = await cli(fresh, ['restore', backupFile]);
      expect({ code: restored.code, stderr: restored.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(restored.stdout).toContain(`applied migrations: ${MIGRATION_NAMES.at(-1)}`);
      expect(restored.stdout).not.toContain('に残しました');

      const app = await serve(fresh);
      expect((await fetch(`${app.baseUrl}/ready`)).status).toBe(200);
      const applied = await onDatabase(fresh, (dataSource) =>
        dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY timestamp'),
      );
      expect(applied.map((row) => row.name)).toEqual(MIGRATION_NAMES);
      const organization = await onDatabase(fresh, (dataSource) => createOrganization(dataSource));
      expect(await signsIn(app.baseUrl, organization)).toBe('OK');
      expect(await app.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'refuses a file that is not a backup, and a missing one, changing nothing',
    async () => {
      const dir = dataDir();
      const notABackup = await cli(dir, ['restore', CLI_JS]);
      expect(notABackup.code).toBe(1);
      expect(notABackup.stderr).toMatch(/^error: .*はこのサービスのバックアップとして読めません/);
      const missing = await cli(dir, ['restore', join(dir, 'no-such-backup.tar.gz')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: バックアップファイル .* が見つかりません。/);
      expect(existsSync(join(dir, 'postgres'))).toBe(false);
      const withServer = await runNode(
        CLI_JS,
        ['backup', join(dir, 'b.tar.gz')],
        childEnv({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@127.0.0.1:1/db' }),
      );
      expect(withServer.code).toBe(2);
      expect(withServer.stderr).toMatch(/^error: backup is for the embedded database; with DATABASE_URL use pg_dump and pg_restore/);
    },
    PROCESS_TIMEOUT,
  );
});
