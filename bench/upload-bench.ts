import 'reflect-metadata';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap';
import { JsonLogger } from '../src/common/json-logger';
import { loadConfig } from '../src/config/config';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runPendingMigrations } from '../src/database/migrate';
import { ProvisioningService } from '../src/provisioning/provisioning.service';
import { EXCEL_MAX_ROWS } from './large-sheet';

/**
 * `node dist/bench/upload-bench.js` (after `npm run build`): what refusing the .xlsx of 1,048,576 rows
 * costs the service (issue 9: it used to take 11.8 s and 1.48 GB that stayed). The app runs in this
 * process on an embedded PostgreSQL in a temporary directory (or on DATABASE_URL); the file is built
 * in a child process and sent by another, so that neither counts. For each upload: the time to the answer,
 * the RSS before, the peak RSS while it was refused (VmHWM, reset before each upload through
 * /proc/self/clear_refs) and the RSS after. Then five at once. Prints; asserts no time.
 */

const PASSWORD = 'bench upload password 0123';
const REPEAT = 4;
const AT_ONCE = 5;
const MIB = 1024 * 1024;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function rssBytes(): number {
  return process.memoryUsage().rss;
}

/** The peak RSS since the last reset, in bytes (Linux). */
function peakRssBytes(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

const mib = (bytes: number): string => `${(bytes / MIB).toFixed(0).padStart(5)} MiB`;

/** Runs bench/upload-client.ts; answers the seconds from the first upload sent to the last answer. */
function runClient(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, 'upload-client.js'), ...args], (error, stdout, stderr) => {
      if (error) reject(new Error(`client failed: ${stderr || error.message}`));
      else resolve(Number(stdout.trim()));
    });
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'upload-bench-'));
  const filePath = join(work, 'excel-max.xlsx');
  execFileSync(process.execPath, [
    '-e',
    `require(${JSON.stringify(join(__dirname, 'large-sheet.js'))}).socialMediaLedger().then((b) => require('node:fs').writeFileSync(${JSON.stringify(filePath)}, b))`,
  ]);
  const file = readFileSync(filePath);
  log(`file: ${EXCEL_MAX_ROWS.toLocaleString('en')} rows, ${(file.length / MIB).toFixed(1)} MiB`);

  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    // A directory of its own directly under the temporary directory, as the embedded database needs.
    dataDir = mkdtempSync(join(tmpdir(), 'upload-bench-data-'));
    embedded = new EmbeddedDatabase(dataDir);
    url = await embedded.acquire();
  }
  try {
    await runPendingMigrations(url);
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: url });
    const app = await createApp(config, url, new JsonLogger('error'));
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    try {
      const code = `bench-upload-${Date.now().toString(36)}`;
      const email = `admin@${code}.example.jp`;
      await app
        .get(ProvisioningService)
        .provision(null, { code, name: 'ベンチ用団体' }, { email, displayName: '管理者', password: PASSWORD, mustChangePassword: false });
      const signIn = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
          variables: { input: { organizationCode: code, email, password: PASSWORD } },
        }),
      });
      const token = ((await signIn.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
      log('upload                      time      RSS before   peak RSS     growth      RSS after');
      const measure = async (label: string, uploads: number): Promise<void> => {
        global.gc?.();
        const before = rssBytes();
        resetPeakRss();
        const seconds = await runClient([base, token, filePath, String(uploads)]);
        const peak = peakRssBytes();
        global.gc?.();
        log(
          `${label.padEnd(24)} ${seconds.toFixed(2).padStart(6)} s  ${mib(before)}  ${mib(peak)}  ${mib(peak - before)}  ${mib(rssBytes())}`,
        );
      };
      for (let i = 1; i <= REPEAT; i++) await measure(`refused #${i}`, 1);
      await measure(`${AT_ONCE} at once`, AT_ONCE);
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.release();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
