import { Global, Module } from '@nestjs/common';
import { EmailDelivery } from './email-delivery.worker';
import { JobQueue } from './job-queue';
import { MailSender } from './mail-sender';
import { Notifier } from './notifier';
import { RenewalSweep } from './renewal-sweep';
import { ReviewNoticeWorker } from './review-notice.worker';

/**
 * The job queue, the notifier and the workers. Global: the review calendar's hooks (ReviewsCoreModule)
 * and evidence decisions write notifications and plan jobs inside their own transactions.
 */
@Global()
@Module({
  providers: [JobQueue, Notifier, MailSender, EmailDelivery, ReviewNoticeWorker, RenewalSweep],
  exports: [JobQueue, Notifier],
})
export class NotificationsCoreModule {}
