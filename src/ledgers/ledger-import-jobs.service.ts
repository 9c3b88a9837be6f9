import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Context } from '../common/context';
import { conflict, notFound } from '../common/errors';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { isUuid } from '../database/tenant-scope';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { ImportSlots } from './import-slots';
import { LedgerKind } from './ledger-columns';
import { ImportJobPhase } from './ledger-import-job.entity';
import { ImportAnswer, LedgerImportService, UploadedLedger } from './ledger-import.service';
import { LedgerImportJob, LedgerImportsRepository } from './ledger-imports.repository';

/** What the worker gets: the job's row is the truth, the message only names it. */
export interface LedgerImportJobData {
  organizationId: string;
  importId: string;
}

/** `GET /api/ledgers/imports/{id}`: the progress, then (DONE) the answer of the synchronous import. */
export interface ImportJobAnswer {
  id: string;
  kind: string;
  dryRun: boolean;
  fileName: string | null;
  phase: ImportJobPhase;
  rowsDone: number;
  rowsTotal: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: ImportAnswer | null;
  failure: string | null;
}

export function toImportJobAnswer(job: LedgerImportJob): ImportJobAnswer {
  return {
    id: job.id,
    kind: job.kind,
    dryRun: job.dryRun,
    fileName: job.fileName,
    phase: job.phase,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    result: (job.result as ImportAnswer | null) ?? null,
    failure: job.failure,
  };
}

export type ImportOutcome = { answer: ImportAnswer } | { job: ImportJobAnswer };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs of one job before it is left FAILED: pg-boss's retries and the first run. */
export const MAX_IMPORT_ATTEMPTS = QUEUES.ledgerImport.options.retryLimit + 1;

/** A last run that started longer ago than pg-boss's expiry and this margin is over, whatever its row says. */
const ABANDON_MARGIN_MS = 30 * 60 * 1000;

/** A job still QUEUED after a day will not be run (its pg-boss job is gone). */
const QUEUED_AT_MOST_MS = DAY_MS;

const ABANDONED = 'インポートの処理が途中で止まったまま終了しなかったため、何も保存しませんでした。もう一度取り込んでください。';

/**
 * Ledger imports, by size: up to IMPORT_JOB_ROWS data rows (dry run or not) within the HTTP request,
 * larger ones as a job of the `ledger-import` queue that outlives the request (`LedgerImportJobRunner`
 * runs it). The job is created and sent in one transaction, so it exists exactly when its row does.
 */
@Injectable()
export class LedgerImportJobsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    private readonly jobs: JobQueue,
    private readonly importer: LedgerImportService,
    private readonly imports: LedgerImportsRepository,
    private readonly slots: ImportSlots,
    private readonly audit: AuditService,
  ) {}

  async importOrQueue(ctx: Context, kind: LedgerKind, file: UploadedLedger, dryRun: boolean): Promise<ImportOutcome> {
    // At most IMPORT_PARSE_CONCURRENCY uploads are read at once per instance; the others wait briefly, then get 503.
    const ledger = await this.slots.run(() => this.importer.read(kind, file));
    const fileName = file.originalname ?? null;
    if (ledger.layout.rows.length <= this.config.importJobRows)
      return { answer: await this.importer.run(ctx, ledger, { fileName, dryRun }) };
    const job = await this.database.transaction(ctx, async (ctx) => {
      await this.imports.deleteFinishedBefore(ctx, this.retentionCutoff());
      const job = await this.imports.insert(ctx, {
        requestedById: ctx.caller.userId,
        kind,
        dryRun,
        fileName,
        file: file.buffer,
        rowsTotal: ledger.layout.rows.length,
      });
      const data: LedgerImportJobData = { organizationId: ctx.organizationId, importId: job.id };
      await this.jobs.send(ctx, QUEUES.ledgerImport.name, { id: job.id, data });
      return job;
    });
    return { job: toImportJobAnswer(job) };
  }

  /** One of the organization's import jobs; another organization's, or an unknown id, is NOT_FOUND. */
  async find(ctx: Context, id: string): Promise<ImportJobAnswer> {
    const job = isUuid(id) ? await this.imports.find(ctx, id) : null;
    if (!job) throw notFound('インポート');
    return toImportJobAnswer(job);
  }

  /**
   * Cancels a job: a QUEUED one never runs; a RUNNING one stops at its next progress report and saves
   * nothing. A job that has ended is a CONFLICT. Audited (LEDGER_IMPORT_CANCELLED) as the caller's.
   */
  async cancel(ctx: Context, id: string): Promise<ImportJobAnswer> {
    const before = await this.find(ctx, id);
    await this.database.transaction(ctx, async (ctx) => {
      if (!(await this.imports.cancel(ctx, id))) {
        const now = await this.find(ctx, id);
        throw conflict(`このインポートは既に終了しています（${now.phase}）。取り消せません。`);
      }
      if (before.phase === 'QUEUED') await this.jobs.delete(ctx, QUEUES.ledgerImport.name, [id]);
      await this.audit.record(ctx, {
        action: 'LEDGER_IMPORT_CANCELLED',
        entityType: 'LedgerImport',
        entityId: id,
        changes: {
          kind: [before.kind, before.kind],
          fileName: [before.fileName, before.fileName],
          dryRun: [before.dryRun, before.dryRun],
          phase: [before.phase, 'CANCELLED'],
          rowsDone: [before.rowsDone, before.rowsDone],
        },
      });
    });
    return this.find(ctx, id);
  }

  /**
   * Ends the organization's abandoned jobs (FAILED, so that nobody waits for them) and deletes the
   * ones that ended more than IMPORT_JOB_RETENTION_DAYS ago.
   */
  async purge(ctx: Context, now = Date.now()): Promise<number> {
    await this.imports.failAbandoned(
      ctx,
      {
        maxAttempts: MAX_IMPORT_ATTEMPTS,
        lastRunBefore: new Date(now - QUEUES.ledgerImport.options.expireInSeconds * 1000 - ABANDON_MARGIN_MS),
        queuedBefore: new Date(now - QUEUED_AT_MOST_MS),
      },
      ABANDONED,
    );
    return this.imports.deleteFinishedBefore(ctx, this.retentionCutoff());
  }

  private retentionCutoff(): Date {
    return new Date(Date.now() - this.config.importJobRetentionDays * DAY_MS);
  }
}
