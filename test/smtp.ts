import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { JobRunner } from '../src/services/job-runner.js';
import { MAIL_JOB, mailHandler } from '../src/services/mail.js';
import { createMailSender } from '../src/services/mail-sender.js';

/** A real SMTP server on loopback for tests: what it receives, parsed by mailparser. */
export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  /** Envelope recipients of each message received, in order. */
  recipients: string[][];
  /** From now on, refuse recipients with this SMTP answer (a full mailbox, an unknown user). */
  refuse(message: string | undefined): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const recipients: string[][] = [];
  let refusal: string | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refusal) {
        const err = Object.assign(new Error(refusal), { responseCode: 550 });
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    recipients,
    refuse: (m) => void (refusal = m),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends the queued mail jobs through a real SMTP server on loopback; returns what it received, in order. */
export async function deliverQueuedMail(db: Kysely<DB>): Promise<Array<{ to: string[]; mail: ParsedMail }>> {
  const smtp = await startTestSmtp();
  const sender = createMailSender({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'archive@quire.test' });
  try {
    await new JobRunner(db, { [MAIL_JOB]: mailHandler(sender) }).runDue();
    return smtp.received.map((mail, i) => ({ to: smtp.recipients[i]!, mail }));
  } finally {
    sender.close();
    await smtp.close();
  }
}

/** The first link to this archive path in a mail's plain text, as a local path with its query. */
export function linkIn(mail: ParsedMail, pathPrefix: string): string | undefined {
  const m = new RegExp(`https?://[^/\\s]+(${pathPrefix.replace(/[?]/g, '\\?')}[^\\s]*)`).exec(mail.text ?? '');
  return m?.[1];
}
