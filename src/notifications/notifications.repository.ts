import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { Database } from '../database/database';
import { keysetPage } from '../database/keyset-page';
import { isUuid, scoped } from '../database/tenant-scope';
import { EmailStatus } from './email-outbox.entity';
import { NotificationKind } from './notification-messages';
import { NotificationEntity } from './notification.entity';

/** A notice to one recipient, with its e-mail. */
export interface NewNotice {
  recipientId: string;
  kind: NotificationKind;
  message: string;
  subjectId: string | null;
  reviewId: string | null;
  evidenceVersionId: string | null;
  dueDate: string | null;
  dedupeKey: string;
  email: { to: string; subject: string; body: string };
}

/** An outbox e-mail locked for its delivery attempt. */
export interface OutboxEmail {
  id: string;
  notificationId: string;
  kind: string;
  to: string;
  subject: string;
  body: string;
  status: EmailStatus;
  attempts: number;
}

/** The inbox (notifications) and the e-mail outbox, each query filtered on the context's organization. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly database: Database) {}

  /** One recipient's notifications, newest first, then by id. */
  page(
    ctx: Context,
    recipientId: string,
    unreadOnly: boolean,
    first = DEFAULT_PAGE_SIZE,
    after?: string,
  ): Promise<Page<NotificationEntity>> {
    const query = scoped(this.database.manager(ctx), ctx)
      .select(NotificationEntity, 'n')
      .andWhere('n.recipient_id = :me', { me: recipientId });
    if (unreadOnly) query.andWhere('n.read_at IS NULL');
    return keysetPage(
      query,
      {
        columns: [
          { sql: 'n.created_at', kind: 'timestamp', of: (n) => n.createdAt.toISOString() },
          { sql: 'n.id', kind: 'uuid', of: (n) => n.id },
        ],
        direction: 'DESC',
      },
      first,
      after,
    );
  }

  /** Marks the recipient's unread notifications among `ids` read; returns how many changed. Other ids count for nothing. */
  async markRead(ctx: Context, recipientId: string, ids: readonly string[]): Promise<number> {
    const own = [...new Set(ids.filter(isUuid))];
    if (own.length === 0) return 0;
    const result = await this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'now()' })
      .where('organization_id = :organizationId AND recipient_id = :me AND id IN (:...ids) AND read_at IS NULL', {
        organizationId: ctx.organizationId,
        me: recipientId,
        ids: own,
      })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Writes the notice and its outbox e-mail in one statement, with ON CONFLICT DO NOTHING on the
   * notice's unique key: returns the new outbox row's id, or null when the notice already exists
   * (written by another transaction, instance or job) and nothing was written.
   */
  async insertWithEmail(ctx: Context, notice: NewNotice): Promise<string | null> {
    const rows = await this.database.manager(ctx).query<{ id: string }[]>(
      `WITH notice AS (
         INSERT INTO notifications (organization_id, recipient_id, kind, message, subject_id, review_id, evidence_version_id, due_date, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING
         RETURNING id)
       INSERT INTO email_outbox (organization_id, notification_id, to_address, subject, body)
       SELECT $1, notice.id, $10, $11, $12 FROM notice
       RETURNING id`,
      [
        ctx.organizationId,
        notice.recipientId,
        notice.kind,
        notice.message,
        notice.subjectId,
        notice.reviewId,
        notice.evidenceVersionId,
        notice.dueDate,
        notice.dedupeKey,
        notice.email.to,
        notice.email.subject,
        notice.email.body,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * `insertWithEmail` for many notices in one statement (each (recipient, kind, key) at most once
   * among them): the ids of the outbox e-mails of the notices that were new, in no particular order.
   */
  async insertManyWithEmail(ctx: Context, notices: readonly NewNotice[]): Promise<string[]> {
    if (notices.length === 0) return [];
    const column = <T>(of: (notice: NewNotice) => T): T[] => notices.map(of);
    const rows = await this.database.manager(ctx).query<{ id: string }[]>(
      `WITH input AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::date[], $9::text[],
                              $10::text[], $11::text[], $12::text[])
           WITH ORDINALITY AS u(recipient_id, kind, message, subject_id, review_id, evidence_version_id, due_date, dedupe_key,
                                to_address, subject, body, n)),
       notice AS (
         INSERT INTO notifications (organization_id, recipient_id, kind, message, subject_id, review_id, evidence_version_id, due_date, dedupe_key)
         SELECT $1, recipient_id, kind, message, subject_id, review_id, evidence_version_id, due_date, dedupe_key FROM input ORDER BY n
         ON CONFLICT DO NOTHING
         RETURNING id, recipient_id, kind, dedupe_key)
       INSERT INTO email_outbox (organization_id, notification_id, to_address, subject, body)
       SELECT $1, notice.id, input.to_address, input.subject, input.body
         FROM notice JOIN input ON input.recipient_id = notice.recipient_id AND input.kind = notice.kind AND input.dedupe_key = notice.dedupe_key
       RETURNING id`,
      [
        ctx.organizationId,
        column((n) => n.recipientId),
        column((n) => n.kind),
        column((n) => n.message),
        column((n) => n.subjectId),
        column((n) => n.reviewId),
        column((n) => n.evidenceVersionId),
        column((n) => n.dueDate),
        column((n) => n.dedupeKey),
        column((n) => n.email.to),
        column((n) => n.email.subject),
        column((n) => n.email.body),
      ],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The outbox e-mail with its notification's kind, locked (FOR UPDATE SKIP LOCKED) to the end of the
   * transaction; null when it does not exist or another transaction holds it.
   */
  async lockEmail(ctx: Context, outboxId: string): Promise<OutboxEmail | null> {
    const [row] = await this.database.manager(ctx).query<
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
      [ctx.organizationId, outboxId],
    );
    if (!row) return null;
    return {
      id: row.id,
      notificationId: row.notification_id,
      kind: row.kind,
      to: row.to_address,
      subject: row.subject,
      body: row.body,
      status: row.status,
      attempts: row.attempts,
    };
  }

  /** The status of an outbox e-mail, without waiting for a lock; null when it does not exist. */
  async emailStatus(ctx: Context, outboxId: string): Promise<EmailStatus | null> {
    const [row] = await this.database
      .manager(ctx)
      .query<{ status: EmailStatus }[]>(`SELECT status FROM email_outbox WHERE organization_id = $1 AND id = $2`, [
        ctx.organizationId,
        outboxId,
      ]);
    return row?.status ?? null;
  }

  /** A failed attempt: its count, the error, and the status it leaves (PENDING for a retry, FAILED when none is left). */
  async recordEmailFailure(ctx: Context, outboxId: string, attempts: number, error: string, status: EmailStatus): Promise<void> {
    await this.database
      .manager(ctx)
      .query(`UPDATE email_outbox SET attempts = $3, last_error = $4, status = $5 WHERE organization_id = $1 AND id = $2`, [
        ctx.organizationId,
        outboxId,
        attempts,
        error,
        status,
      ]);
  }

  async markEmailSent(ctx: Context, outboxId: string): Promise<void> {
    await this.database
      .manager(ctx)
      .query(
        `UPDATE email_outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, outboxId],
      );
  }
}
