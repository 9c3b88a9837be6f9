import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { UsersRepository } from '../users/users.repository';
import { emailBody, NotificationKind, NotificationText } from './notification-messages';
import { dedupeKey } from './notification.entity';
import { NewNotice, NotificationsRepository } from './notifications.repository';

/** A notice for the context's organization. */
export interface NotificationDraft {
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
 * Writes notifications into the inbox and the outbox, in the context's transaction. Each recipient's
 * notice is inserted with ON CONFLICT DO NOTHING on the unique key (organization, recipient, kind,
 * dedupe key): whichever transaction commits it first wins, any other (a second instance, a repeated
 * job) inserts nothing and sends no e-mail. A new notice gets its outbox e-mail and delivery job in
 * the same statement and transaction.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Returns how many notifications were new. */
  async notify(ctx: Context, draft: NotificationDraft): Promise<number> {
    if (draft.recipientIds.length === 0) return 0;
    // In id order: two transactions writing the same notices take the unique key's locks in the same order.
    const recipients = (await this.users.byIds(ctx, [...new Set(draft.recipientIds)]))
      .filter((user) => user.active)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const key = dedupeKey(draft);
    const deliveries: { data: EmailDeliveryJob }[] = [];
    for (const recipient of recipients) {
      const outboxId = await this.notifications.insertWithEmail(ctx, noticeFor(draft, recipient, key));
      if (outboxId) deliveries.push({ data: { organizationId: ctx.organizationId, outboxId } });
    }
    await this.jobs.sendMany(ctx, QUEUES.emailDelivery.name, deliveries);
    return deliveries.length;
  }

  /**
   * `notify` for many drafts at once (the reviews of a ledger import): the recipients read in one
   * statement, every notice with its e-mail inserted in one, every delivery job sent in one. Returns
   * how many notifications were new.
   */
  async notifyMany(ctx: Context, drafts: readonly NotificationDraft[]): Promise<number> {
    const wanted = [...new Set(drafts.flatMap((draft) => draft.recipientIds))];
    if (wanted.length === 0) return 0;
    const recipients = new Map((await this.users.byIds(ctx, wanted)).filter((user) => user.active).map((user) => [user.id, user] as const));
    const notices: NewNotice[] = [];
    const seen = new Set<string>();
    for (const draft of drafts) {
      const key = dedupeKey(draft);
      for (const recipientId of new Set(draft.recipientIds)) {
        const recipient = recipients.get(recipientId);
        // The unique key: a second notice of the same kind and key to the same recipient would be one too many.
        const once = `${recipientId}/${draft.kind}/${key}`;
        if (!recipient || seen.has(once)) continue;
        seen.add(once);
        notices.push(noticeFor(draft, recipient, key));
      }
    }
    // In key order, as `notify` takes them: two transactions writing the same notices lock them in the same order.
    notices.sort((a, b) => compare(a.recipientId, b.recipientId) || compare(a.kind, b.kind) || compare(a.dedupeKey, b.dedupeKey));
    const outboxIds = await this.notifications.insertManyWithEmail(ctx, notices);
    await this.jobs.sendMany(
      ctx,
      QUEUES.emailDelivery.name,
      outboxIds.map((outboxId) => ({ data: { organizationId: ctx.organizationId, outboxId } })),
    );
    return outboxIds.length;
  }

  /** Every active SECURITY_OFFICER of the organization. */
  securityOfficers(ctx: Context): Promise<string[]> {
    return this.users.securityOfficerIds(ctx);
  }
}

/** One recipient's notice of a draft, with its e-mail. */
function noticeFor(draft: NotificationDraft, recipient: { id: string; email: string; displayName: string }, key: string): NewNotice {
  return {
    recipientId: recipient.id,
    kind: draft.kind,
    message: draft.text.message,
    subjectId: draft.subjectId,
    reviewId: draft.reviewId ?? null,
    evidenceVersionId: draft.evidenceVersionId ?? null,
    dueDate: draft.dueDate ?? null,
    dedupeKey: key,
    email: {
      to: recipient.email,
      subject: `${MAIL_SUBJECT_PREFIX}${draft.text.title}`,
      body: emailBody(recipient.displayName, draft.text),
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
