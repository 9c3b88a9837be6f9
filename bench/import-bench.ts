import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stream, Workbook } from 'exceljs';
import { LEDGERS } from '../src/ledgers/ledger-columns';
import { MAX_IMPORT_ROWS } from '../src/ledgers/ledger-sheet';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import { BenchApp, withInProcessApp } from './in-process-app';

/**
 * `node dist/bench/import-bench.js` (after `npm run build`): the ledger import at scale. Starts the
 * app on an embedded PostgreSQL in a temporary directory (or on DATABASE_URL), creates a fresh
 * organization, and imports an .xlsx of BENCH_IMPORT_ROWS outsourcing contracts (default 10,000,
 * against 100 vendors registered by the file itself) over HTTP: a dry run, the real import, and a
 * re-import of the export (every row UNCHANGED). Prints the time of each; asserts no time.
 *
 * Then the memory of an import, each size in a process of its own (its peak RSS is its own): the
 * same contracts imported for real into a fresh organization, 10,000 rows in one file, then 100,000
 * rows (as files of at most MAX_IMPORT_ROWS, 50,000, the most one file may hold) into one organization.
 * The files are written by exceljs's streaming writer to a temporary directory first, so that the
 * process holds one file's bytes at a time. Prints the resident set before the first import, its peak
 * while importing (sampled every 50 ms) and the process's peak (`process.resourceUsage().maxRSS`), each
 * process's heap capped at BENCH_IMPORT_HEAP_MIB (256). BENCH_IMPORT_MEMORY=0 skips this part.
 */

interface ImportAnswer {
  created: number;
  updated: number;
  unchanged: number;
  errors: unknown[];
}

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const VENDORS = 100;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function corporateNumber(n: number): string {
  const base = `8${String(n).padStart(11, '0')}`;
  return `${corporateNumberCheckDigit(base)}${base}`;
}

async function contractsWorkbook(rows: number): Promise<Buffer> {
  const columns = LEDGERS['outsourcing-contracts'].columns;
  const book = new Workbook();
  const sheet = book.addWorksheet('委託契約台帳');
  sheet.addRow(columns.map((c) => c.header));
  sheet.addRow(columns.map((c) => c.field));
  for (let i = 0; i < rows; i++) sheet.addRow(contractRow(i));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same rows as `contractsWorkbook` from `first`, written by the streaming writer to `path`. */
async function writeContractsFile(path: string, first: number, rows: number): Promise<void> {
  const columns = LEDGERS['outsourcing-contracts'].columns;
  const book = new stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('委託契約台帳');
  sheet.addRow(columns.map((c) => c.header)).commit();
  sheet.addRow(columns.map((c) => c.field)).commit();
  for (let i = first; i < first + rows; i++) sheet.addRow(contractRow(i)).commit();
  sheet.commit();
  await book.commit();
}

function contractRow(i: number): (string | number | null)[] {
  const columns = LEDGERS['outsourcing-contracts'].columns;
  const vendor = i % VENDORS;
  const values: Record<string, string | number> = {
    name: `ベンチ委託業務 ${String(i).padStart(5, '0')}`,
    contractNumber: `B-${String(i).padStart(6, '0')}`,
    vendorCorporateNumber: corporateNumber(vendor),
    vendorName: `ベンチ委託先 ${vendor}`,
    createVendor: '有',
    startDate: '令和8年4月1日',
    endDate: '2027/3/31',
    confidentiality: (i % 3) + 1,
    integrity: 1,
    availability: (i % 2) + 1,
    networkSegment: i % 4 === 0 ? 'マイナンバー利用事務系' : 'LGWAN接続系',
    handlesPersonalInformation: i % 2 === 0 ? '有' : '無',
    handlesMyNumber: i % 4 === 0 ? '有' : '無',
    subcontractingAllowed: '無',
    workLocation: '受託者の事業所',
    lastReviewedOn: i % 5 === 0 ? '2025-10-01' : '',
  };
  return columns.map((c) => values[c.field] ?? null);
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`${label.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s`);
  return result;
}

/** Posts a ledger file; over IMPORT_JOB_ROWS rows the import is a job, followed until it ends (its time is the import's). */
async function upload({ base, token }: BenchApp, bytes: Buffer, dryRun: boolean): Promise<ImportAnswer> {
  const authorization = { authorization: `Bearer ${token}` };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'contracts.xlsx');
  const response = await fetch(`${base}/api/ledgers/outsourcing-contracts/import?dryRun=${dryRun}`, {
    method: 'POST',
    body: form,
    headers: authorization,
  });
  let status = response.status;
  let answer = (await response.json()) as ImportAnswer & { id?: string };
  while (status === 202) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const job = (await (await fetch(`${base}/api/ledgers/imports/${answer.id}`, { headers: authorization })).json()) as {
      phase: string;
      result: ImportAnswer | null;
      failure: string | null;
    };
    if (job.phase === 'DONE') [status, answer] = [200, job.result!];
    else if (job.phase !== 'QUEUED' && job.phase !== 'RUNNING') throw new Error(`import job ${job.phase}: ${job.failure}`);
  }
  if (status !== 200 || answer.errors.length > 0) throw new Error(`import answered ${status}: ${JSON.stringify(answer).slice(0, 2000)}`);
  return answer;
}

interface MemoryRun {
  rows: number;
  files: number;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  maxRssMiB: number;
}

const MiB = 1024 * 1024;

/**
 * The JavaScript heap each memory run may use (`--max-old-space-size`). Without a cap V8 lets the heap
 * grow long before it collects, so the resident set says more about the collector than about what the
 * import keeps; with it, an import that kept what grows with the file would fail, or collect ever more.
 */
const HEAP_MIB = Number(process.env.BENCH_IMPORT_HEAP_MIB ?? 256);

/** In a process of its own: `rows` contracts imported for real into a fresh organization, in files of at most MAX_IMPORT_ROWS. */
async function memoryRun(rows: number): Promise<MemoryRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-files-'));
  try {
    const files: string[] = [];
    for (let first = 0; first < rows; first += MAX_IMPORT_ROWS) {
      const path = join(dir, `contracts-${first}.xlsx`);
      await writeContractsFile(path, first, Math.min(MAX_IMPORT_ROWS, rows - first));
      files.push(path);
    }
    let result: MemoryRun | undefined;
    await withInProcessApp('bench-import-memory', async (app) => {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const started = process.hrtime.bigint();
      let created = 0;
      try {
        for (const path of files) created += (await upload(app, readFileSync(path), false)).created;
      } finally {
        clearInterval(sampler);
      }
      if (created !== rows) throw new Error(`${created} created of ${rows}`);
      result = {
        rows,
        files: files.length,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        rssBeforeMiB: rssBefore / MiB,
        rssPeakMiB: Math.max(peak, process.memoryUsage().rss) / MiB,
        maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
      };
    });
    return result!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `memoryRun(rows)` in a child process (this script with `--memory <rows>`). */
function memoryRunApart(rows: number): Promise<MemoryRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', `--max-old-space-size=${HEAP_MIB}`, __filename, '--memory', String(rows)],
      { env: process.env, maxBuffer: 16 * MiB },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as MemoryRun);
      },
    );
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--memory') {
    log(JSON.stringify(await memoryRun(Number(process.argv[3]))));
    return;
  }
  await withInProcessApp('bench-import', async (app) => {
    const { base, token } = app;
    const authorization = { authorization: `Bearer ${token}` };

    const file = await timed(`build an .xlsx of ${ROWS.toLocaleString('en')} contracts`, () => contractsWorkbook(ROWS));
    log(`file size ${(file.length / 1024 / 1024).toFixed(1)} MiB`);
    const dry = await timed('dry run (validate everything, roll back)', () => upload(app, file, true));
    const real = await timed('import (one transaction)', () => upload(app, file, false));
    log(`dry run: ${dry.created} to create; import: ${real.created} created`);
    const exported = await timed('export .xlsx (streamed)', async () => {
      const response = await fetch(`${base}/api/ledgers/outsourcing-contracts/export.xlsx`, { headers: authorization });
      return Buffer.from(await response.arrayBuffer());
    });
    const again = await timed('re-import of the export (all UNCHANGED)', () => upload(app, exported, false));
    log(`re-import: ${again.unchanged} unchanged, ${again.updated} updated, ${again.created} created`);
  });
  if (process.env.BENCH_IMPORT_MEMORY === '0') return;
  log('');
  log(`memory of a real import, each size in a process of its own, heap capped at ${HEAP_MIB} MiB (MiB):`);
  log(
    `${'rows'.padStart(8)} ${'files'.padStart(5)} ${'time'.padStart(8)} ${'RSS before'.padStart(11)} ${'RSS peak'.padStart(9)} ${'maxRSS'.padStart(7)}`,
  );
  for (const rows of [10_000, 100_000]) {
    const run = await memoryRunApart(rows);
    log(
      `${run.rows.toLocaleString('en').padStart(8)} ${String(run.files).padStart(5)} ${`${run.seconds.toFixed(1)} s`.padStart(8)} ` +
        `${run.rssBeforeMiB.toFixed(0).padStart(11)} ${run.rssPeakMiB.toFixed(0).padStart(9)} ${run.maxRssMiB.toFixed(0).padStart(7)}`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
