import { z } from 'zod';
import type { Executor } from '../store/executor.js';
import { enqueueJob } from '../store/job.store.js';
import type { JobHandler } from './job-runner.js';
import type { MailSender } from './mail-sender.js';
import type { Mail } from '../domain/mail.js';

export type { Mail };

/** The kind of background job that sends one message (ADR 013). */
export const MAIL_JOB = 'mail';

const MailPayload = z.object({
  to: z.string().min(3).max(320),
  subject: z.string().min(1).max(200),
  text: z.string().max(100_000),
  html: z.string().max(200_000),
});

/**
 * How many times a message is tried before it is kept as failed, with the server's last answer,
 * for admins to see: with the runner's back-off (10 s, 40 s, 160 s, …) about 4.5 hours in all.
 */
export const MAIL_MAX_ATTEMPTS = 8;

/**
 * Queues a message; call inside the transaction of the change it tells of, so that it is sent
 * exactly when the change is kept. Never sent in the request: the job runner sends it.
 */
export async function enqueueMail(db: Executor, mail: Mail, key?: string): Promise<boolean> {
  return enqueueJob(db, {
    kind: MAIL_JOB,
    payload: MailPayload.parse(mail),
    maxAttempts: MAIL_MAX_ATTEMPTS,
    ...(key ? { key } : {}),
  });
}

/**
 * The mail job's handler. Sent at least once: a process that stops between the server's answer and
 * the job's record sends the message again when the job is retried (the outbox file is the same).
 */
export function mailHandler(sender: MailSender): JobHandler {
  return async (payload, job) => {
    await sender.send(MailPayload.parse(payload), job.id);
  };
}
