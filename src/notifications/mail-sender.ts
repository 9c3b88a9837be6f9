import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export interface OutgoingMail {
  /** The outbox row: also the Message-ID, so a resend after a crash is recognisably the same message. */
  id: string;
  to: string;
  subject: string;
  text: string;
  notificationId: string;
  kind: string;
}

/**
 * Sends an outbox e-mail: through SMTP (nodemailer) when SMTP_URL is set; otherwise the message is
 * written as an .eml file into OUTBOX_DIR (named after the outbox row, so writing it again replaces
 * it) and logged, for a closed network without a mail server.
 */
@Injectable()
export class MailSender {
  private readonly logger = new Logger('Mail');
  private readonly smtp: Mail | undefined;
  private readonly files: Mail | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.smtp = createTransport(
        { url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
        { from: config.mailFrom },
      );
    } else {
      this.files = createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: config.mailFrom });
    }
  }

  get mode(): 'smtp' | 'file' {
    return this.smtp ? 'smtp' : 'file';
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message: Mail.Options = {
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      textEncoding: 'base64',
      messageId: `<${mail.id}@${this.domain()}>`,
      headers: { 'X-Register-Notification': mail.notificationId, 'X-Register-Kind': mail.kind },
    };
    if (this.smtp) {
      await this.smtp.sendMail(message);
      this.logger.log({ msg: 'e-mail sent', outboxId: mail.id, kind: mail.kind });
      return;
    }
    const info = (await this.files!.sendMail(message)) as { message: Buffer };
    await mkdir(this.config.outboxDir, { recursive: true });
    const file = join(this.config.outboxDir, `${mail.id}.eml`);
    await writeFile(`${file}.tmp`, info.message);
    await rename(`${file}.tmp`, file);
    this.logger.log({
      msg: 'e-mail written to the outbox directory (SMTP_URL is not set)',
      outboxId: mail.id,
      kind: mail.kind,
      file,
      subject: mail.subject,
    });
  }

  private domain(): string {
    const match = /@([^\s<>@]+)>?$/.exec(this.config.mailFrom);
    return match ? match[1] : 'localhost';
  }
}
