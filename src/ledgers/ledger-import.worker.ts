import { Injectable } from '@nestjs/common';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { SystemContexts } from '../jobs/system-contexts';
import { LedgerImportJobRunner } from './ledger-import-job-runner';
import { LedgerImportJobData, LedgerImportJobsService } from './ledger-import-jobs.service';

/** Hourly at 17 past: abandoned import jobs are ended, those past their retention go. */
export const LEDGER_IMPORT_PURGE_CRON = '17 * * * *';

/**
 * The import jobs' workers: one import at a time per job (two per instance), each in its own
 * transaction, so imports of different organizations never wait for each other's locks; and the
 * hourly purge, organization by organization: abandoned jobs end FAILED, old finished ones go.
 */
@Injectable()
export class LedgerImportWorker {
  constructor(
    jobs: JobQueue,
    private readonly organizations: SystemContexts,
    private readonly runner: LedgerImportJobRunner,
    private readonly importJobs: LedgerImportJobsService,
  ) {
    jobs.handle<LedgerImportJobData>(QUEUES.ledgerImport.name, (job) => this.run(job), { concurrency: 2, batch: 1 });
    jobs.handle(QUEUES.ledgerImportPurge.name, () => this.purge(), { concurrency: 1, batch: 1, cron: LEDGER_IMPORT_PURGE_CRON });
  }

  async run(job: LedgerImportJobData): Promise<void> {
    const ctx = await this.organizations.of(job.organizationId);
    if (ctx) await this.runner.run(ctx, job.importId);
  }

  async purge(): Promise<void> {
    for (const ctx of await this.organizations.everyOrganization()) await this.importJobs.purge(ctx);
  }
}
