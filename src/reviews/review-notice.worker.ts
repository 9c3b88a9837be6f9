import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import { SystemContexts } from '../jobs/system-contexts';
import { NotificationKind } from '../notifications/notification-messages';
import { Notifier } from '../notifications/notifier';
import { ReviewContexts } from './review-context';
import { reviewDueSoonText, reviewEscalatedText, reviewOverdueText } from './review-notice-messages';
import { noticeApplies, ReviewNoticeJob } from './review-notice-plan';
import { ReviewsRepository } from './reviews.repository';

/**
 * Runs a planned review notice when it comes due: re-reads the review (shared lock, so a completion
 * in progress is waited for and seen) and sends the notice only if it still applies. Runs as the
 * system, for the job's organization, on its calendar.
 */
@Injectable()
export class ReviewNoticeWorker {
  private readonly logger = new Logger('ReviewNotices');

  constructor(
    jobs: JobQueue,
    private readonly organizations: SystemContexts,
    private readonly database: Database,
    private readonly reviews: ReviewsRepository,
    private readonly contexts: ReviewContexts,
    private readonly notifier: Notifier,
  ) {
    jobs.handle<ReviewNoticeJob>(QUEUES.reviewNotice.name, (job) => this.run(job).then(() => undefined));
  }

  /** Returns how many notifications were new (0 when dropped or already sent). */
  async run(job: ReviewNoticeJob): Promise<number> {
    const organization = await this.organizations.of(job.organizationId);
    if (!organization) return 0;
    return this.database.transaction(organization, async (ctx) => {
      const review = await this.reviews.lockShared(ctx, job.reviewId);
      if (!review) return 0;
      const context = await this.contexts.of(ctx, review);
      const policy = await this.reviews.policy(ctx);
      const today = ctx.today();
      if (!noticeApplies(job, review, policy, today)) {
        this.logger.debug({ msg: 'review notice dropped: no longer applies', reviewId: job.reviewId, notice: job.notice });
        return 0;
      }
      const facts = { subjectName: context.subjectName, reviewKind: review.kind, dueDate: review.dueDate };
      const about = { subjectId: review.subjectId, reviewId: review.id, dueDate: review.dueDate };
      switch (job.notice) {
        case 'DUE_SOON':
          return this.notifier.notify(ctx, {
            ...about,
            recipientIds: context.activeAssigneeId ? [context.activeAssigneeId] : [],
            kind: NotificationKind.REVIEW_DUE_SOON,
            text: reviewDueSoonText(facts, today),
            daysBefore: job.daysBefore,
          });
        case 'OVERDUE':
          return this.notifier.notify(ctx, {
            ...about,
            recipientIds: context.activeAssigneeId ? [context.activeAssigneeId] : [],
            kind: NotificationKind.REVIEW_OVERDUE,
            text: reviewOverdueText(facts),
          });
        case 'ESCALATED':
          return this.notifier.notify(ctx, {
            ...about,
            recipientIds: await this.notifier.securityOfficers(ctx),
            kind: NotificationKind.REVIEW_ESCALATED,
            text: reviewEscalatedText(facts, context.activeAssigneeId ? context.assigneeName : null, today),
          });
      }
    });
  }
}
