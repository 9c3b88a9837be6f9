import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { Context } from '../common/context';
import { AppError } from '../common/errors';
import { describeError, JsonLogger } from '../common/json-logger';
import { Role } from '../common/role';
import { JobQueue } from '../jobs/job-queue';
import { UsersRepository } from '../users/users.repository';
import { isLedgerKind } from './ledger-columns';
import { MAX_IMPORT_ATTEMPTS } from './ledger-import-jobs.service';
import { LedgerImportService } from './ledger-import.service';
import { LedgerImportsRepository } from './ledger-imports.repository';

/** The roles that may import (the controller's); checked again when the job runs. */
const IMPORT_ROLES: readonly Role[] = [Role.ADMIN, Role.PROCUREMENT_OFFICER];

/** Rows between two progress reports (each one also notices a cancellation). */
export const PROGRESS_EVERY = 100;

const UNEXPECTED = 'インポート中に予期しないエラーが発生したため、何も保存しませんでした。もう一度取り込むか、管理者に連絡してください。';
const INTERRUPTED = 'サービスの停止が重なりインポートを完了できなかったため、何も保存しませんでした。もう一度取り込んでください。';
const REQUESTER_GONE =
  'インポートを依頼した利用者が無効になったか取込みの権限（ADMIN 又は PROCUREMENT_OFFICER）を失ったため、取り込みませんでした。';

/** The job was cancelled while it ran: the import is rolled back, the job stays CANCELLED. */
class ImportCancelled extends Error {}

/** The instance is stopping: the import is rolled back and the job queued again for another run. */
class ImportInterrupted extends Error {}

/**
 * Runs one import job for its organization, as the user who posted the file (with the roles they hold
 * now), through the same import as the synchronous path: one transaction, so a run that is
 * cancelled, interrupted or fails saves nothing. The progress is written outside that transaction.
 */
@Injectable()
export class LedgerImportJobRunner {
  constructor(
    private readonly importer: LedgerImportService,
    private readonly imports: LedgerImportsRepository,
    private readonly users: UsersRepository,
    private readonly jobs: JobQueue,
    private readonly logger: JsonLogger,
  ) {}

  /** `ctx`: the system's context of the job's organization, outside any transaction. */
  async run(ctx: Context, importId: string): Promise<void> {
    const job = await this.imports.claim(ctx, importId);
    if (!job) return; // cancelled before it ran, or already over
    try {
      const caller = await this.requester(ctx, job.requestedById);
      const file = await this.imports.file(ctx, importId);
      if (!caller || !file || !isLedgerKind(job.kind)) {
        await this.imports.finish(ctx, importId, { phase: 'FAILED', failure: REQUESTER_GONE });
        return;
      }
      const ledger = await this.importer.read(job.kind, { buffer: file, originalname: job.fileName ?? undefined });
      let saved = false;
      const answer = await this.importer.run(caller, ledger, {
        fileName: job.fileName,
        dryRun: job.dryRun,
        progress: {
          every: PROGRESS_EVERY,
          report: async (rowsDone) => {
            if (this.jobs.isStopping) throw new ImportInterrupted();
            if (!(await this.imports.progress(ctx, importId, rowsDone))) throw new ImportCancelled();
          },
        },
        // DONE commits with the imported rows: a cancellation either comes first or finds the job DONE.
        beforeCommit: async (tx, answer) => {
          if (!(await this.imports.finish(tx, importId, { phase: 'DONE', result: answer, rowsDone: job.rowsTotal })))
            throw new ImportCancelled();
          saved = true;
        },
      });
      if (!saved) await this.imports.finish(ctx, importId, { phase: 'DONE', result: answer, rowsDone: job.rowsTotal });
    } catch (error) {
      if (error instanceof ImportCancelled) return;
      if (error instanceof AppError && error.code === 'BAD_USER_INPUT') {
        // The file was read when it was posted; what refuses it now is for the person, not a retry.
        // Other refusals (a write conflict, the database unavailable) are retried below.
        await this.imports.finish(ctx, importId, { phase: 'FAILED', failure: error.message });
        return;
      }
      const interrupted = error instanceof ImportInterrupted;
      if (job.attempts < MAX_IMPORT_ATTEMPTS) {
        await this.imports.requeue(ctx, importId);
        throw interrupted ? new Error('the instance is stopping: the import runs again later') : error;
      }
      if (!interrupted) this.logger.write('error', { msg: 'ledger import job failed', importId, ...describeError(error) }, 'LedgerImports');
      await this.imports.finish(ctx, importId, { phase: 'FAILED', failure: interrupted ? INTERRUPTED : UNEXPECTED });
    }
  }

  /** The user who posted the file, as a caller, or null when they are inactive or may no longer import. */
  private async requester(ctx: Context, userId: string): Promise<Context | null> {
    const user = await this.users.find(ctx, userId);
    if (!user?.active || !user.roles.some((role) => IMPORT_ROLES.includes(role))) return null;
    const actor: Actor = {
      userId: user.id,
      organizationId: ctx.organizationId,
      roles: user.roles,
      departmentId: user.departmentId,
      timeZone: ctx.timeZone,
      sessionId: 'ledger-import-job',
      mustChangePassword: false,
    };
    return Context.of(actor);
  }
}
