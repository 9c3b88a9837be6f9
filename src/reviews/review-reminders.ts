import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobQueue, QUEUES } from '../notifications/job-queue';
import { NotificationKind, ownerRefusedText, reviewAssignedText } from '../notifications/notification-messages';
import { Notifier } from '../notifications/notifier';
import { reviewContext } from '../notifications/review-context';
import { noticeJobId, planReviewNotices, ReviewNotice, ReviewNoticeJob } from '../notifications/review-notice-plan';
import { SubjectEntity } from '../subjects/subject.entity';
import { UserEntity } from '../users/user.entity';
import { DEFAULT_REVIEW_POLICY, ReviewPolicyValues } from './review-calendar';
import { ReviewEntity, ReviewPolicyEntity } from './review.entity';
import { ReviewStatus } from './review.model';

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
  ) {}

  /** A review was created, moved or reassigned: tell the assignee and (re)plan its reminder, overdue and escalation jobs. */
  async scheduled(manager: EntityManager, review: ReviewEntity, today: string, policy?: ReviewPolicyValues): Promise<void> {
    if (review.status !== ReviewStatus.OPEN) return;
    const context = await reviewContext(manager, review);
    const values = policy ?? (await currentPolicy(manager, review.organizationId));
    if (context.activeAssigneeId) {
      await this.notifier.notify(manager, {
        organizationId: review.organizationId,
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
      timeZone: context.timeZone,
      now: new Date(),
      today,
    });
    await this.jobs.sendMany(
      manager,
      QUEUES.reviewNotice.name,
      planned.map((notice) => {
        const job = noticeJob(review, notice.notice, values, notice.daysBefore);
        return { id: noticeJobId(job), data: job, startAfter: notice.startAfter };
      }),
    );
  }

  /**
   * Completed or cancelled: its pending reminders are dropped. The jobs of its current plan are
   * deleted here, in the closing transaction; any older job (planned before a move or a policy
   * change) finds the review closed when it comes due and does nothing.
   */
  async closed(manager: EntityManager, review: ReviewEntity): Promise<void> {
    const policy = await currentPolicy(manager, review.organizationId);
    const jobs: ReviewNoticeJob[] = [
      ...policy.reminderDaysBefore.map((days) => noticeJob(review, 'DUE_SOON', policy, days)),
      noticeJob(review, 'OVERDUE', policy),
      noticeJob(review, 'ESCALATED', policy),
    ];
    await this.jobs.delete(manager, QUEUES.reviewNotice.name, jobs.map(noticeJobId));
  }

  /** The owner said "this is not mine": every active SECURITY_OFFICER is told (OWNER_REFUSED). */
  async ownerRefused(manager: EntityManager, review: ReviewEntity, subject: SubjectEntity): Promise<void> {
    const formerOwner = subject.ownerId
      ? await manager.findOneBy(UserEntity, { organizationId: subject.organizationId, id: subject.ownerId })
      : null;
    await this.notifier.notify(manager, {
      organizationId: review.organizationId,
      recipientIds: await this.notifier.securityOfficers(manager, review.organizationId),
      kind: NotificationKind.OWNER_REFUSED,
      text: ownerRefusedText(subject.name, formerOwner?.displayName ?? null),
      subjectId: subject.id,
      reviewId: review.id,
      dueDate: review.dueDate,
    });
  }
}

/**
 * The organization's policy, as review-scheduler's `policyOf` reads it. Read here rather than imported
 * from there: review-scheduler imports this file, and the cycle would leave the scheduler's injected
 * ReviewReminders undefined whenever this file happened to load first.
 */
async function currentPolicy(manager: EntityManager, organizationId: string): Promise<ReviewPolicyValues> {
  const stored = await manager.findOneBy(ReviewPolicyEntity, { organizationId });
  return stored ? { ...stored } : { ...DEFAULT_REVIEW_POLICY, reminderDaysBefore: [...DEFAULT_REVIEW_POLICY.reminderDaysBefore] };
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
