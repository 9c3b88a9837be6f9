import { Global, Module } from '@nestjs/common';
import { RenewalSweep } from './renewal-sweep';
import { ReviewContexts } from './review-context';
import { ReviewListeners } from './review-listeners';
import { ReviewLoader } from './review.loader';
import { ReviewNoticeWorker } from './review-notice.worker';
import { ReviewReminders } from './review-reminders';
import { ReviewScheduler } from './review-scheduler';

/**
 * The review calendar: its schedule following subjects and owners (ReviewListeners), its notices
 * (through the notifier) and their workers, and the renewal sweep.
 */
@Global()
@Module({
  providers: [ReviewScheduler, ReviewListeners, ReviewReminders, ReviewContexts, ReviewLoader, ReviewNoticeWorker, RenewalSweep],
  exports: [ReviewScheduler, ReviewReminders, ReviewLoader],
})
export class ReviewsCoreModule {}
