import 'reflect-metadata';
import { Workbook } from 'exceljs';
import { LEDGERS } from '../src/ledgers/ledger-columns';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import { withInProcessApp } from './in-process-app';

/**
 * `node dist/bench/import-bench.js` (after `npm run build`): the ledger import at scale. Starts the
 * app on an embedded PostgreSQL in a temporary directory (or on DATABASE_URL), creates a fresh
 * organization, and imports an .xlsx of BENCH_IMPORT_ROWS outsourcing contracts (default 10,000,
 * against 100 vendors registered by the file itself) over HTTP: a dry run, the real import, and a
 * re-import of the export (every row UNCHANGED). Prints the time of each; asserts no time.
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
  for (let i = 0; i < rows; i++) {
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
    sheet.addRow(columns.map((c) => values[c.field] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`${label.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s`);
  return result;
}

async function main(): Promise<void> {
  await withInProcessApp('bench-import', async ({ base, token }) => {
    const authorization = { authorization: `Bearer ${token}` };

    const file = await timed(`build an .xlsx of ${ROWS.toLocaleString('en')} contracts`, () => contractsWorkbook(ROWS));
    log(`file size ${(file.length / 1024 / 1024).toFixed(1)} MiB`);
    const upload = async (bytes: Buffer, dryRun: boolean): Promise<ImportAnswer> => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'contracts.xlsx');
      const response = await fetch(`${base}/api/ledgers/outsourcing-contracts/import?dryRun=${dryRun}`, {
        method: 'POST',
        body: form,
        headers: authorization,
      });
      let status = response.status;
      let answer = (await response.json()) as ImportAnswer & { id?: string };
      // Over IMPORT_JOB_ROWS rows the import is a job: followed until it ends (its time is the import's).
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
      if (status !== 200 || answer.errors.length > 0)
        throw new Error(`import answered ${status}: ${JSON.stringify(answer).slice(0, 2000)}`);
      return answer;
    };
    const dry = await timed('dry run (validate everything, roll back)', () => upload(file, true));
    const real = await timed('import (one transaction)', () => upload(file, false));
    log(`dry run: ${dry.created} to create; import: ${real.created} created`);
    const exported = await timed('export .xlsx (streamed)', async () => {
      const response = await fetch(`${base}/api/ledgers/outsourcing-contracts/export.xlsx`, { headers: authorization });
      return Buffer.from(await response.arrayBuffer());
    });
    const again = await timed('re-import of the export (all UNCHANGED)', () => upload(exported, false));
    log(`re-import: ${again.unchanged} unchanged, ${again.updated} updated, ${again.created} created`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
