import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobQueue, QUEUES } from './job-queue';
import { emailBody, NotificationKind, NotificationText } from './notification-messages';
import { dedupeKey } from './notification.entity';

export interface NotificationDraft {
  organizationId: string;
  /** Deactivated users and users of another organization are left out. */
  recipientIds: readonly string[];
  kind: NotificationKind;
  text: NotificationText;
  subjectId: string | null;
  reviewId?: string | null;
  evidenceVersionId?: string | null;
  dueDate?: string | null;
  /** Reminders: how many days before the due date, so that the 14-day and the 3-day reminder are two notices. */
  daysBefore?: number | null;
}

export interface EmailDeliveryJob {
  organizationId: string;
  outboxId: string;
}

const MAIL_SUBJECT_PREFIX = '[委託先管理] ';

/**
 * Writes notifications into the inbox and the outbox, in the caller's transaction. Each recipient's
 * notice is inserted with ON CONFLICT DO NOTHING on the unique key (organization, recipient, kind,
 * dedupe key): whichever transaction commits it first wins, any other (a second instance, a repeated
 * job) inserts nothing and sends no e-mail. A new notice gets its outbox e-mail and delivery job in
 * the same statement and transaction.
 */
@Injectable()
export class Notifier {
  constructor(private readonly jobs: JobQueue) {}

  /** Returns how many notifications were new. */
  async notify(manager: EntityManager, draft: NotificationDraft): Promise<number> {
    if (draft.recipientIds.length === 0) return 0;
    const recipients = await manager.query<{ id: string; email: string; display_name: string }[]>(
      `SELECT id, email, display_name FROM users WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND active ORDER BY id`,
      [draft.organizationId, [...new Set(draft.recipientIds)]],
    );
    const key = dedupeKey(draft);
    const deliveries: { data: EmailDeliveryJob }[] = [];
    for (const recipient of recipients) {
      const rows = await manager.query<{ id: string }[]>(
        `WITH notice AS (
           INSERT INTO notifications (organization_id, recipient_id, kind, message, subject_id, review_id, evidence_version_id, due_date, dedupe_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT DO NOTHING
           RETURNING id)
         INSERT INTO email_outbox (organization_id, notification_id, to_address, subject, body)
         SELECT $1, notice.id, $10, $11, $12 FROM notice
         RETURNING id`,
        [
          draft.organizationId,
          recipient.id,
          draft.kind,
          draft.text.message,
          draft.subjectId,
          draft.reviewId ?? null,
          draft.evidenceVersionId ?? null,
          draft.dueDate ?? null,
          key,
          recipient.email,
          `${MAIL_SUBJECT_PREFIX}${draft.text.title}`,
          emailBody(recipient.display_name, draft.text),
        ],
      );
      for (const row of rows) deliveries.push({ data: { organizationId: draft.organizationId, outboxId: row.id } });
    }
    await this.jobs.sendMany(manager, QUEUES.emailDelivery.name, deliveries);
    return deliveries.length;
  }

  /** Every active SECURITY_OFFICER of the organization. */
  async securityOfficers(manager: EntityManager, organizationId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE organization_id = $1 AND active AND 'SECURITY_OFFICER'::role = ANY(roles) ORDER BY id`,
      [organizationId],
    );
    return rows.map((row) => row.id);
  }
}
