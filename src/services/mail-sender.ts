import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Mail } from '../domain/mail.js';

/** Hands one message on: to the SMTP server, or into the outbox folder. */
export interface MailSender {
  /** `id` names the message (the job's id): sending it again writes the same outbox file. */
  send(mail: Mail, id: number): Promise<void>;
  /** Where messages go, for the log at start: `smtp://host:port` or the outbox folder. */
  readonly destination: string;
  close(): void;
}

export interface MailSenderOptions {
  /** smtp:// or smtps://; without it, messages are written as .eml files under `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  log?: (msg: string, data: Record<string, unknown>) => void;
}

/**
 * Made once in main.ts. Over SMTP nodemailer keeps no connection between messages (its pooled
 * transport would hold one open for ever on a quiet archive). Without SMTP, each message is
 * composed the same way and written to `outbox/<job id>.eml`, so a fresh install works and its
 * operator can open what would have been sent in any mail program.
 */
export function createMailSender(o: MailSenderOptions): MailSender {
  if (o.smtpUrl) {
    const transport = nodemailer.createTransport(o.smtpUrl, { from: o.from });
    const url = new URL(o.smtpUrl);
    return {
      destination: `${url.protocol}//${url.host}`,
      async send(mail) {
        await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true }, { from: o.from });
  return {
    destination: o.outboxDir,
    async send(mail, id) {
      const info = await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await fs.mkdir(o.outboxDir, { recursive: true });
      const file = path.join(o.outboxDir, `${id}.eml`);
      // Written whole under a temporary name first: a reader of the folder never sees half a message.
      await fs.writeFile(`${file}.part`, info.message as Buffer);
      await fs.rename(`${file}.part`, file);
      o.log?.('mail written to the outbox (no SMTP_URL set)', { file, to: mail.to, subject: mail.subject });
    },
    close: () => transport.close(),
  };
}
