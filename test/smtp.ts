import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

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
