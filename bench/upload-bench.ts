import 'reflect-metadata';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withInProcessApp } from './in-process-app';
import { EXCEL_MAX_ROWS } from './large-sheet';

/**
 * `node dist/bench/upload-bench.js` (after `npm run build`): what refusing the .xlsx of 1,048,576 rows
 * costs the service (issue 9: it used to take 11.8 s and 1.48 GB that stayed). The app runs in this
 * process on an embedded PostgreSQL in a temporary directory (or on DATABASE_URL); the file is built
 * in a child process and sent by another, so that neither counts. For each upload: the time to the answer,
 * the RSS before, the peak RSS while it was refused (VmHWM, reset before each upload through
 * /proc/self/clear_refs) and the RSS after. Then five at once. Prints; asserts no time.
 */

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

  try {
    await withInProcessApp('bench-upload', async ({ base, token }) => {
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
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
