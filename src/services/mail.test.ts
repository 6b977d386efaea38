import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { eachDialect } from '../../test/db.js';
import { jobRows, makeJobsDue } from '../../test/inspect.js';
import { startTestSmtp } from '../../test/smtp.js';
import { JobRunner } from './job-runner.js';
import { MAIL_JOB, MAIL_MAX_ATTEMPTS, enqueueMail, mailHandler, type Mail } from './mail.js';
import { createMailSender } from './mail-sender.js';

const note: Mail = {
  to: 'heron@example.test',
  subject: 'Tide tables for “Gulls & Herons”',
  text: 'The tide turns at six.\n',
  html: '<p>The tide turns at <b>six</b>.</p>',
};

eachDialect('mail: queued in a transaction, sent by the job over SMTP with both bodies', async ({ db }) => {
  const smtp = await startTestSmtp();
  const sender = createMailSender({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Quire <archive@quire.test>' });
  try {
    await db.transaction().execute((trx) => enqueueMail(trx, note));
    // Nothing leaves in the request: only the job sends.
    assert.equal(smtp.received.length, 0);
    assert.equal(await new JobRunner(db, { [MAIL_JOB]: mailHandler(sender) }).runDue(), 1);
    assert.equal(smtp.received.length, 1);
    const m = smtp.received[0]!;
    assert.equal(m.subject, note.subject);
    assert.deepEqual(m.from?.value, [{ name: 'Quire', address: 'archive@quire.test' }]);
    assert.deepEqual(smtp.recipients[0], ['heron@example.test']);
    assert.equal(m.text, note.text);
    assert.equal(m.html, note.html);
    assert.equal((await jobRows(db))[0]!.status, 'done');
  } finally {
    sender.close();
    await smtp.close();
  }
});

eachDialect('mail: a message the server refuses is retried, then kept as failed with its answer', async ({ db }) => {
  const smtp = await startTestSmtp();
  smtp.refuse('Mailbox unavailable');
  const sender = createMailSender({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'archive@quire.test' });
  const runner = new JobRunner(db, { [MAIL_JOB]: mailHandler(sender) });
  try {
    await enqueueMail(db, note);
    await runner.runDue();
    let job = (await jobRows(db))[0]!;
    assert.equal(job.status, 'queued', 'due again after a back-off');
    assert.match(job.last_error ?? '', /Mailbox unavailable/);
    for (let i = 1; i < MAIL_MAX_ATTEMPTS; i++) {
      await makeJobsDue(db);
      await runner.runDue();
    }
    job = (await jobRows(db))[0]!;
    assert.equal(job.status, 'failed');
    assert.equal(job.attempts, MAIL_MAX_ATTEMPTS);
    assert.match(job.last_error ?? '', /550.*Mailbox unavailable/);
    assert.equal(smtp.received.length, 0);
    // The server takes mail again: a new message goes through.
    smtp.refuse(undefined);
    await enqueueMail(db, { ...note, subject: 'Second try' });
    await runner.runDue();
    assert.deepEqual(
      smtp.received.map((m) => m.subject),
      ['Second try'],
    );
  } finally {
    sender.close();
    await smtp.close();
  }
});

eachDialect('mail: without SMTP each message is an .eml file in the outbox, written once per job', async ({ db }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-outbox-'));
  const outbox = path.join(dir, 'outbox');
  const logged: string[] = [];
  const sender = createMailSender({
    smtpUrl: undefined,
    outboxDir: outbox,
    from: 'Quire <noreply@localhost>',
    log: (msg) => logged.push(msg),
  });
  try {
    await enqueueMail(db, note);
    const runner = new JobRunner(db, { [MAIL_JOB]: mailHandler(sender) });
    await runner.runDue();
    const { id } = (await jobRows(db))[0]!;
    assert.deepEqual(fs.readdirSync(outbox), [`${id}.eml`]);
    const parsed = await simpleParser(fs.readFileSync(path.join(outbox, `${id}.eml`)));
    assert.equal(parsed.subject, note.subject);
    assert.equal(parsed.text, note.text);
    assert.equal(parsed.html, note.html);
    assert.equal(logged.length, 1);
    // Sent again (its process stopped before the job was marked done): the same file, not a second.
    await mailHandler(sender)({ ...note }, { id, kind: MAIL_JOB, payload: note, attempts: 2, maxAttempts: 8 });
    assert.deepEqual(fs.readdirSync(outbox), [`${id}.eml`]);
  } finally {
    sender.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

eachDialect('mail: a message that is not one is refused when queued, and nothing is queued', async ({ db }) => {
  await assert.rejects(enqueueMail(db, { ...note, to: '' }));
  await assert.rejects(enqueueMail(db, { ...note, subject: 'x'.repeat(201) }));
  assert.equal((await jobRows(db)).length, 0);
});
