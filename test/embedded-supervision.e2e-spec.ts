import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../src/database/data-source';
import { freePort } from '../src/database/embedded-database';
import {
  childEnv,
  createOrganization,
  embeddedUrl,
  graphqlAt,
  isAlive,
  NodeProcess,
  PASSWORD,
  postmasterOf,
  startServer,
  stopLeftoverPostmaster,
  testDataDir,
  TestOrganization,
} from './support/harness';

// Real processes and a real PostgreSQL cluster per test: each step may take seconds.
const PROCESS_TIMEOUT = 180_000;
/** The polling limit for the service to serve again: generous, the goal is 20 s. */
const RECOVERY_LIMIT_MS = 60_000;

const LOGIN = 'mutation SignIn($input: LoginInput!) { login(input: $input) { accessToken } }';

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  signedIn: boolean;
}

/**
 * The app on the embedded PostgreSQL keeps its server running: killed, stopped behind its back or
 * leaving a stale postmaster.pid, the server is started again and the app serves without a restart.
 */
describe('the embedded PostgreSQL, supervised', () => {
  const servers: NodeProcess[] = [];
  const dataDirs: string[] = [];

  afterEach(async () => {
    // A failed test may leave its app or its embedded PostgreSQL running: end exactly those.
    for (const server of servers.splice(0)) if (server.running) await server.stop('SIGKILL');
    for (const dir of dataDirs.splice(0)) await stopLeftoverPostmaster(dir);
  });

  async function serve(dataDir: string) {
    const port = await freePort();
    const started = await startServer(childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' }), port);
    servers.push(started.server);
    return started;
  }

  /** An app on a fresh data directory, with an organization whose admin signs in with PASSWORD. */
  async function appWithOrganization() {
    const dataDir = testDataDir();
    dataDirs.push(dataDir);
    const started = await serve(dataDir);
    const organization = await createOrganizationOn(dataDir);
    return { ...started, dataDir, organization };
  }

  /** Straight to the embedded server, as the CLI connects: its credentials and the port its postmaster.pid names. */
  async function createOrganizationOn(dataDir: string): Promise<TestOrganization> {
    const dataSource = await createDataSource({ url: embeddedUrl(dataDir), poolSize: 1 }).initialize();
    try {
      return await createOrganization(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  async function signIn(baseUrl: string, organization: TestOrganization): Promise<Answer> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: LOGIN,
        variables: { input: { organizationCode: organization.code, email: organization.adminEmail, password: PASSWORD } },
      }),
    });
    const body = (await response.json()) as { data?: { login?: { accessToken?: string } }; errors?: { extensions?: { code?: string } }[] };
    return {
      status: response.status,
      code: body.errors?.[0]?.extensions?.code,
      retryAfter: response.headers.get('retry-after'),
      signedIn: typeof body.data?.login?.accessToken === 'string',
    };
  }

  /**
   * Signs in over and over until it works again, with a new postmaster (bounded by the polling limit).
   * Returns every answer on the way, to check what clients were told meanwhile.
   */
  async function untilServing(baseUrl: string, organization: TestOrganization, dataDir: string, oldPid: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    const deadline = Date.now() + RECOVERY_LIMIT_MS;
    for (;;) {
      const answer = await signIn(baseUrl, organization);
      answers.push(answer);
      const postmaster = postmasterOf(dataDir);
      if (answer.signedIn && postmaster && postmaster.pid !== oldPid && isAlive(postmaster.pid)) return answers;
      if (Date.now() > deadline) throw new Error(`not serving again within ${RECOVERY_LIMIT_MS} ms: ${JSON.stringify(answers.slice(-5))}`);
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }

  /** Meanwhile, an answer is either a normal one or 503 SERVICE_UNAVAILABLE with Retry-After: never an internal error. */
  function expectOnlyServiceUnavailable(answers: Answer[]): void {
    for (const answer of answers) {
      if (answer.signedIn) expect(answer).toMatchObject({ status: 200, retryAfter: null });
      else expect(answer).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '5', signedIn: false });
    }
  }

  it(
    'restarts a killed postmaster and serves again, with the data, without restarting the app',
    async () => {
      const { server, baseUrl, dataDir, organization } = await appWithOrganization();
      expect(await signIn(baseUrl, organization)).toMatchObject({ status: 200, signedIn: true });
      const killed = postmasterOf(dataDir)!;

      process.kill(killed.pid, 'SIGKILL');

      const answers = await untilServing(baseUrl, organization, dataDir, killed.pid);
      expectOnlyServiceUnavailable(answers);
      expect(answers.at(-1)!.signedIn).toBe(true);
      expect(server.running).toBe(true);
      expect(isAlive(killed.pid)).toBe(false);
      // The same port: the app's pools reconnected by themselves.
      expect(postmasterOf(dataDir)!.port).toBe(killed.port);
      await server.waitFor(/"msg":"the embedded PostgreSQL exited; restarting it".*"signal":"SIGKILL"/);
      await server.waitFor(/"msg":"the embedded PostgreSQL runs again"/);
      expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
      // Another query through the restarted server, with a token issued after the restart.
      const token = await graphqlAt(baseUrl)<{ login: { accessToken: string } }>(LOGIN, {
        input: { organizationCode: organization.code, email: organization.adminEmail, password: PASSWORD },
      });
      const me = await graphqlAt(baseUrl)<{ me: { id: string } }>('{ me { id } }', {}, token.data!.login.accessToken);
      expect(me.data!.me.id).toBe(organization.adminId);

      // The app still stops cleanly, and stops the server it restarted.
      const restarted = postmasterOf(dataDir)!;
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(isAlive(restarted.pid)).toBe(false);
      expect(postmasterOf(dataDir)).toBeUndefined();
    },
    PROCESS_TIMEOUT,
  );

  it(
    'turns a smart shutdown of its server (SIGTERM to the postmaster) into a restart',
    async () => {
      const { server, baseUrl, dataDir, organization } = await appWithOrganization();
      const stopped = postmasterOf(dataDir)!;

      // A smart shutdown waits for every session to end, and the app's pools never let go: it would never end.
      process.kill(stopped.pid, 'SIGTERM');

      const answers = await untilServing(baseUrl, organization, dataDir, stopped.pid);
      expectOnlyServiceUnavailable(answers);
      expect(isAlive(stopped.pid)).toBe(false);
      await server.waitFor(/"msg":"the embedded PostgreSQL is shutting down; hastening it to restart it"/);
      await server.waitFor(/"msg":"the embedded PostgreSQL runs again"/);
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'starts over a stale postmaster.pid whose process id now belongs to another program',
    async () => {
      const { server, dataDir, organization } = await appWithOrganization();
      const file = join(dataDir, 'postgres', 'postmaster.pid');
      const original = readFileSync(file, 'utf8');
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      // What a machine that went down leaves behind: the file, naming a process id that another program
      // has now (alive, and not PostgreSQL: PostgreSQL itself would refuse to start beside it).
      const other = spawn('sleep', ['120'], { stdio: 'ignore' });
      try {
        const lines = original.split('\n');
        lines[0] = String(other.pid);
        writeFileSync(file, lines.join('\n'));

        const again = await serve(dataDir);
        expect(await signIn(again.baseUrl, organization)).toMatchObject({ status: 200, signedIn: true });
        expect(postmasterOf(dataDir)!.pid).not.toBe(other.pid);
        expect(isAlive(other.pid!)).toBe(true);
        expect(again.server.output).toContain(`removing a stale postmaster.pid (process ${other.pid} is not a running PostgreSQL server)`);
        expect(await again.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      } finally {
        other.kill('SIGKILL');
      }
    },
    PROCESS_TIMEOUT,
  );
});
