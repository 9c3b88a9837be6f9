import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { EmailStatus } from './email-outbox.entity';
import { JobQueue, QUEUES } from './job-queue';
import { MailSender } from './mail-sender';
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
    private readonly database: Database,
    private readonly mail: MailSender,
  ) {
    jobs.handle<EmailDeliveryJob>(QUEUES.emailDelivery.name, (job) => this.deliver(job).then(() => undefined));
  }

  async deliver(job: EmailDeliveryJob): Promise<DeliveryOutcome> {
    let failure: unknown;
    const outcome = await this.database.transaction(async (manager): Promise<DeliveryOutcome | 'retry' | 'busy'> => {
      const [row] = await manager.query<
        {
          id: string;
          notification_id: string;
          kind: string;
          to_address: string;
          subject: string;
          body: string;
          status: EmailStatus;
          attempts: number;
        }[]
      >(
        `SELECT o.id, o.notification_id, n.kind, o.to_address, o.subject, o.body, o.status, o.attempts
           FROM email_outbox o JOIN notifications n ON n.id = o.notification_id
          WHERE o.organization_id = $1 AND o.id = $2
          FOR UPDATE OF o SKIP LOCKED`,
        [job.organizationId, job.outboxId],
      );
      if (!row) {
        // Locked: another worker is sending it right now (a job retried after expiring while the first
        // attempt still runs). Try again later rather than complete: that attempt may yet fail.
        const [other] = await manager.query<{ status: EmailStatus }[]>(
          `SELECT status FROM email_outbox WHERE organization_id = $1 AND id = $2`,
          [job.organizationId, job.outboxId],
        );
        if (other?.status === EmailStatus.PENDING) return 'busy';
        return 'skipped';
      }
      if (row.status !== EmailStatus.PENDING) return 'skipped';
      try {
        await this.mail.send({
          id: row.id,
          to: row.to_address,
          subject: row.subject,
          text: row.body,
          notificationId: row.notification_id,
          kind: row.kind,
        });
      } catch (error) {
        failure = error;
        const attempts = row.attempts + 1;
        const status = attempts >= MAX_EMAIL_ATTEMPTS ? EmailStatus.FAILED : EmailStatus.PENDING;
        await manager.query(`UPDATE email_outbox SET attempts = $3, last_error = $4, status = $5 WHERE organization_id = $1 AND id = $2`, [
          job.organizationId,
          row.id,
          attempts,
          (error instanceof Error ? error.message : String(error)).slice(0, 2000),
          status,
        ]);
        return status === EmailStatus.FAILED ? 'failed' : 'retry';
      }
      await manager.query(
        `UPDATE email_outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE organization_id = $1 AND id = $2`,
        [job.organizationId, row.id],
      );
      return 'sent';
    });
    // The failed attempt is recorded (committed) first; throwing then makes pg-boss retry the job.
    if (outcome === 'retry') throw failure;
    if (outcome === 'busy') throw new Error(`e-mail ${job.outboxId} is being sent by another worker; checked again later`);
    return outcome;
  }
}
