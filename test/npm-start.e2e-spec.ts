import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-database';
import { childEnv, Exit, isAlive, isListening, postmasterOf, ROOT, stopLeftoverPostmaster, testDataDir } from './support/harness';

// `npm start` builds, then runs the server on the embedded PostgreSQL: a first start takes seconds.
const PROCESS_TIMEOUT = 180_000;

/**
 * A copy of the project to run `npm start` in: its build empties dist/, which the other test files
 * run the CLI and server from while this one runs. node_modules is shared through a link.
 */
function projectCopy(): string {
  const dir = mkdtempSync(join(process.env.TEST_RUN_DIR!, 'project-'));
  for (const entry of ['package.json', '.swcrc', 'src', 'migrations', 'bench', 'assets', 'scripts']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The ids of the `node dist/src/main.js` processes running in `cwd` (not a shell whose command line names it). */
function mainProcesses(cwd: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)node$/.test(argv[0]) && argv[1] === 'dist/src/main.js' && readlinkSync(`/proc/${entry}/cwd`) === cwd)
        pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

describe('npm start, as the README starts the service', () => {
  let project: string;
  const left: { pids: number[]; dataDirs: string[] } = { pids: [], dataDirs: [] };

  beforeAll(() => {
    project = projectCopy();
  });
  afterEach(async () => {
    // A failed test may leave its server or its embedded PostgreSQL running: end exactly those.
    for (const pid of left.pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of left.dataDirs.splice(0)) await stopLeftoverPostmaster(dir);
  });
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  /** `npm start` in its own process group (as a shell runs a job), started and answering on /health. */
  async function npmStart(): Promise<{
    npm: ChildProcess;
    exited: Promise<Exit>;
    output: () => string;
    main: number;
    dataDir: string;
    port: number;
  }> {
    const dataDir = testDataDir();
    left.dataDirs.push(dataDir);
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: project,
      env: childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    // 'exit', not 'close': a server that outlives npm keeps the output pipes open.
    const exited = new Promise<Exit>((resolveExit) => npm.once('exit', (code, signal) => resolveExit({ code, signal })));
    let ended = false;
    void exited.then(() => (ended = true));
    const healthy = await waitUntil(
      () =>
        ended ||
        fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => response.ok,
          () => false,
        ),
      120_000,
    );
    const main = mainProcesses(project);
    left.pids.push(...main);
    if (!healthy || ended || main.length !== 1) {
      if (!ended) process.kill(-npm.pid!, 'SIGKILL');
      throw new Error(`npm start did not come up (main.js processes: ${main.join(', ') || 'none'}):\n${output}`);
    }
    return { npm, exited, output: () => output, main: main[0], dataDir, port };
  }

  /** After the signal: npm has exited, no server runs, the port and the embedded PostgreSQL are released. */
  async function expectAllStopped(started: Awaited<ReturnType<typeof npmStart>>, postmaster: { pid: number; port: number }) {
    const exit = await Promise.race([started.exited, new Promise<undefined>((wake) => setTimeout(() => wake(undefined), 30_000).unref())]);
    expect(exit).toBeDefined();
    expect(await waitUntil(() => !isAlive(started.main), 15_000)).toBe(true);
    expect(mainProcesses(project)).toEqual([]);
    expect(await isListening(started.port)).toBe(false);
    expect(isAlive(postmaster.pid)).toBe(false);
    expect(await isListening(postmaster.port)).toBe(false);
    expect(existsSync(join(started.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(await waitUntil(() => /SIG(TERM|INT) received: finishing requests and shutting down/.test(started.output()), 5_000)).toBe(true);
    return exit!;
  }

  it(
    'stops the server and its embedded PostgreSQL on SIGTERM to the npm process',
    async () => {
      const started = await npmStart();
      const postmaster = postmasterOf(started.dataDir);
      expect(postmaster).toEqual({ pid: expect.any(Number), port: expect.any(Number) });

      process.kill(started.npm.pid!, 'SIGTERM');
      expect(await expectAllStopped(started, postmaster!)).toEqual({ code: 0, signal: null });
    },
    PROCESS_TIMEOUT,
  );

  it(
    'stops them on Ctrl-C, which signals npm and the server together',
    async () => {
      const started = await npmStart();
      const postmaster = postmasterOf(started.dataDir)!;

      // A terminal's Ctrl-C sends SIGINT to the whole foreground job; npm forwards it to the server as well.
      process.kill(-started.npm.pid!, 'SIGINT');
      const exit = await expectAllStopped(started, postmaster);
      expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    },
    PROCESS_TIMEOUT,
  );
});
