import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { JobQueue, PlannedJob, QUEUES } from '../jobs/job-queue';
import { NotificationKind } from '../notifications/notification-messages';
import { NotificationDraft, Notifier } from '../notifications/notifier';
import { SubjectEntity } from '../subjects/subject.entity';
import { UsersRepository } from '../users/users.repository';
import { ReviewPolicyValues } from './review-calendar';
import { ReviewContexts } from './review-context';
import { ReviewEntity } from './review.entity';
import { ReviewStatus } from './review.enums';
import { ownerRefusedText, reviewAssignedText } from './review-notice-messages';
import { noticeJobId, planReviewNotices, ReviewNotice, ReviewNoticeJob } from './review-notice-plan';
import { ReviewsRepository } from './reviews.repository';

/**
 * The review calendar's side of notifications: called inside the transaction that creates, moves,
 * reassigns, completes or cancels a review. Tells the assignee at once, and plans the reminder,
 * overdue and escalation jobs (pg-boss, `startAfter` 09:00 on their day) in the same transaction, so
 * they exist exactly when the change commits. A job re-reads the review when it comes due and is
 * dropped if the review was closed, moved or reassigned since (see `noticeApplies`).
 */
@Injectable()
export class ReviewReminders {
  constructor(
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly reviews: ReviewsRepository,
    private readonly users: UsersRepository,
    private readonly contexts: ReviewContexts,
  ) {}

  /** A review was created, moved or reassigned: tell the assignee and (re)plan its reminder, overdue and escalation jobs. */
  async scheduled(ctx: Context, review: ReviewEntity, policy?: ReviewPolicyValues): Promise<void> {
    if (review.status !== ReviewStatus.OPEN) return;
    const context = await this.contexts.of(ctx, review);
    const values = policy ?? (await this.reviews.policy(ctx));
    if (context.activeAssigneeId) {
      await this.notifier.notify(ctx, {
        recipientIds: [context.activeAssigneeId],
        kind: NotificationKind.REVIEW_ASSIGNED,
        text: reviewAssignedText({ subjectName: context.subjectName, reviewKind: review.kind, dueDate: review.dueDate }),
        subjectId: review.subjectId,
        reviewId: review.id,
        dueDate: review.dueDate,
      });
    }
    const planned = planReviewNotices({
      dueDate: review.dueDate,
      assigned: context.activeAssigneeId !== null,
      policy: values,
      timeZone: ctx.timeZone,
      now: new Date(),
      today: ctx.today(),
    });
    await this.jobs.sendMany(
      ctx,
      QUEUES.reviewNotice.name,
      planned.map((notice) => {
        const job = noticeJob(review, notice.notice, values, notice.daysBefore);
        return { id: noticeJobId(job), data: job, startAfter: notice.startAfter };
      }),
    );
  }

  /**
   * `scheduled` for many reviews at once (new reviews of a ledger import): every subject name and
   * assignee read in one statement each, the assignees told in one, every job planned in one.
   */
  async scheduledMany(ctx: Context, reviews: readonly ReviewEntity[], policy: ReviewPolicyValues): Promise<void> {
    const open = reviews.filter((review) => review.status === ReviewStatus.OPEN);
    if (open.length === 0) return;
    const contexts = await this.contexts.ofMany(ctx, open);
    const now = new Date();
    const today = ctx.today();
    const drafts: NotificationDraft[] = [];
    const jobs: PlannedJob[] = [];
    open.forEach((review, i) => {
      const context = contexts[i];
      if (context.activeAssigneeId) {
        drafts.push({
          recipientIds: [context.activeAssigneeId],
          kind: NotificationKind.REVIEW_ASSIGNED,
          text: reviewAssignedText({ subjectName: context.subjectName, reviewKind: review.kind, dueDate: review.dueDate }),
          subjectId: review.subjectId,
          reviewId: review.id,
          dueDate: review.dueDate,
        });
      }
      const planned = planReviewNotices({
        dueDate: review.dueDate,
        assigned: context.activeAssigneeId !== null,
        policy,
        timeZone: ctx.timeZone,
        now,
        today,
      });
      for (const notice of planned) {
        const job = noticeJob(review, notice.notice, policy, notice.daysBefore);
        jobs.push({ id: noticeJobId(job), data: job, startAfter: notice.startAfter });
      }
    });
    await this.notifier.notifyMany(ctx, drafts);
    await this.jobs.sendMany(ctx, QUEUES.reviewNotice.name, jobs);
  }

  /**
   * Completed or cancelled: its pending reminders are dropped. The jobs of its current plan are
   * deleted here, in the closing transaction; any older job (planned before a move or a policy
   * change) finds the review closed when it comes due and does nothing.
   */
  async closed(ctx: Context, review: ReviewEntity): Promise<void> {
    const policy = await this.reviews.policy(ctx);
    const jobs: ReviewNoticeJob[] = [
      ...policy.reminderDaysBefore.map((days) => noticeJob(review, 'DUE_SOON', policy, days)),
      noticeJob(review, 'OVERDUE', policy),
      noticeJob(review, 'ESCALATED', policy),
    ];
    await this.jobs.delete(ctx, QUEUES.reviewNotice.name, jobs.map(noticeJobId));
  }

  /** The owner said "this is not mine": every active SECURITY_OFFICER is told (OWNER_REFUSED). */
  async ownerRefused(ctx: Context, review: ReviewEntity, subject: SubjectEntity): Promise<void> {
    const formerOwner = subject.ownerId ? await this.users.find(ctx, subject.ownerId) : null;
    await this.notifier.notify(ctx, {
      recipientIds: await this.notifier.securityOfficers(ctx),
      kind: NotificationKind.OWNER_REFUSED,
      text: ownerRefusedText(subject.name, formerOwner?.displayName ?? null),
      subjectId: subject.id,
      reviewId: review.id,
      dueDate: review.dueDate,
    });
  }
}

function noticeJob(review: ReviewEntity, notice: ReviewNotice, policy: ReviewPolicyValues, daysBefore?: number): ReviewNoticeJob {
  return {
    organizationId: review.organizationId,
    reviewId: review.id,
    notice,
    dueDate: review.dueDate,
    assigneeId: review.assigneeId,
    ...(notice === 'DUE_SOON' ? { daysBefore } : {}),
    ...(notice === 'ESCALATED' ? { escalateAfterDays: policy.escalateAfterDays } : {}),
  };
}
