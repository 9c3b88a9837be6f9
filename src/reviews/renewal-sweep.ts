import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { SystemContexts } from '../jobs/system-contexts';
import { ReviewScheduler } from './review-scheduler';

/** Hourly, at five past: the day a renewal window opens is caught within the hour in every time zone. */
export const RENEWAL_SWEEP_CRON = '5 * * * *';

/**
 * Opens the RENEWAL reviews whose window has opened with the passing of time (contract writes open
 * them at once otherwise). A pg-boss cron job: one job per occurrence however many instances run, and
 * the queue's stately policy lets only one sweep run at a time. One transaction per organization, on
 * the organization's own calendar.
 */
@Injectable()
export class RenewalSweep {
  private readonly logger = new Logger('RenewalSweep');

  constructor(
    jobs: JobQueue,
    private readonly organizations: SystemContexts,
    private readonly database: Database,
    private readonly scheduler: ReviewScheduler,
  ) {
    jobs.handle(QUEUES.renewalSweep.name, () => this.run().then(() => undefined), { concurrency: 1, batch: 1, cron: RENEWAL_SWEEP_CRON });
  }

  /** Returns how many RENEWAL reviews were opened. */
  async run(): Promise<number> {
    let opened = 0;
    const failed: string[] = [];
    for (const organization of await this.organizations.everyOrganization()) {
      try {
        opened += await this.database.transaction(organization, (ctx) => this.scheduler.openDueRenewals(ctx));
      } catch (error) {
        // Another transaction (a contract write, a sweep elsewhere) opened the same review first.
        if (isUniqueViolation(error)) continue;
        failed.push(organization.organizationId);
        this.logger.warn({
          msg: 'renewal sweep failed for an organization',
          organizationId: organization.organizationId,
          error: String(error),
        });
      }
    }
    if (opened) this.logger.log({ msg: 'renewal reviews opened', opened });
    // The others are done; a retry runs the failed ones again (openDueRenewals skips what exists).
    if (failed.length) throw new Error(`renewal sweep failed for ${failed.length} organization(s)`);
    return opened;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const pgError = error as { code?: string; driverError?: { code?: string } };
  return pgError.code === '23505' || pgError.driverError?.code === '23505';
}
