import { Client } from 'pg';
import { Context } from '../src/common/context';
import { Role } from '../src/common/role';
import { Database } from '../src/database/database';
import { runPendingMigrations } from '../src/database/migrate';
import { LedgerImportWorker } from '../src/ledgers/ledger-import.worker';
import { LedgerImportsRepository } from '../src/ledgers/ledger-imports.repository';
import { organizationWithRoles, scratchDatabase, startApp, TestApp } from './support/harness';

const AUDIT = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { nodes { action entityType changes actor { id } } } }`;

/** The import threshold of the apps that run jobs: a file of more rows than this is a job. */
const JOB_ROWS = 5;

function accountsFile(count: number, prefix = 'acct'): Buffer {
  const lines = ['名称,プラットフォーム,アカウント名,URL,利用目的,可用性'];
  for (let i = 0; i < count; i++)
    lines.push(`アカウント${i},${i % 2 ? 'X' : 'YouTube'},@${prefix}_${i},https://example.jp/${i},広報,${(i % 2) + 1}`);
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

interface Answer {
  status: number;
  location: string | null;
  body: any;
}

async function call(app: TestApp, method: string, path: string, token: string | undefined, body?: FormData): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, { method, body, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), body: text ? JSON.parse(text) : null };
}

function upload(app: TestApp, kind: string, bytes: Buffer, token: string, dryRun: boolean): Promise<Answer> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'accounts.csv');
  return call(app, 'POST', `/api/ledgers/${kind}/import?dryRun=${dryRun}`, token, form);
}

/** Polls the job until it has ended (the test's own timeout bounds the wait). */
async function ended(app: TestApp, id: string, token: string): Promise<any> {
  for (;;) {
    const { status, body } = await call(app, 'GET', `/api/ledgers/imports/${id}`, token);
    expect(status).toBe(200);
    expect(body.rowsDone).toBeLessThanOrEqual(body.rowsTotal);
    if (['DONE', 'FAILED', 'CANCELLED'].includes(body.phase)) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function subjectCount(app: TestApp, token: string): Promise<number> {
  const result = await app.gql<{ subjects: { totalCount: number } }>('{ subjects(first: 1) { totalCount } }', {}, token);
  return result.data!.subjects.totalCount;
}

// Each block on a database of its own: no worker of another test file's app takes its jobs (and stops
// with that app, leaving them to a retry half a minute later).
describe('ledger imports as jobs: over IMPORT_JOB_ROWS rows an import runs in the background', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let jobApp: TestApp;
  let syncApp: TestApp;
  beforeAll(async () => {
    scratch = await scratchDatabase();
    await runPendingMigrations(scratch.url);
    jobApp = await startApp({ IMPORT_JOB_ROWS: String(JOB_ROWS) }, scratch.url);
    syncApp = await startApp({}, scratch.url);
  });
  afterAll(async () => {
    await jobApp.close();
    await syncApp.close();
    await scratch.drop();
  });

  it('answers 202 with the job, shows its progress, and ends with the answer the synchronous import gives', async () => {
    const { tokens, userIds } = await organizationWithRoles(jobApp);
    const other = await organizationWithRoles(jobApp);
    const file = accountsFile(12);
    const officer = tokens[Role.PROCUREMENT_OFFICER];

    // The synchronous answers for the same file (the threshold of syncApp is 2,000 rows).
    const syncDryRun = await upload(syncApp, 'social-media-accounts', file, officer, true);
    expect(syncDryRun.status).toBe(200);
    const syncImport = await upload(syncApp, 'social-media-accounts', file, other.tokens[Role.ADMIN], false);
    expect(syncImport.status).toBe(200);
    expect(syncImport.body).toMatchObject({ dryRun: false, created: 12, updated: 0, unchanged: 0, errors: [] });

    // A dry run over the threshold is a job too.
    const dryRun = await upload(jobApp, 'social-media-accounts', file, officer, true);
    expect(dryRun.status).toBe(202);
    expect(dryRun.location).toBe(`/api/ledgers/imports/${dryRun.body.id}`);
    expect(dryRun.body).toMatchObject({
      kind: 'social-media-accounts',
      dryRun: true,
      fileName: 'accounts.csv',
      phase: 'QUEUED',
      rowsDone: 0,
      rowsTotal: 12,
      result: null,
      failure: null,
    });
    const dryRunEnded = await ended(jobApp, dryRun.body.id, officer);
    expect(dryRunEnded).toMatchObject({ phase: 'DONE', rowsDone: 12, rowsTotal: 12 });
    expect(dryRunEnded.result).toEqual(syncDryRun.body);
    expect(await subjectCount(jobApp, officer)).toBe(0);

    // The real import: the same answer as the other organization's synchronous one, the rows saved, audited as the requester.
    const real = await upload(jobApp, 'social-media-accounts', file, officer, false);
    expect(real.status).toBe(202);
    const realEnded = await ended(jobApp, real.body.id, officer);
    expect(realEnded).toMatchObject({ phase: 'DONE', dryRun: false, rowsDone: 12, failure: null });
    expect(realEnded.result).toEqual(syncImport.body);
    expect(await subjectCount(jobApp, officer)).toBe(12);
    const audit = await jobApp.gql(AUDIT, { filter: { action: 'LEDGER_IMPORTED' } }, tokens[Role.ADMIN]);
    expect(audit.data!.auditEvents.nodes).toHaveLength(1);
    expect(audit.data!.auditEvents.nodes[0].actor).toEqual({ id: userIds[Role.PROCUREMENT_OFFICER] });
    expect(JSON.parse(audit.data!.auditEvents.nodes[0].changes)).toMatchObject({
      kind: [null, 'social-media-accounts'],
      rows: [null, 12],
      created: [null, 12],
    });
    // The file is not kept once the job has ended.
    const [stored] = await jobApp.dataSource.query('SELECT file FROM ledger_imports WHERE id = $1', [real.body.id]);
    expect(stored.file).toBeNull();

    // An ended job cannot be cancelled.
    const late = await call(jobApp, 'DELETE', `/api/ledgers/imports/${real.body.id}`, officer);
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: 'CONFLICT', message: 'このインポートは既に終了しています（DONE）。取り消せません。' });

    // Up to the threshold an import stays within the request.
    const small = await upload(jobApp, 'social-media-accounts', accountsFile(JOB_ROWS, 'small'), officer, true);
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({ dryRun: true, created: JOB_ROWS });
  });

  it("lets another organization's synchronous import through while a job runs", async () => {
    const a = await organizationWithRoles(jobApp);
    const b = await organizationWithRoles(jobApp);
    const job = await upload(jobApp, 'social-media-accounts', accountsFile(40, 'a'), a.tokens[Role.ADMIN], false);
    expect(job.status).toBe(202);
    const other = await upload(jobApp, 'social-media-accounts', accountsFile(JOB_ROWS, 'b'), b.tokens[Role.ADMIN], false);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ created: JOB_ROWS, errors: [] });
    expect(await ended(jobApp, job.body.id, a.tokens[Role.ADMIN])).toMatchObject({ phase: 'DONE', result: { created: 40 } });
    expect(await subjectCount(jobApp, b.tokens[Role.AUDITOR])).toBe(JOB_ROWS);
  });

  it("refreshes an import's statistics without waiting for the tables another transaction analyzes", async () => {
    // A long import of one organization holds the ANALYZE lock on the tables it grows until it ends.
    const holder = new Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('ANALYZE subjects, social_media_accounts');
      const { organization } = await organizationWithRoles(syncApp);
      const database = syncApp.app.get(Database);
      const ctx = Context.system({ id: organization.id, timeZone: 'Asia/Tokyo' });
      // Another organization's import refreshes them under a statement timeout: passed over, not waited for.
      await expect(
        database.transaction(ctx, async (tx) => {
          await tx.transaction!.manager.query(`SET LOCAL statement_timeout = '1s'`);
          await database.analyze(tx, ['subjects', 'social_media_accounts']);
          return 'analyzed';
        }),
      ).resolves.toBe('analyzed');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it("answers another organization's job NOT_FOUND, and only ADMIN and PROCUREMENT_OFFICER follow or cancel jobs", async () => {
    const owner = await organizationWithRoles(jobApp);
    const stranger = await organizationWithRoles(jobApp);
    const job = await upload(jobApp, 'social-media-accounts', accountsFile(8, 'roles'), owner.tokens[Role.ADMIN], true);
    expect(job.status).toBe(202);
    const path = `/api/ledgers/imports/${job.body.id}`;
    for (const method of ['GET', 'DELETE']) {
      const foreign = await call(jobApp, method, path, stranger.tokens[Role.ADMIN]);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe('NOT_FOUND');
      for (const role of [Role.AUDITOR, Role.STAFF] as Role[]) {
        const refused = await call(jobApp, method, path, owner.tokens[role]);
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
      }
      expect((await call(jobApp, method, path, undefined)).status).toBe(401);
      expect((await call(jobApp, method, '/api/ledgers/imports/not-an-id', owner.tokens[Role.ADMIN])).status).toBe(404);
    }
    const ownView = await ended(jobApp, job.body.id, owner.tokens[Role.PROCUREMENT_OFFICER]);
    expect(ownView).toMatchObject({ phase: 'DONE', result: { dryRun: true, created: 8 } });
  });
});

describe('ledger import jobs where no worker runs: the test runs them', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let apiApp: TestApp;
  beforeAll(async () => {
    scratch = await scratchDatabase();
    await runPendingMigrations(scratch.url);
    // The API only: jobs are queued here and run only when the test runs them.
    apiApp = await startApp({ IMPORT_JOB_ROWS: String(JOB_ROWS), APP_ROLE: 'api' }, scratch.url);
  });
  afterAll(async () => {
    await apiApp.close();
    await scratch.drop();
  });

  it('cancels a queued job: it never runs and saves nothing', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(apiApp);
    const admin = tokens[Role.ADMIN];
    const job = await upload(apiApp, 'social-media-accounts', accountsFile(9), admin, false);
    expect(job.status).toBe(202);
    const queued = await apiApp.dataSource.query('SELECT state FROM pgboss.job WHERE id = $1', [job.body.id]);
    expect(queued).toEqual([{ state: 'created' }]);

    const cancelled = await call(apiApp, 'DELETE', `/api/ledgers/imports/${job.body.id}`, tokens[Role.PROCUREMENT_OFFICER]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: job.body.id, phase: 'CANCELLED', rowsDone: 0, result: null });
    expect(await apiApp.dataSource.query('SELECT state FROM pgboss.job WHERE id = $1', [job.body.id])).toEqual([]);
    // Audited as the procurement officer's.
    const events = await apiApp.dataSource.query<{ action: string; actor_id: string; entity_type: string; changes: unknown }[]>(
      `SELECT action, actor_id, entity_type, changes FROM audit_events WHERE entity_id = $1`,
      [job.body.id],
    );
    expect(events).toEqual([
      {
        action: 'LEDGER_IMPORT_CANCELLED',
        actor_id: userIds[Role.PROCUREMENT_OFFICER],
        entity_type: 'LedgerImport',
        changes: {
          kind: ['social-media-accounts', 'social-media-accounts'],
          fileName: [job.body.fileName, job.body.fileName],
          dryRun: [false, false],
          phase: ['QUEUED', 'CANCELLED'],
          rowsDone: [0, 0],
        },
      },
    ]);

    // Were its message delivered anyway, the worker would find it cancelled and do nothing.
    await apiApp.app.get(LedgerImportWorker).run({ organizationId: organization.id, importId: job.body.id });
    expect((await call(apiApp, 'GET', `/api/ledgers/imports/${job.body.id}`, admin)).body.phase).toBe('CANCELLED');
    expect(await subjectCount(apiApp, admin)).toBe(0);
  });

  /** Runs a job in the test, calling `during` after the progress report of `atRow` has been written. */
  async function runCancelling(organizationId: string, id: string, atRow: number, during: () => Promise<void>): Promise<number[]> {
    const imports = apiApp.app.get(LedgerImportsRepository);
    const progress = imports.progress.bind(imports);
    const reported: number[] = [];
    const spy = jest.spyOn(imports, 'progress').mockImplementation(async (ctx, importId, rowsDone) => {
      reported.push(rowsDone);
      const running = await progress(ctx, importId, rowsDone);
      if (rowsDone === atRow) await during();
      return running;
    });
    try {
      await apiApp.app.get(LedgerImportWorker).run({ organizationId, importId: id });
    } finally {
      spy.mockRestore();
    }
    return reported;
  }

  it('cancels a running job: it stops at its next progress report and nothing of it is saved', async () => {
    const { tokens, organization } = await organizationWithRoles(apiApp);
    const admin = tokens[Role.ADMIN];
    const job = await upload(apiApp, 'social-media-accounts', accountsFile(250, 'running'), admin, false);
    const path = `/api/ledgers/imports/${job.body.id}`;
    const reported = await runCancelling(organization.id, job.body.id, 100, async () => {
      expect((await call(apiApp, 'GET', path, admin)).body).toMatchObject({ phase: 'RUNNING', rowsDone: 100, rowsTotal: 250 });
      expect((await call(apiApp, 'DELETE', path, admin)).body).toMatchObject({ phase: 'CANCELLED' });
    });
    expect(reported).toEqual([0, 100, 200]);
    expect((await call(apiApp, 'GET', path, admin)).body).toMatchObject({ phase: 'CANCELLED', result: null });
    expect(await subjectCount(apiApp, admin)).toBe(0);
    const audit = await apiApp.gql(AUDIT, { filter: { action: 'LEDGER_IMPORTED' } }, admin);
    expect(audit.data!.auditEvents.nodes).toEqual([]);
  });

  it('rolls back a job cancelled after its last progress report: DONE is written with the rows, or not at all', async () => {
    const { tokens, organization } = await organizationWithRoles(apiApp);
    const admin = tokens[Role.ADMIN];
    const job = await upload(apiApp, 'social-media-accounts', accountsFile(30, 'last'), admin, false);
    const path = `/api/ledgers/imports/${job.body.id}`;
    const reported = await runCancelling(organization.id, job.body.id, 0, async () => {
      expect((await call(apiApp, 'DELETE', path, admin)).status).toBe(200);
    });
    expect(reported).toEqual([0]);
    expect((await call(apiApp, 'GET', path, admin)).body).toMatchObject({ phase: 'CANCELLED', result: null });
    expect(await subjectCount(apiApp, admin)).toBe(0);
  });

  it('runs a queued job as its requester, and leaves it FAILED with a Japanese message when the requester may no longer import', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(apiApp);
    const officer = tokens[Role.PROCUREMENT_OFFICER];
    const worker = apiApp.app.get(LedgerImportWorker);
    const done = await upload(apiApp, 'social-media-accounts', accountsFile(7), officer, false);
    await worker.run({ organizationId: organization.id, importId: done.body.id });
    expect((await call(apiApp, 'GET', `/api/ledgers/imports/${done.body.id}`, officer)).body).toMatchObject({
      phase: 'DONE',
      rowsDone: 7,
      result: { created: 7 },
    });

    const refused = await upload(apiApp, 'social-media-accounts', accountsFile(7, 'later'), officer, false);
    await apiApp.dataSource.query(`UPDATE users SET roles = '{STAFF}' WHERE id = $1`, [userIds[Role.PROCUREMENT_OFFICER]]);
    await worker.run({ organizationId: organization.id, importId: refused.body.id });
    const failed = await call(apiApp, 'GET', `/api/ledgers/imports/${refused.body.id}`, tokens[Role.ADMIN]);
    expect(failed.body).toMatchObject({
      phase: 'FAILED',
      result: null,
      failure:
        'インポートを依頼した利用者が無効になったか取込みの権限（ADMIN 又は PROCUREMENT_OFFICER）を失ったため、取り込みませんでした。',
    });
    expect(await subjectCount(apiApp, tokens[Role.ADMIN])).toBe(7);
  });

  it('deletes the jobs that ended more than IMPORT_JOB_RETENTION_DAYS ago', async () => {
    const { tokens } = await organizationWithRoles(apiApp);
    const admin = tokens[Role.ADMIN];
    const old = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'old'), admin, true);
    const recent = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'recent'), admin, true);
    for (const job of [old, recent]) expect((await call(apiApp, 'DELETE', `/api/ledgers/imports/${job.body.id}`, admin)).status).toBe(200);
    await apiApp.dataSource.query(`UPDATE ledger_imports SET finished_at = now() - interval '8 days' WHERE id = $1`, [old.body.id]);
    await apiApp.app.get(LedgerImportWorker).purge();
    expect((await call(apiApp, 'GET', `/api/ledgers/imports/${old.body.id}`, admin)).status).toBe(404);
    expect((await call(apiApp, 'GET', `/api/ledgers/imports/${recent.body.id}`, admin)).body.phase).toBe('CANCELLED');
  });

  it('ends a job nobody will run any more FAILED, and leaves one that may still run as it is', async () => {
    const { tokens } = await organizationWithRoles(apiApp);
    const admin = tokens[Role.ADMIN];
    const dead = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'dead'), admin, true);
    const retried = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'retried'), admin, true);
    const forgotten = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'forgotten'), admin, true);
    const waiting = await upload(apiApp, 'social-media-accounts', accountsFile(6, 'waiting'), admin, true);
    // Its third and last run started two hours ago and never reported back (the process died).
    await apiApp.dataSource.query(
      `UPDATE ledger_imports SET phase = 'RUNNING', attempts = 3, started_at = now() - interval '2 hours' WHERE id = $1`,
      [dead.body.id],
    );
    // A second run: pg-boss runs it again once it expires.
    await apiApp.dataSource.query(
      `UPDATE ledger_imports SET phase = 'RUNNING', attempts = 2, started_at = now() - interval '2 hours' WHERE id = $1`,
      [retried.body.id],
    );
    await apiApp.dataSource.query(`UPDATE ledger_imports SET created_at = now() - interval '25 hours' WHERE id = $1`, [forgotten.body.id]);
    await apiApp.app.get(LedgerImportWorker).purge();

    const phaseOf = async (id: string): Promise<unknown> => (await call(apiApp, 'GET', `/api/ledgers/imports/${id}`, admin)).body;
    const abandoned = {
      phase: 'FAILED',
      result: null,
      failure: 'インポートの処理が途中で止まったまま終了しなかったため、何も保存しませんでした。もう一度取り込んでください。',
    };
    expect(await phaseOf(dead.body.id)).toMatchObject(abandoned);
    expect(await phaseOf(forgotten.body.id)).toMatchObject(abandoned);
    expect(await phaseOf(retried.body.id)).toMatchObject({ phase: 'RUNNING', failure: null });
    expect(await phaseOf(waiting.body.id)).toMatchObject({ phase: 'QUEUED', failure: null });
    const [files] = await apiApp.dataSource.query<{ kept: number }[]>(
      `SELECT count(*)::int AS kept FROM ledger_imports WHERE id = ANY($1) AND file IS NOT NULL`,
      [[dead.body.id, forgotten.body.id, retried.body.id, waiting.body.id]],
    );
    expect(files.kept).toBe(2);
  });
});
