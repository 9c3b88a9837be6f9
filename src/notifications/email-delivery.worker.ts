import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { SystemContexts } from '../jobs/system-contexts';
import { EmailStatus } from './email-outbox.entity';
import { MailSender } from './mail-sender';
import { NotificationsRepository } from './notifications.repository';
import { EmailDeliveryJob } from './notifier';

/** The attempts an e-mail gets: pg-boss's first try and its retries. */
export const MAX_EMAIL_ATTEMPTS = QUEUES.emailDelivery.options.retryLimit + 1;

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed';

/**
 * Delivers one outbox e-mail. The row is locked (FOR UPDATE SKIP LOCKED) for the whole attempt and
 * marked SENT in the same transaction as the send: a second worker holding a duplicate job skips it,
 * and a SENT row is never sent again. The one window left is a crash (or lost connection) after the
 * mail server accepted the message and before the commit: the row is still PENDING, the job expires
 * and is retried, and the message goes out once more, with the same Message-ID.
 */
@Injectable()
export class EmailDelivery {
  constructor(
    jobs: JobQueue,
    private readonly contexts: SystemContexts,
    private readonly database: Database,
    private readonly outbox: NotificationsRepository,
    private readonly mail: MailSender,
  ) {
    jobs.handle<EmailDeliveryJob>(QUEUES.emailDelivery.name, (job) => this.deliver(job).then(() => undefined));
  }

  async deliver(job: EmailDeliveryJob): Promise<DeliveryOutcome> {
    // An organization that no longer exists has no outbox left to send.
    const organization = await this.contexts.of(job.organizationId);
    if (!organization) return 'skipped';
    let failure: unknown;
    const outcome = await this.database.transaction(organization, async (ctx): Promise<DeliveryOutcome | 'retry' | 'busy'> => {
      const email = await this.outbox.lockEmail(ctx, job.outboxId);
      if (!email) {
        // Locked: another worker is sending it right now (a job retried after expiring while the first
        // attempt still runs). Try again later rather than complete: that attempt may yet fail.
        if ((await this.outbox.emailStatus(ctx, job.outboxId)) === EmailStatus.PENDING) return 'busy';
        return 'skipped';
      }
      if (email.status !== EmailStatus.PENDING) return 'skipped';
      try {
        await this.mail.send({
          id: email.id,
          to: email.to,
          subject: email.subject,
          text: email.body,
          notificationId: email.notificationId,
          kind: email.kind,
        });
      } catch (error) {
        failure = error;
        const attempts = email.attempts + 1;
        const status = attempts >= MAX_EMAIL_ATTEMPTS ? EmailStatus.FAILED : EmailStatus.PENDING;
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
        await this.outbox.recordEmailFailure(ctx, email.id, attempts, message, status);
        return status === EmailStatus.FAILED ? 'failed' : 'retry';
      }
      await this.outbox.markEmailSent(ctx, email.id);
      return 'sent';
    });
    // The failed attempt is recorded (committed) first; throwing then makes pg-boss retry the job.
    if (outcome === 'retry') throw failure;
    if (outcome === 'busy') throw new Error(`e-mail ${job.outboxId} is being sent by another worker; checked again later`);
    return outcome;
  }
}
