import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { commentOn } from '../../test/leak-fixture.js';
import {
  auditActions,
  commentSpamState,
  commentsCount,
  queuedMail,
  reportRows,
  sessionCount,
} from '../../test/inspect-moderation.js';
import { DEFAULT_RATE_LIMITS } from '../services/rate-limits.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: { username: string; password: string }) {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

eachDialect('a reported comment is hidden by a moderator and its author suspended', async ({ db }) => {
  const writer = await buildUser(db, { username: 'petrel_m' });
  const rude = await buildUser(db, { username: 'skua_m' });
  const reader = await buildUser(db, { username: 'tern_m' });
  const mod = await buildUser(db, { username: 'gannet_m', isModerator: true });
  const workId = await buildWork(db, writer, { meta: { title: 'The Quiet Pier' } });
  const rudeWork = await buildWork(db, rude, { meta: { title: 'A Rude Log' } });
  const commentId = await commentOn(db, rude, workId, 'Something unkind: zqrude.');
  const app = testApp(db);
  const readerC = await loggedIn(app, reader);

  // The reader reports it: the form names the comment, not its text; bad input keeps nothing.
  const form = await readerC.get(`/report?kind=comment&id=${commentId}`);
  assert.equal(form.status, 200);
  const formHtml = await form.text();
  assert.match(formHtml, /A comment by skua_m on “The Quiet Pier”/);
  assert.doesNotMatch(formHtml, /zqrude/);
  const fields = { kind: 'comment', id: String(commentId), reason: 'harassment', description: 'It is unkind.' };
  const noReason = await readerC.post('/report', { ...fields, reason: '' }, { csrfFrom: '/' });
  assert.equal(noReason.status, 422);
  assert.match(await noReason.text(), /It is unkind\./, 'what was typed comes back');
  assert.equal((await readerC.post('/report', { ...fields, id: '999999' }, { csrfFrom: '/' })).status, 404);
  assert.equal((await readerC.post('/report', { ...fields, kind: 'spaceship' }, { csrfFrom: '/' })).status, 404);
  assert.deepEqual(await reportRows(db), []);
  const sent = await readerC.post('/report', fields, { csrfFrom: '/' });
  assert.equal(sent.status, 200);
  assert.match(await sent.text(), /Report sent/);
  const [report] = await reportRows(db);
  assert.equal(report?.status, 'open');

  // Only moderators see the queue.
  assert.equal((await readerC.get('/moderation')).status, 403);
  assert.equal((await new Client(app).get('/moderation')).status, 403);
  assert.equal((await readerC.get(`/moderation/reports/${report.id}`)).status, 403);
  const modC = await loggedIn(app, mod);
  const queue = await (await modC.get('/moderation')).text();
  assert.match(queue, new RegExp(`/moderation/reports/${report.id}`));
  assert.match(queue, /zqrude/, 'moderators see the words of the comment reported');

  // The moderator takes it, hides the comment (a reason is required), suspends the author.
  const at = `/moderation/reports/${report.id}`;
  assert.equal((await modC.post(at, { action: 'take', note: 'Looking.' }, { csrfFrom: at })).status, 303);
  assert.equal((await reportRows(db))[0]?.status, 'in_progress');
  assert.equal(await commentsCount(db, workId), 1);
  const hide = `/moderation/comments/${commentId}/hide`;
  assert.equal((await modC.post(hide, { reason: '  ', report: String(report.id) }, { csrfFrom: at })).status, 422);
  assert.equal((await readerC.post(hide, { reason: 'Rude.' }, { csrfFrom: '/' })).status, 403);
  assert.equal((await modC.post(hide, { reason: 'Rude.', report: String(report.id) }, { csrfFrom: at })).status, 303);
  assert.equal(await commentsCount(db, workId), 0, 'a hidden comment counts nowhere');

  const rudeC = await loggedIn(app, rude);
  const suspend = `/moderation/members/skua_m/suspend`;
  assert.equal(
    (await modC.post(suspend, { length: '12', reason: 'Unkind.' }, { csrfFrom: at })).status,
    422,
    'only the offered lengths',
  );
  assert.equal(await sessionCount(db, rude.id), 1);
  const done = await modC.post(
    suspend,
    { length: '7', reason: 'Unkind comments.', report: String(report.id) },
    { csrfFrom: at },
  );
  assert.equal(done.status, 303);
  assert.equal(await sessionCount(db, rude.id), 0, 'every session ends');
  assert.equal((await modC.post(at, { action: 'resolve', note: '' }, { csrfFrom: at })).status, 303);
  assert.equal((await reportRows(db))[0]?.status, 'resolved');
  assert.deepEqual(await auditActions(db), ['report-take', 'hide-comment', 'suspend', 'report-resolve']);

  // Readers see a placeholder, on the page and in the API; the author and moderators see it with the reason.
  for (const c of [new Client(app), readerC]) {
    const page = await (await c.get(`/works/${workId}`)).text();
    assert.doesNotMatch(page, /zqrude/);
    assert.match(page, /Comments \(0\)/, 'with nothing under it, a hidden comment is left out, as a deleted one');
    assert.equal((await c.get(`/comments/${commentId}`)).status, 404);
  }
  const api = (await (await new Client(app).get(`/api/v1/works/${workId}/comments`)).json()) as {
    comments: Array<{ state: string; body: string | null }>;
  };
  assert.deepEqual(api.comments, []);
  const modView = await (await modC.get(`/works/${workId}`)).text();
  assert.match(modView, /A moderator hid this comment[^]*Rude\.[^]*zqrude/);

  // The author, logged out by the suspension, logs in again: told why and until when, and refused.
  assert.equal((await rudeC.get('/works/new')).status, 303, 'the old session is gone');
  const back = await loggedIn(app, rude);
  const own = await (await back.get(`/comments/${commentId}`)).text();
  assert.match(own, /zqrude/);
  assert.match(own, /A moderator hid this comment[^]*Rude\./);
  assert.match(own, /A moderator has suspended your account until \d{4}-\d{2}-\d{2}\.[^]*Unkind comments\./);
  const posting = await back.get('/works/new');
  assert.equal(posting.status, 403);
  const comment = await back.post(`/works/${workId}/comments`, { body: 'Again.' }, { csrfFrom: `/works/${workId}` });
  assert.equal(comment.status, 403);
  assert.match(await comment.text(), /Your account is suspended/);
  const kudos = await back.post(`/works/${workId}/kudos`, {}, { csrfFrom: `/works/${workId}` });
  assert.equal(kudos.status, 403);
  const chapter = await back.post(
    `/works/${rudeWork}/chapters/new`,
    { chapterTitle: 'More', body: 'More of the same.' },
    { csrfFrom: `/works/${rudeWork}` },
  );
  assert.equal(chapter.status, 403, 'no chapters, and no edits, while suspended');
  assert.match(await chapter.text(), /Your account is suspended/);
  const edited = await back.post(
    `/works/${rudeWork}/chapters/1/edit`,
    { chapterTitle: 'Changed', body: 'Changed text.' },
    { csrfFrom: `/works/${rudeWork}` },
  );
  assert.equal(edited.status, 403, 'nor an edit of a chapter');
  assert.equal(await commentsCount(db, workId), 0);
  const mail = (await queuedMail(db)).filter((m) => m.to === 'skua_m@example.test');
  assert.match(mail.at(-1)?.subject ?? '', /is suspended/);
  assert.match(mail.at(-1)?.text ?? '', /Unkind comments\./);

  // Lifting it: they comment again; the hidden comment comes back and counts.
  assert.equal((await modC.post('/moderation/members/skua_m/lift', {}, { csrfFrom: at })).status, 303);
  const again = await back.post(`/works/${workId}/comments`, { body: 'Sorry.' }, { csrfFrom: `/works/${workId}` });
  assert.equal(again.status, 303);
  assert.equal((await modC.post(`/moderation/comments/${commentId}/unhide`, {}, { csrfFrom: at })).status, 303);
  assert.equal(await commentsCount(db, workId), 2);
});

eachDialect('a hidden work is gone for readers and shown to its creators with the reason', async ({ db }) => {
  const writer = await buildUser(db, { username: 'eider_m' });
  const reader = await buildUser(db);
  const mod = await buildUser(db, { isModerator: true });
  const admin = await buildUser(db, { isAdmin: true });
  const workId = await buildWork(db, writer, { meta: { title: 'Advert Harbour' } });
  const app = testApp(db);
  const modC = await loggedIn(app, mod);
  assert.equal(
    (await modC.post(`/moderation/works/${workId}/hide`, { reason: 'Advertising.' }, { csrfFrom: '/' })).status,
    303,
  );
  const readerC = await loggedIn(app, reader);
  for (const c of [new Client(app), readerC]) {
    assert.equal((await c.get(`/works/${workId}`)).status, 404);
    assert.doesNotMatch(await (await c.get('/works')).text(), /Advert Harbour/);
    assert.equal((await c.get(`/report?kind=work&id=${workId}`)).status, 404, 'a report of what is gone: 404');
  }
  const writerC = await loggedIn(app, writer);
  const own = await (await writerC.get(`/works/${workId}`)).text();
  assert.match(own, /A moderator hid this work[^]*Advertising\./);
  assert.doesNotMatch(await (await writerC.get('/users/eider_m')).text(), /Advert Harbour/, 'listed nowhere');
  assert.match((await queuedMail(db)).at(-1)?.text ?? '', /hid your work “Advert Harbour”[^]*Advertising\./);

  // A moderator does not suspend an admin, nor themselves; an admin suspends anyone but admins.
  const refuse = (name: string) =>
    modC.post(`/moderation/members/${name}/suspend`, { length: '1', reason: 'No.' }, { csrfFrom: '/' });
  assert.equal((await refuse(admin.username)).status, 403);
  assert.equal((await refuse(mod.username)).status, 403);
  const adminC = await loggedIn(app, admin);
  const ban = await adminC.post(
    `/moderation/members/${mod.username}/suspend`,
    { length: 'ban', reason: 'Misused the role.' },
    { csrfFrom: '/' },
  );
  assert.equal(ban.status, 303);
  assert.deepEqual(await auditActions(db), ['hide-work', 'ban']);

  assert.equal(
    (await adminC.post(`/moderation/works/${workId}/unhide`, {}, { csrfFrom: '/' })).status,
    303,
    'admins moderate too',
  );
  assert.match(await (await new Client(app).get('/works')).text(), /Advert Harbour/);
});

eachDialect('spam is held for the spam queue; reports are limited per hour', async ({ db }) => {
  const writer = await buildUser(db);
  const mod = await buildUser(db, { isModerator: true });
  const workId = await buildWork(db, writer, { meta: { title: 'Lantern Row' } });
  const limits = { ...DEFAULT_RATE_LIMITS, reportsPerAddress: 2 };
  const app = testApp(db, {}, { rateLimits: limits });
  const guest = new Client(app);
  const spam = ['a', 'b', 'c'].map((h) => `<a href="https://${h}.example.test">Buy now</a>`).join(' ');
  const posted = await guest.post(`/works/${workId}/comments`, {
    body: spam,
    guest_name: 'Seller',
    guest_email: 'seller@example.test',
  });
  assert.equal(posted.status, 303);
  const modC = await loggedIn(app, mod);
  const queue = await (await modC.get('/moderation/spam')).text();
  const id = Number(/\/moderation\/comments\/(\d+)\/judge/.exec(queue)?.[1]);
  assert.ok(id > 0, 'the held comment is in the spam queue');
  assert.deepEqual(await commentSpamState(db, id), { status: 'held', spam: 1, hidden_reason: null });
  assert.equal(
    (await modC.post(`/moderation/comments/${id}/judge`, { verdict: 'maybe' }, { csrfFrom: '/' })).status,
    422,
  );
  assert.equal(
    (await modC.post(`/moderation/comments/${id}/judge`, { verdict: 'spam' }, { csrfFrom: '/' })).status,
    303,
  );
  assert.equal(await commentSpamState(db, id), undefined);
  assert.equal(await commentsCount(db, workId), 0);

  // Guests report by address: two an hour here, the third kept in the form with 429.
  const report = { kind: 'work', id: String(workId), reason: 'spam', description: 'Looks like an advert.' };
  for (let i = 0; i < 2; i++) assert.equal((await guest.post('/report', report)).status, 200);
  const over = await guest.post('/report', report);
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('retry-after'), '3600');
  assert.match(await over.text(), /Looks like an advert\./);
  assert.equal((await reportRows(db)).length, 2);
});
