import { Global, Module } from '@nestjs/common';
import { EmailDelivery } from './email-delivery.worker';
import { MailSender } from './mail-sender';
import { Notifier } from './notifier';

/**
 * The notifier (inbox and e-mail) and the e-mail delivery worker. Global: reviews and evidence
 * decisions write notifications inside their own transactions. Knows nothing of what a notice is
 * about: reviews plan and word their own notices.
 */
@Global()
@Module({
  providers: [Notifier, MailSender, EmailDelivery],
  exports: [Notifier],
})
export class NotificationsCoreModule {}
