import { Injectable } from '@nestjs/common';
import { FindOptionsSelect } from 'typeorm';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { ImportJobPhase, LedgerImportJobEntity } from './ledger-import-job.entity';

/** An import job as the API shows it: everything but the file. */
export type LedgerImportJob = Omit<LedgerImportJobEntity, 'file' | 'organization' | 'requestedBy'>;

export interface NewLedgerImportJob {
  requestedById: string;
  kind: string;
  dryRun: boolean;
  fileName: string | null;
  file: Buffer;
  rowsTotal: number;
}

/** Every column but the file. */
const COLUMNS: FindOptionsSelect<LedgerImportJobEntity> = {
  id: true,
  organizationId: true,
  requestedById: true,
  kind: true,
  dryRun: true,
  fileName: true,
  phase: true,
  rowsDone: true,
  rowsTotal: true,
  result: true,
  failure: true,
  attempts: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
};

/**
 * The import jobs of an organization. The job worker reports progress and claims or ends a job with
 * a context outside the import's transaction (so the progress is seen while the import runs); only the
 * end of a real import is written inside it, so that DONE and the imported rows commit together and a
 * cancellation either comes first (nothing saved) or finds the job DONE.
 */
@Injectable()
export class LedgerImportsRepository {
  constructor(private readonly database: Database) {}

  private repository(ctx: Context) {
    return this.database.manager(ctx).getRepository(LedgerImportJobEntity);
  }

  async insert(ctx: Context, job: NewLedgerImportJob): Promise<LedgerImportJob> {
    const saved = await this.repository(ctx).save(
      this.repository(ctx).create({ ...job, organizationId: ctx.organizationId, phase: 'QUEUED', rowsDone: 0 }),
    );
    return (await this.find(ctx, saved.id))!;
  }

  find(ctx: Context, id: string): Promise<LedgerImportJob | null> {
    return this.repository(ctx).findOne({ select: COLUMNS, where: { id, organizationId: ctx.organizationId } });
  }

  async file(ctx: Context, id: string): Promise<Buffer | null> {
    const row = await this.repository(ctx).findOne({ select: { id: true, file: true }, where: { id, organizationId: ctx.organizationId } });
    return row?.file ?? null;
  }

  /** QUEUED (or RUNNING, when a run was cut short) → RUNNING, one attempt more; null when the job is over or gone. */
  async claim(ctx: Context, id: string): Promise<LedgerImportJob | null> {
    const updated = await this.update(ctx, id, ['QUEUED', 'RUNNING'], {
      phase: 'RUNNING',
      rowsDone: 0,
      attempts: () => 'attempts + 1',
      startedAt: () => 'clock_timestamp()',
    });
    return updated ? this.find(ctx, id) : null;
  }

  /** The rows done so far; false when the job is no longer RUNNING (cancelled). */
  progress(ctx: Context, id: string, rowsDone: number): Promise<boolean> {
    return this.update(ctx, id, ['RUNNING'], { rowsDone });
  }

  /** A RUNNING job back to QUEUED, for pg-boss to retry. */
  requeue(ctx: Context, id: string): Promise<boolean> {
    return this.update(ctx, id, ['RUNNING'], { phase: 'QUEUED' });
  }

  /** Ends a RUNNING job (the file goes); false when it was cancelled in the meantime. */
  finish(
    ctx: Context,
    id: string,
    end: { phase: 'DONE'; result: object; rowsDone: number } | { phase: 'FAILED'; failure: string },
  ): Promise<boolean> {
    return this.update(ctx, id, ['RUNNING'], { ...end, file: null, finishedAt: () => 'clock_timestamp()' });
  }

  /** Cancels a job that has not ended (the file goes); false when it had ended already. */
  cancel(ctx: Context, id: string): Promise<boolean> {
    return this.update(ctx, id, ['QUEUED', 'RUNNING'], { phase: 'CANCELLED', file: null, finishedAt: () => 'clock_timestamp()' });
  }

  /**
   * Ends the jobs nobody will run any more: RUNNING after their last allowed run started before
   * `lastRunBefore` (the process running it died and pg-boss gave up), or QUEUED since before
   * `queuedBefore`. FAILED with `failure`, the file goes; answers how many.
   */
  async failAbandoned(
    ctx: Context,
    limits: { maxAttempts: number; lastRunBefore: Date; queuedBefore: Date },
    failure: string,
  ): Promise<number> {
    const result = await this.repository(ctx)
      .createQueryBuilder()
      .update()
      .set({ phase: 'FAILED', failure, file: null, finishedAt: () => 'clock_timestamp()' })
      .where('organization_id = :organizationId', { organizationId: ctx.organizationId })
      .andWhere(
        `((phase = 'RUNNING' AND attempts >= :maxAttempts AND started_at < :lastRunBefore) OR (phase = 'QUEUED' AND created_at < :queuedBefore))`,
        limits,
      )
      .execute();
    return result.affected ?? 0;
  }

  /** Deletes the jobs that ended before `before`; answers how many. */
  async deleteFinishedBefore(ctx: Context, before: Date): Promise<number> {
    const result = await this.repository(ctx)
      .createQueryBuilder()
      .delete()
      .where('organization_id = :organizationId AND finished_at < :before', { organizationId: ctx.organizationId, before })
      .execute();
    return result.affected ?? 0;
  }

  private async update(
    ctx: Context,
    id: string,
    from: readonly ImportJobPhase[],
    values: Parameters<ReturnType<LedgerImportsRepository['repository']>['update']>[1],
  ): Promise<boolean> {
    const result = await this.repository(ctx)
      .createQueryBuilder()
      .update()
      .set(values)
      .where('id = :id AND organization_id = :organizationId AND phase IN (:...from)', { id, organizationId: ctx.organizationId, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
