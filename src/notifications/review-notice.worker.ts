import { Injectable, Logger } from '@nestjs/common';
import { todayIn } from '../common/calendar';
import { Database } from '../database/database';
import { ReviewEntity } from '../reviews/review.entity';
import { policyOf } from '../reviews/review-scheduler';
import { JobQueue, QUEUES } from './job-queue';
import { NotificationKind, reviewDueSoonText, reviewEscalatedText, reviewOverdueText } from './notification-messages';
import { Notifier } from './notifier';
import { reviewContext } from './review-context';
import { noticeApplies, ReviewNoticeJob } from './review-notice-plan';

/**
 * Runs a planned review notice when it comes due: re-reads the review (shared lock, so a completion
 * in progress is waited for and seen) and sends the notice only if it still applies.
 */
@Injectable()
export class ReviewNoticeWorker {
  private readonly logger = new Logger('ReviewNotices');

  constructor(
    jobs: JobQueue,
    private readonly database: Database,
    private readonly notifier: Notifier,
  ) {
    jobs.handle<ReviewNoticeJob>(QUEUES.reviewNotice.name, (job) => this.run(job).then(() => undefined));
  }

  /** Returns how many notifications were new (0 when dropped or already sent). */
  run(job: ReviewNoticeJob): Promise<number> {
    return this.database.transaction(async (manager) => {
      const review = await manager.findOne(ReviewEntity, {
        where: { organizationId: job.organizationId, id: job.reviewId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!review) return 0;
      const context = await reviewContext(manager, review);
      const policy = await policyOf(manager, review.organizationId);
      const today = todayIn(context.timeZone);
      if (!noticeApplies(job, review, policy, today)) {
        this.logger.debug({ msg: 'review notice dropped: no longer applies', reviewId: job.reviewId, notice: job.notice });
        return 0;
      }
      const facts = { subjectName: context.subjectName, reviewKind: review.kind, dueDate: review.dueDate };
      const about = { organizationId: review.organizationId, subjectId: review.subjectId, reviewId: review.id, dueDate: review.dueDate };
      switch (job.notice) {
        case 'DUE_SOON':
          return this.notifier.notify(manager, {
            ...about,
            recipientIds: context.activeAssigneeId ? [context.activeAssigneeId] : [],
            kind: NotificationKind.REVIEW_DUE_SOON,
            text: reviewDueSoonText(facts, today),
            daysBefore: job.daysBefore,
          });
        case 'OVERDUE':
          return this.notifier.notify(manager, {
            ...about,
            recipientIds: context.activeAssigneeId ? [context.activeAssigneeId] : [],
            kind: NotificationKind.REVIEW_OVERDUE,
            text: reviewOverdueText(facts),
          });
        case 'ESCALATED':
          return this.notifier.notify(manager, {
            ...about,
            recipientIds: await this.notifier.securityOfficers(manager, review.organizationId),
            kind: NotificationKind.REVIEW_ESCALATED,
            text: reviewEscalatedText(facts, context.activeAssigneeId ? context.assigneeName : null, today),
          });
      }
    });
  }
}
