import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Role } from '../src/common/role';
import { freePort } from '../src/database/embedded-database';
import {
  childEnv,
  CLI_JS,
  codeOf,
  createOrganization,
  createUser,
  databaseUrl,
  graphqlAt,
  isAlive,
  isListening,
  login,
  MAIN_JS,
  NodeProcess,
  PASSWORD,
  postmasterOf,
  runNode,
  scratchDatabase,
  startApp,
  startServer,
  stopLeftoverPostmaster,
  TestApp,
  uniqueCode,
} from './support/harness';

// Real processes, real PostgreSQL clusters: each step may take seconds.
const PROCESS_TIMEOUT = 180_000;

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken user { email roles mustChangePassword } } }`;
const DEMO_LINE = /^demo sign-in: (\S+) (\S+) \(([A-Z_]+)\)$/gm;

async function signIn(baseUrl: string, organizationCode: string, email: string, password: string) {
  const result = await graphqlAt(baseUrl)(LOGIN, { input: { organizationCode, email, password } });
  expect(result.errors).toBeUndefined();
  return result.data!.login as { accessToken: string; user: { email: string; roles: Role[]; mustChangePassword: boolean } };
}

describe('operating the service from the command line', () => {
  const dataDirs: string[] = [];
  const servers: NodeProcess[] = [];

  beforeAll(() => {
    if (!existsSync(MAIN_JS) || !existsSync(CLI_JS)) throw new Error('dist/ is missing: run `npm run -s build` before these tests');
  });

  /** A fresh, empty DATA_DIR, removed after the test. */
  function freshDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'register-cli-'));
    dataDirs.push(dir);
    return dir;
  }

  async function serve(env: NodeJS.ProcessEnv) {
    const started = await startServer(env, Number(env.PORT));
    servers.push(started.server);
    return started;
  }

  afterEach(async () => {
    // A failed test may leave an app or its embedded PostgreSQL running: end exactly those.
    for (const server of servers.splice(0)) if (server.running) await server.stop('SIGKILL');
    for (const dir of dataDirs.splice(0)) {
      await stopLeftoverPostmaster(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'create-organization starts and stops the embedded server on its own, and uses the running app’s server while the app runs',
    async () => {
      const dataDir = freshDataDir();
      const first = { code: uniqueCode('cli'), email: 'first-admin@example.jp' };

      // 1. No app running, no DATABASE_URL, no ADMIN_PASSWORD.
      const created = await runNode(
        CLI_JS,
        ['create-organization', '--code', first.code, '--name', '第一広域連合', '--admin-email', first.email],
        childEnv({ DATA_DIR: dataDir }),
      );
      expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const generated = /^password: (\S+)$/m.exec(created.stdout)?.[1];
      expect(generated).toMatch(/^\S{12,}$/);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      expect(postmasterOf(dataDir)).toBeUndefined();
      const cliPort = (JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as { port: number }).port;
      expect(await isListening(cliPort)).toBe(false);

      // 2. The app starts on the same directory and owns the server now.
      const port = await freePort();
      const { server, baseUrl } = await serve(childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' }));
      const appPostgres = postmasterOf(dataDir);
      expect(appPostgres).toEqual({ pid: expect.any(Number), port: expect.any(Number) });

      // 3. While it runs, a second organization, with the password given.
      const second = { code: uniqueCode('cli'), email: 'second-admin@example.jp', password: 'second admin password' };
      const joined = await runNode(
        CLI_JS,
        ['create-organization', '--code', second.code, '--name', '第二広域連合', '--admin-email', second.email],
        childEnv({ DATA_DIR: dataDir, ADMIN_PASSWORD: second.password }),
      );
      expect({ code: joined.code, stderr: joined.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining(`using the embedded PostgreSQL already running on port ${appPostgres!.port}`),
      });
      expect(joined.stdout).not.toMatch(/^password:/m);
      expect(postmasterOf(dataDir)).toEqual(appPostgres);

      // 4. Both admins sign in through the running app.
      const firstAdmin = await signIn(baseUrl, first.code, first.email, generated!);
      expect(firstAdmin.user).toEqual({ email: first.email, roles: [Role.ADMIN], mustChangePassword: true });
      const secondAdmin = await signIn(baseUrl, second.code, second.email, second.password);
      expect(secondAdmin.user).toEqual({ email: second.email, roles: [Role.ADMIN], mustChangePassword: false });

      // 5. SIGTERM: the app exits 0 and its embedded server is stopped.
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(postmasterOf(dataDir)).toBeUndefined();
      expect(isAlive(appPostgres!.pid)).toBe(false);
      expect(await isListening(appPostgres!.port)).toBe(false);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'stops the app with a message naming the variable when PORT is not a number',
    async () => {
      const dataDir = freshDataDir();
      const result = await runNode(MAIN_JS, [], childEnv({ DATA_DIR: dataDir, PORT: 'abc' }));
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(/PORT.*"abc"/);
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'the first start on an empty data directory creates the demo and prints a sign-in per role; the next start prints none',
    async () => {
      const dataDir = freshDataDir();
      const env = (port: number) => childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });

      const first = await serve(env(await freePort()));
      await first.server.waitFor(/organization code: demo/);
      const signIns = [...first.server.stdout.matchAll(DEMO_LINE)].map(([, email, password, role]) => ({ email, password, role }));
      expect(signIns.map((s) => s.role).sort()).toEqual([...Object.values(Role)].sort());
      for (const { email, password, role } of signIns) {
        const { accessToken, user } = await signIn(first.baseUrl, 'demo', email, password);
        expect(user).toEqual({ email, roles: [role], mustChangePassword: false });
        const vendors = await graphqlAt(first.baseUrl)('{ vendors { totalCount nodes { name } } }', {}, accessToken);
        expect(vendors.data!.vendors.totalCount).toBeGreaterThan(0);
      }
      expect(await first.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      const again = await serve(env(await freePort()));
      expect(await again.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(again.server.stdout).toMatch(/^GraphQL: /m);
      expect(again.server.stdout).not.toMatch(/demo sign-in/);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'creates no demo on a DATABASE_URL database unless SEED_DEMO=true',
    async () => {
      const database = await scratchDatabase();
      const organizations = async (): Promise<string[]> => {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query<{ code: string }>('SELECT code FROM organizations')).rows.map((row) => row.code);
        } finally {
          await client.end();
        }
      };
      try {
        const env = (port: number, seed?: string) =>
          childEnv({ DATABASE_URL: database.url, DATA_DIR: freshDataDir(), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: seed });

        const plain = await serve(env(await freePort()));
        expect(await plain.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
        expect(plain.server.stdout).not.toMatch(/demo sign-in/);
        expect(await organizations()).toEqual([]);

        const seeded = await serve(env(await freePort(), 'true'));
        await seeded.server.waitFor(/organization code: demo/);
        expect([...seeded.server.stdout.matchAll(DEMO_LINE)]).toHaveLength(Object.values(Role).length);
        expect(await seeded.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
        expect(await organizations()).toEqual(['demo']);
      } finally {
        await database.drop();
      }
    },
    PROCESS_TIMEOUT,
  );
});

describe('reset-password', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    if (!existsSync(CLI_JS)) throw new Error('dist/ is missing: run `npm run -s build` before these tests');
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const LOGIN_USER = `mutation($input: LoginInput!) { login(input: $input) { accessToken user { email mustChangePassword } } }`;

  function resetPassword(args: string[], env: Record<string, string> = {}) {
    return runNode(CLI_JS, ['reset-password', ...args], childEnv({ DATABASE_URL: databaseUrl(), ...env }));
  }

  async function lockedUntilOf(userId: string): Promise<Date | null> {
    const [row] = await testApp.dataSource.query<{ locked_until: Date | null }[]>(
      `SELECT max(blocked_until) AS locked_until FROM sign_in_throttles WHERE user_id = $1 AND blocked_until > now()`,
      [userId],
    );
    return row.locked_until;
  }

  it(
    'lets a locked-out admin back in with the printed one-time password, and ends the sessions opened before',
    async () => {
      const organization = await createOrganization(testApp.dataSource);
      const earlierToken = await login(testApp, organization.code, organization.adminEmail);
      const attempt = (password: string) =>
        testApp.gql(LOGIN_USER, { input: { organizationCode: organization.code, email: organization.adminEmail, password } });
      for (let i = 0; i < 5; i++) expect(codeOf(await attempt('wrong password guess'))).toBe('UNAUTHENTICATED');
      expect((await lockedUntilOf(organization.adminId))!.getTime()).toBeGreaterThan(Date.now());
      expect(codeOf(await attempt(PASSWORD))).toBe('TOO_MANY_REQUESTS');

      // The e-mail as the operator types it: case and spaces do not matter.
      const reset = await resetPassword(['--organization', organization.code, '--email', ` ${organization.adminEmail.toUpperCase()} `]);
      expect({ code: reset.code, stderr: reset.stderr }).toEqual({ code: 0, stderr: '' });
      const password = /^password: (\S+)$/m.exec(reset.stdout)?.[1];
      expect(password).toMatch(/^\S{12,}$/);
      expect(reset.stdout).toContain(`user: ${organization.adminEmail} (${organization.code})`);
      expect(reset.stdout).toContain('サインインのロックを解除し、この利用者のセッションをすべて終了しました。');

      expect(await lockedUntilOf(organization.adminId)).toBeNull();
      expect(codeOf(await testApp.gql('{ me { id } }', {}, earlierToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await attempt(PASSWORD))).toBe('UNAUTHENTICATED');
      const signedIn = await attempt(password!);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data!.login.user).toEqual({ email: organization.adminEmail, mustChangePassword: true });
      const me = await testApp.gql('{ me { id roles active } }', {}, signedIn.data!.login.accessToken);
      expect(me.data!.me).toEqual({ id: organization.adminId, roles: ['ADMIN'], active: true });

      const events = await testApp.dataSource.query<{ actor_id: string | null; changes: Record<string, unknown> }[]>(
        `SELECT actor_id, changes FROM audit_events WHERE organization_id = $1 AND action = 'PASSWORD_RESET' AND entity_id = $2`,
        [organization.id, organization.adminId],
      );
      expect(events).toEqual([
        {
          actor_id: null,
          changes: { mustChangePassword: [false, true], signInLocks: ['LOCKED', null] },
        },
      ]);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'takes the password from ADMIN_PASSWORD when set, and then asks for no change at sign-in',
    async () => {
      const organization = await createOrganization(testApp.dataSource);
      const chosen = 'an operator chosen password';
      const reset = await resetPassword(['--organization', organization.code, '--email', organization.adminEmail], {
        ADMIN_PASSWORD: chosen,
      });
      expect(reset.code).toBe(0);
      expect(reset.stdout).not.toMatch(/^password:/m);
      const signedIn = await testApp.gql(LOGIN_USER, {
        input: { organizationCode: organization.code, email: organization.adminEmail, password: chosen },
      });
      expect(signedIn.data!.login.user).toEqual({ email: organization.adminEmail, mustChangePassword: false });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'leaves a deactivated user deactivated and says so',
    async () => {
      const organization = await createOrganization(testApp.dataSource);
      const user = await createUser(testApp.dataSource, organization, [Role.STAFF], { active: false });
      const reset = await resetPassword(['--organization', organization.code, '--email', user.email]);
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('注意: この利用者は無効化されています。');
      expect(reset.stdout).not.toContain('ロックを解除');
      const [row] = await testApp.dataSource.query<{ active: boolean; must_change_password: boolean }[]>(
        'SELECT active, must_change_password FROM users WHERE id = $1',
        [user.id],
      );
      expect(row).toEqual({ active: false, must_change_password: true });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'refuses an unknown organization or e-mail, a missing option and a short ADMIN_PASSWORD, and changes nothing',
    async () => {
      const organization = await createOrganization(testApp.dataSource);
      const unknownOrganization = await resetPassword(['--organization', 'no-such-org', '--email', organization.adminEmail]);
      expect(unknownOrganization.code).toBe(1);
      expect(unknownOrganization.stderr).toBe('error: 組織コード no-such-org の組織が見つかりません。\n');
      const unknownEmail = await resetPassword(['--organization', organization.code, '--email', 'nobody@example.jp']);
      expect(unknownEmail.code).toBe(1);
      expect(unknownEmail.stderr).toBe(`error: 組織 ${organization.code} に nobody@example.jp の利用者が見つかりません。\n`);
      const missing = await resetPassword(['--organization', organization.code]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^error: missing --email/);
      const short = await resetPassword(['--organization', organization.code, '--email', organization.adminEmail], {
        ADMIN_PASSWORD: 'short',
      });
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/^error: ADMIN_PASSWORD: パスワードは12文字以上にしてください。/);
      for (const result of [unknownOrganization, unknownEmail, missing, short]) expect(result.stdout).not.toMatch(/^password:/m);
      // The admin's password is untouched.
      expect(await login(testApp, organization.code, organization.adminEmail)).toEqual(expect.any(String));
    },
    PROCESS_TIMEOUT,
  );
});
