import { Global, Module } from '@nestjs/common';
import { RenewalSweep } from './renewal-sweep';
import { ReviewContexts } from './review-context';
import { ReviewLoader } from './review.loader';
import { ReviewNoticeWorker } from './review-notice.worker';
import { ReviewReminders } from './review-reminders';
import { ReviewScheduler } from './review-scheduler';

/**
 * The review calendar: its hooks (needed by the registers and user administration), its notices
 * (through the notifier) and their workers, and the renewal sweep.
 */
@Global()
@Module({
  providers: [ReviewScheduler, ReviewReminders, ReviewContexts, ReviewLoader, ReviewNoticeWorker, RenewalSweep],
  exports: [ReviewScheduler, ReviewReminders, ReviewLoader],
})
export class ReviewsCoreModule {}
