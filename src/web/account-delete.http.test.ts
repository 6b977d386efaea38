import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, toolWrites, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import {
  accountRow,
  commentAuthor,
  credits,
  jobRows,
  rowsOfUser,
  subscriptionRows,
  workRow,
} from '../../test/inspect.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { guestViewer } from '../policies/index.js';
import { createSearchState } from '../search/search-state.js';
import { queryWorks } from '../search/works-query.js';
import { JobRunner } from '../services/job-runner.js';
import { DELETE_ACCOUNT_JOB } from '../services/delete-account.js';
import { deleteAccountHandler } from '../services/delete-account-job.js';
import { leaveKudos } from '../services/kudos.js';
import { bookmarkWork } from '../services/bookmarks.js';
import { postComment } from '../services/comments.js';
import { subscribe } from '../services/subscriptions.js';
import { markForLater } from '../services/reading-history.js';
import { createAccessToken } from '../services/access-tokens.js';
import { answerCoCreatorInvitation, coCreatorRequests } from '../services/co-creator-invitations.js';

async function must<T>(r: Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }>) {
  const done = await r;
  if (!done.ok) throw new Error(JSON.stringify(done.errors));
  return done.value;
}

/** A writer with a little of everything: works to orphan and delete, a shared one, a draft, and traces on another's work. */
async function leavingWriter(db: Kysely<DB>) {
  const writer = await buildUser(db, { username: 'tern_leaving' });
  const partner = await buildUser(db, { username: 'skua_partner' });
  const other = await buildUser(db, { username: 'gannet_other' });
  const kept = await buildWork(db, writer, { meta: { title: 'Kept Lantern' } });
  const gone = await buildWork(db, writer, { meta: { title: 'Vanishing Breakwater' } });
  const shared = await buildWork(db, writer, { meta: { title: 'Shared Tide', coCreators: [partner.username] } });
  const invitation = (await must(coCreatorRequests(db, partner.viewer(), partner.id))).pending[0]!;
  await must(answerCoCreatorInvitation(db, partner.viewer(), invitation.id, true));
  const draft = await buildWork(db, writer, { meta: { title: 'Unsent Letter' }, draft: true });
  const theirs = await buildWork(db, other, { meta: { title: 'Gannet Rock' } });
  const writes = toolWrites(db);
  await must(leaveKudos(db, writer.viewer(), theirs, undefined, writes));
  await must(bookmarkWork(db, writer.viewer(), theirs, { notes: 'Lovely.', tags: 'seabirds' }));
  const comment = (
    await must(postComment(db, writer.viewer(), { workId: theirs, chapterId: null }, { body: 'The rock!' }, writes))
  ).id;
  const search = createSearchState(db);
  await must(subscribe(search, writer.viewer(), 'work', theirs));
  await must(subscribe(search, other.viewer(), 'user', writer.id));
  await must(markForLater(db, writer.viewer(), theirs, true));
  const token = (await must(createAccessToken(db, writer.viewer(), { name: 'Reader app' }))).secret;
  return { writer, partner, other, kept, gone, shared, draft, theirs, comment, token };
}

/** The account deletion jobs (posting works and mail add jobs of their own). */
const deletionJobs = async (db: Kysely<DB>) =>
  (await jobRows(db)).filter((j) => (j.payload as { userId?: number }).userId !== undefined);

const runDeletion = (db: Kysely<DB>) =>
  new JobRunner(db, { [DELETE_ACCOUNT_JOB]: deleteAccountHandler(db, { stepRows: 2, workStep: 1 }) }).runDue();

async function loggedIn(app: ReturnType<typeof testApp>, who: TestUser): Promise<Client> {
  const client = new Client(app);
  assert.equal((await client.login(who.username, who.password)).status, 303);
  return client;
}

eachDialect('deleting an account orphans and deletes works as chosen, then removes the rest', async ({ db }) => {
  const fx = await leavingWriter(db);
  const app = testApp(db);
  const client = await loggedIn(app, fx.writer);
  const other = await loggedIn(app, fx.other);

  const form = await client.get('/account/delete');
  assert.equal(form.status, 200);
  const html = await form.text();
  for (const title of ['Kept Lantern', 'Vanishing Breakwater', 'Shared Tide', 'Unsent Letter'])
    assert.match(html, new RegExp(title));

  const r = await client.post(
    '/account/delete',
    { password: fx.writer.password, default: 'delete', [`work_${fx.kept}`]: 'orphan', keepPseudName: '1' },
    { csrfFrom: '/account/delete' },
  );
  assert.equal(r.status, 200);
  assert.match(await r.text(), /Your account is being deleted/);

  // At once: logged out everywhere, no tokens, the chosen work orphaned, the name still taken.
  assert.equal((await client.get('/account')).status, 303);
  assert.equal((await rowsOfUser(db, fx.writer.id)).sessions, 0);
  assert.equal((await rowsOfUser(db, fx.writer.id)).accessTokens, 0);
  const api = await app.request('/api/v1/works', { headers: { authorization: `Bearer ${fx.token}` } });
  assert.equal(api.status, 401);
  const again = await new Client(app).login(fx.writer.username, fx.writer.password);
  assert.equal(again.status, 400);
  assert.match(await again.text(), /being deleted/);
  assert.ok(
    (await credits(db)).some(
      (c) => c.work_id === fx.kept && c.username === ORPHAN_ACCOUNT && c.name === 'tern_leaving',
    ),
  );
  const signup = await new Client(app).post('/signup', {
    username: 'tern_leaving',
    email: 'someone@example.test',
    password: 'a-long-password-1',
    passwordConfirmation: 'a-long-password-1',
    confirmAge: '1',
    acceptTerms: '1',
  });
  assert.equal(signup.status, 400, 'the username stays taken while the account is removed');
  assert.equal((await deletionJobs(db)).length, 1);

  assert.equal(await runDeletion(db), 1);
  assert.equal((await deletionJobs(db))[0]!.status, 'done');
  assert.equal(await accountRow(db, fx.writer.id), undefined);
  assert.deepEqual(await rowsOfUser(db, fx.writer.id), {
    sessions: 0,
    accessTokens: 0,
    bookmarks: 0,
    kudos: 0,
    comments: 0,
    pseuds: 0,
    readings: 0,
  });

  // The orphaned work reads as before; the deleted ones are gone from pages, listings and search.
  const guest = new Client(app);
  const keptPage = await guest.get(`/works/${fx.kept}`);
  assert.equal(keptPage.status, 200);
  assert.match(await keptPage.text(), new RegExp(`/users/${ORPHAN_ACCOUNT}/`));
  assert.equal((await guest.get(`/works/${fx.gone}`)).status, 404);
  assert.equal((await guest.get(`/works/${fx.draft}`)).status, 404);
  const search = createSearchState(db);
  const all = await queryWorks(search, guestViewer(), {});
  assert.deepEqual(
    all.works.map((w) => w.id).sort((a, b) => a - b),
    [fx.kept, fx.shared, fx.theirs],
  );
  assert.deepEqual((await queryWorks(search, guestViewer(), { q: 'Vanishing' })).works, []);
  // A shared work chosen for deletion loses only the leaver's name.
  assert.deepEqual(
    (await credits(db)).filter((c) => c.work_id === fx.shared).map((c) => c.username),
    ['skua_partner'],
  );
  // Their kudos and bookmark no longer count; their comment stays, by a former member.
  const theirs = await workRow(db, fx.theirs);
  assert.equal(theirs.kudos_count, 0);
  assert.equal(theirs.bookmarks_count, 0);
  assert.equal(theirs.comments_count, 1);
  assert.deepEqual(await commentAuthor(db, fx.comment), { user_id: null, pseud_id: null, body: '<p>The rock!</p>' });
  assert.match(await (await guest.get(`/works/${fx.theirs}`)).text(), /A former member/);
  assert.deepEqual(await subscriptionRows(db, fx.other.id), [], 'subscriptions to the member end too');
  assert.equal((await other.get('/account')).status, 200, 'other members stay logged in');

  // Nothing is left to do: the job run again changes nothing.
  assert.equal(await runDeletion(db), 0);
});

eachDialect('a wrong password or a choice for works not the member’s changes nothing', async ({ db }) => {
  const fx = await leavingWriter(db);
  const app = testApp(db);
  const client = await loggedIn(app, fx.writer);
  const tries: Array<[Record<string, string>, RegExp]> = [
    [{ password: 'not my password' }, /password is incorrect/],
    [{ password: fx.writer.password, [`work_${fx.theirs}`]: 'orphan' }, /not posted works of yours/],
    [{ password: fx.writer.password, work_999999: 'delete' }, /not posted works of yours/],
    [{ password: fx.writer.password, [`work_${fx.draft}`]: 'orphan' }, /not posted works of yours/],
    [{ password: fx.writer.password, [`work_${fx.kept}`]: 'burn' }, /Choose Orphan, Delete/],
    [{ password: fx.writer.password, default: 'shred' }, /Choose Orphan or Delete/],
  ];
  for (const [fields, message] of tries) {
    const r = await client.post('/account/delete', fields, { csrfFrom: '/account/delete' });
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(await r.text(), message);
  }
  assert.equal((await accountRow(db, fx.writer.id))?.deleting_at, null);
  assert.equal((await client.get('/account')).status, 200, 'still logged in');
  assert.deepEqual(await deletionJobs(db), []);
  assert.ok((await credits(db)).every((c) => c.username !== ORPHAN_ACCOUNT));
  // A guest is sent to log in; another member cannot delete this account.
  assert.equal((await new Client(app).post('/account/delete', { password: 'x' })).status, 303);
  assert.equal((await new Client(app).get('/account/delete')).status, 303);
});
