import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { commentIds, countRows, workRow } from '../../test/inspect.js';
import { DEFAULT_RATE_LIMITS } from '../services/rate-limits.js';

type App = ReturnType<typeof testApp>;

async function loggedIn(app: App, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

/** Posts a comment from the work page's form; returns the response (303 to the comment on success). */
async function comment(c: Client, workId: number, body: string, more: Record<string, string> = {}) {
  return c.post(`/works/${workId}/comments`, { body, ...more }, { csrfFrom: `/works/${workId}` });
}

const idFrom = (res: Response) => Number(/\/comments\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);

/** The ids of the comments a page shows, in order. */
const shownIds = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]));

/**
 * The comment and kudos limits count per clock minute: a test that sends a few requests and
 * expects the last to be over the limit starts early in a minute, so no window boundary splits them.
 */
async function startEarlyInAMinute(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_200 - into));
}

eachDialect(
  'comments: a guest comments with a name, the creator replies (marked) and sees it in the inbox',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db, { username: 'harbour_writer' });
    const id = await buildWork(db, writer, { meta: { title: 'Gulls at Noon' } });
    const guest = new Client(app);

    // A guest on a page shared by every guest has no session: the first send keeps the text and asks again.
    const first = await guest.post(
      `/works/${id}/comments`,
      { body: 'The gulls!', guest_name: 'Wren', guest_email: 'wren@example.org' },
      { csrf: null },
    );
    assert.equal(first.status, 403);
    const resend = await first.text();
    assert.match(resend, /Send your comment again/);
    assert.match(resend, /The gulls!<\/textarea>/, 'the text is given back');
    assert.equal(await countRows(db, 'comments'), 0);

    // The page that asked again started a session: its form now carries a token.
    const noEmail = await comment(guest, id, 'The gulls!', { guest_name: 'Wren', guest_email: '' });
    assert.equal(noEmail.status, 422);
    assert.match(await noEmail.text(), /The gulls!<\/textarea>/);
    const posted = await comment(guest, id, 'The gulls!', { guest_name: 'Wren', guest_email: 'wren@example.org' });
    assert.equal(posted.status, 303);
    const guestComment = idFrom(posted);
    assert.equal((await workRow(db, id)).comments_count, 1);

    const page = await (await new Client(app).get(`/works/${id}`)).text();
    assert.match(page, /Comments \(1\)/);
    assert.match(page, /Wren \(Guest\)/);
    assert.doesNotMatch(page, /wren@example\.org/, 'a guest’s address is never shown');
    assert.match(page, /<dd class="comments">1<\/dd>/);

    const w = await loggedIn(app, writer);
    assert.match(
      await (await w.get('/')).text(),
      /Inbox<span class="unread-count"> \(1/,
      'the header counts the new comment',
    );
    const reply = await w.post(
      `/comments/${guestComment}/replies`,
      { body: 'Thank you for reading.' },
      { csrfFrom: `/comments/${guestComment}` },
    );
    assert.equal(reply.status, 303);
    const thread = await (await new Client(app).get(`/comments/${guestComment}`)).text();
    assert.match(thread, /harbour_writer<\/a><span class="creator-mark"> \(Creator\)/);
    assert.match(thread, /Thank you for reading\./);
    // Opening the comment marked it read.
    assert.doesNotMatch(await (await w.get('/')).text(), /unread-count/);
    const inbox = await (await w.get('/inbox')).text();
    assert.match(inbox, /Wren \(Guest\) commented on <a href="\/works\/\d+">Gulls at Noon<\/a>/);

    const api = (await (await new Client(app).get(`/api/v1/works/${id}/comments`)).json()) as {
      comments: Array<{
        id: number;
        author: { guestName: string };
        replies: Array<{ author: { isCreator: boolean }; depth: number }>;
      }>;
      total: number;
      page: number;
      pages: number;
    };
    assert.equal(api.total, 1);
    assert.deepEqual([api.page, api.pages], [1, 1]);
    assert.equal(api.comments[0]!.author.guestName, 'Wren');
    assert.deepEqual(
      api.comments[0]!.replies.map((r) => [r.depth, r.author.isCreator]),
      [[1, true]],
    );
    assert.equal(JSON.stringify(api).includes('wren@example.org'), false);
  },
);

eachDialect(
  'comments: replies reach the inbox; edits are marked; deleting one with replies leaves a placeholder',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const a = await buildUser(db, { username: 'reader_ash' });
    const b = await buildUser(db, { username: 'reader_birch' });
    const id = await buildWork(db, writer);
    const ca = await loggedIn(app, a);
    const cb = await loggedIn(app, b);
    const top = idFrom(await comment(ca, id, 'A lovely harbour.'));
    const rep = await cb.post(
      `/comments/${top}/replies`,
      { body: 'Agreed, the lamp especially.' },
      { csrfFrom: `/comments/${top}` },
    );
    assert.equal(rep.status, 303);
    const inbox = await (await ca.get('/inbox')).text();
    assert.match(inbox, /reader_birch replied to your comment/);

    const edited = await ca.post(
      `/comments/${top}/edit`,
      { body: 'A lovely, quiet harbour.' },
      { csrfFrom: `/comments/${top}/edit` },
    );
    assert.equal(edited.status, 303);
    let thread = await (await new Client(app).get(`/comments/${top}`)).text();
    assert.match(thread, /A lovely, quiet harbour\./);
    assert.match(thread, /Last edited/);
    const notYours = await cb.post(`/comments/${top}/edit`, { body: 'Hijacked.' }, { csrfFrom: `/comments/${top}` });
    assert.equal(notYours.status, 403);

    assert.equal((await workRow(db, id)).comments_count, 2);
    assert.equal((await ca.post(`/comments/${top}/delete`, {}, { csrfFrom: `/comments/${top}` })).status, 303);
    thread = await (await new Client(app).get(`/works/${id}`)).text();
    assert.match(thread, /\(Previous comment deleted\.\)/);
    assert.match(thread, /Agreed, the lamp especially\./);
    assert.equal((await workRow(db, id)).comments_count, 1);
    // The reply gone too, the placeholder goes with it.
    const replyId = shownIds(thread).find((x) => x !== top)!;
    assert.equal((await cb.post(`/comments/${replyId}/delete`, {}, { csrfFrom: `/comments/${replyId}` })).status, 303);
    assert.equal(await countRows(db, 'comments'), 0);
    assert.equal((await workRow(db, id)).comments_count, 0);
  },
);

eachDialect(
  'comments: empty, over-long and to a forbidden place are refused with the text kept, nothing stored',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const reader = await buildUser(db);
    const id = await buildWork(db, writer);
    const r = await loggedIn(app, reader);
    const empty = await comment(r, id, '   ');
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /it is empty/);
    const long = 'x'.repeat(10_001);
    const tooLong = await comment(r, id, long);
    assert.equal(tooLong.status, 422);
    const text = await tooLong.text();
    assert.match(text, /at most 10,000 characters/);
    assert.ok(text.includes(long), 'the text stays in the form');
    assert.equal(await countRows(db, 'comments'), 0);

    const w = await loggedIn(app, writer);
    assert.equal(
      (await w.post(`/works/${id}/comments/settings`, { who: 'none' }, { csrfFrom: `/works/${id}/comments/manage` }))
        .status,
      303,
    );
    const closed = await comment(r, id, 'Hello?');
    assert.equal(closed.status, 403);
    assert.match(await closed.text(), /turned comments off/);
    assert.match(await (await r.get(`/works/${id}`)).text(), /turned comments off/);
    assert.equal(
      (await w.post(`/works/${id}/comments/settings`, { who: 'members' }, { csrfFrom: `/works/${id}/comments/manage` }))
        .status,
      303,
    );
    const guest = new Client(app);
    const asGuest = await guest.post(`/works/${id}/comments`, {
      body: 'Hello?',
      guest_name: 'Fen',
      guest_email: 'fen@example.org',
    });
    assert.equal(asGuest.status, 403);
    assert.match(await asGuest.text(), /Only members/);
    assert.equal(await countRows(db, 'comments'), 0);
    const other = await loggedIn(app, reader);
    assert.equal(
      (await other.post(`/works/${id}/comments/settings`, { who: 'everyone' }, { csrfFrom: `/works/${id}` })).status,
      403,
    );

    // Draft and unknown works take no comments.
    const draft = await buildWork(db, writer, { draft: true });
    assert.equal((await comment(w, draft, 'Note to self.')).status, 404);
    assert.equal((await r.post('/works/999999/comments', { body: 'Hi' }, { csrfFrom: '/' })).status, 404);
    assert.equal(await countRows(db, 'comments'), 0);
  },
);

eachDialect('comments: a moderated work holds comments until its creator approves them', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db, { username: 'reader_moss' });
  const id = await buildWork(db, writer);
  const w = await loggedIn(app, writer);
  await w.post(
    `/works/${id}/comments/settings`,
    { who: 'everyone', moderated: '1' },
    { csrfFrom: `/works/${id}/comments/manage` },
  );
  const r = await loggedIn(app, reader);
  const held = await comment(r, id, 'Waiting patiently.');
  assert.equal(held.status, 303);
  assert.equal(held.headers.get('location'), `/works/${id}/comments?held=1`);
  assert.match(await (await r.get(held.headers.get('location')!)).text(), /once the work’s creator approves it/);
  const [cid] = await commentIds(db);
  assert.doesNotMatch(await (await new Client(app).get(`/works/${id}`)).text(), /Waiting patiently/);
  assert.equal((await new Client(app).get(`/comments/${cid}`)).status, 404, 'not to others while held');
  assert.match(await (await r.get(`/comments/${cid}`)).text(), /waiting for the creator’s approval/);
  assert.equal((await workRow(db, id)).comments_count, 0);
  const manage = await (await w.get(`/works/${id}/comments/manage`)).text();
  assert.match(manage, /Awaiting approval \(1\)/);
  assert.equal((await r.get(`/works/${id}/comments/manage`)).status, 403);
  assert.equal((await r.post(`/comments/${cid}/approve`, {}, { csrfFrom: `/works/${id}` })).status, 403);
  assert.equal(
    (await w.post(`/comments/${cid}/approve`, {}, { csrfFrom: `/works/${id}/comments/manage` })).status,
    303,
  );
  assert.match(await (await new Client(app).get(`/works/${id}`)).text(), /Waiting patiently/);
  assert.equal((await workRow(db, id)).comments_count, 1);
});

eachDialect('comments: frozen threads take no replies; a creator deletes a whole thread', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const id = await buildWork(db, writer);
  const r = await loggedIn(app, reader);
  const top = idFrom(await comment(r, id, 'First.'));
  const w = await loggedIn(app, writer);
  assert.equal((await w.post(`/comments/${top}/freeze`, {}, { csrfFrom: `/comments/${top}` })).status, 303);
  const refused = await r.post(`/comments/${top}/replies`, { body: 'Second.' }, { csrfFrom: `/comments/${top}` });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /frozen/);
  assert.equal((await r.post(`/comments/${top}/freeze`, {}, { csrfFrom: `/comments/${top}` })).status, 403);
  assert.equal((await w.post(`/comments/${top}/unfreeze`, {}, { csrfFrom: `/comments/${top}` })).status, 303);
  assert.equal(
    (await r.post(`/comments/${top}/replies`, { body: 'Second.' }, { csrfFrom: `/comments/${top}` })).status,
    303,
  );
  assert.equal((await workRow(db, id)).comments_count, 2);
  assert.equal((await r.post(`/comments/${top}/delete_thread`, {}, { csrfFrom: `/comments/${top}` })).status, 403);
  assert.equal((await w.post(`/comments/${top}/delete_thread`, {}, { csrfFrom: `/comments/${top}` })).status, 303);
  assert.equal(await countRows(db, 'comments'), 0);
  assert.equal((await workRow(db, id)).comments_count, 0);
});

eachDialect(
  'comments: a blocked member is refused comments, replies and kudos; muted members’ comments are hidden',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const pest = await buildUser(db, { username: 'pest_member' });
    const friend = await buildUser(db, { username: 'friend_member' });
    const id = await buildWork(db, writer);
    const f = await loggedIn(app, friend);
    const top = idFrom(await comment(f, id, 'Hello from a friend.'));
    const p = await loggedIn(app, pest);
    const pestComment = idFrom(await comment(p, id, 'Hello from the pest.'));

    const w = await loggedIn(app, writer);
    assert.equal(
      (await w.post('/account/blocklist/block-member', { username: 'pest_member' }, { csrfFrom: '/account/blocklist' }))
        .status,
      303,
    );
    const refused = await comment(p, id, 'Again.');
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /blocked/);
    assert.match(await (await p.get(`/works/${id}`)).text(), /You can’t comment here/);
    const kudos = await p.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` });
    assert.equal(kudos.status, 403);
    assert.match(await kudos.text(), /blocked you/);
    // Blocked by the friend too: no reply to the friend's comment on another's work.
    const other = await buildWork(db, await buildUser(db));
    const otherTop = idFrom(await comment(f, other, 'On another work.'));
    await f.post('/account/blocklist/block-member', { username: 'pest_member' }, { csrfFrom: '/account/blocklist' });
    assert.equal(
      (await p.post(`/comments/${otherTop}/replies`, { body: 'Hm.' }, { csrfFrom: `/comments/${otherTop}` })).status,
      403,
    );
    assert.equal(await countRows(db, 'comments'), 3);
    assert.equal(await countRows(db, 'kudos'), 0);

    // The friend mutes the pest: the pest's comment is gone from what the friend sees.
    await f.post('/account/blocklist/mute', { username: 'pest_member' }, { csrfFrom: '/account/blocklist' });
    const seen = await (await f.get(`/works/${id}`)).text();
    assert.doesNotMatch(seen, /Hello from the pest/);
    assert.deepEqual(shownIds(seen), [top]);
    assert.match(await (await f.get(`/comments/${pestComment}`)).text(), /a member you muted/);
    assert.match(
      await (await new Client(app).get(`/works/${id}`)).text(),
      /Hello from the pest/,
      'others still see it',
    );
  },
);

eachDialect('comments: they follow their work — restricted, adult-gated and blocklisted', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const restricted = await buildWork(db, writer, { meta: { restricted: true } });
  const adult = await buildWork(db, writer, { meta: { rating: 'Explicit', freeforms: ['Lighthouses'] } });
  const r = await loggedIn(app, reader);
  const onRestricted = idFrom(await comment(r, restricted, 'Members only chat.'));
  const onAdult = idFrom(await comment(r, adult, 'Adult chat.'));
  const guest = new Client(app);
  assert.equal((await guest.get(`/comments/${onRestricted}`)).status, 404);
  assert.equal((await guest.get(`/api/v1/works/${restricted}/comments`)).status, 404);
  const gate = await (await guest.get(`/comments/${onAdult}`)).text();
  assert.match(gate, /could have adult content/);
  assert.doesNotMatch(gate, /Adult chat/);
  assert.equal((await guest.get(`/api/v1/works/${adult}/comments`)).status, 403);
  assert.match(await (await guest.get(`/comments/${onAdult}?view_adult=true`)).text(), /Adult chat/);

  await r.post('/account/blocklist/block', { pattern: 'Lighthouses' }, { csrfFrom: '/account/blocklist' });
  const blocked = await r.get(`/comments/${onAdult}`);
  assert.doesNotMatch(await blocked.text(), /Adult chat/);
  assert.equal((await r.get(`/api/v1/works/${adult}/comments?view_adult=true`)).status, 403);
});

eachDialect(
  'comments: too many from one account get 429 with the text kept; limits are shared through the database',
  async ({ db }) => {
    const app = testApp(db, {}, { rateLimits: { ...DEFAULT_RATE_LIMITS, commentsPerAccount: 2 } });
    const writer = await buildUser(db);
    const reader = await buildUser(db);
    const id = await buildWork(db, writer);
    const r = await loggedIn(app, reader);
    await startEarlyInAMinute();
    assert.equal((await comment(r, id, 'One.')).status, 303);
    assert.equal((await comment(r, id, 'Two.')).status, 303);
    const third = await comment(r, id, 'Three, a little too soon.');
    assert.equal(third.status, 429);
    assert.match(await third.text(), /Three, a little too soon\.<\/textarea>/);
    // A second server process on the same database counts the same requests.
    const app2 = testApp(db, {}, { rateLimits: { ...DEFAULT_RATE_LIMITS, commentsPerAccount: 2 } });
    const r2 = await loggedIn(app2, reader);
    assert.equal((await comment(r2, id, 'Four.')).status, 429);
    assert.equal(await countRows(db, 'comments'), 2);
  },
);

eachDialect(
  'comments: a new account’s comment with many links, or the same text again, waits for approval',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const spammer = await buildUser(db);
    const id = await buildWork(db, writer);
    const s = await loggedIn(app, spammer);
    const links =
      '<a href="https://a.example">a</a> <a href="https://b.example">b</a> <a href="https://c.example">c</a>';
    const first = await comment(s, id, links);
    assert.match(first.headers.get('location')!, /held=1/);
    const plain = await comment(s, id, 'Nice work.');
    assert.doesNotMatch(plain.headers.get('location')!, /held=1/);
    const again = await comment(s, id, 'Nice work.');
    assert.match(again.headers.get('location')!, /held=1/, 'the same text twice is held');
    assert.equal((await workRow(db, id)).comments_count, 1);
  },
);

eachDialect('comments: the Comments sort orders works by their comment counts', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const quiet = await buildWork(db, writer);
  const busy = await buildWork(db, writer);
  const r = await loggedIn(app, reader);
  await comment(r, busy, 'One.');
  await comment(r, busy, 'Two.');
  await comment(r, quiet, 'Three.');
  const listed = (await (await new Client(app).get('/api/v1/works?sort=comments')).json()) as {
    works: Array<{ id: number; commentsCount: number }>;
  };
  assert.deepEqual(
    listed.works.map((w) => [w.id, w.commentsCount]),
    [
      [busy, 2],
      [quiet, 1],
    ],
  );
});

eachDialect(
  'a guest without a session leaves kudos and a comment from this site, never from another',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const id = await buildWork(db, writer);
    const form = (fields: Record<string, string>) => new URLSearchParams(fields);
    const send = (path: string, fields: Record<string, string>, origin: string) =>
      app.request(path, {
        method: 'POST',
        body: form(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      });
    const foreign = await send(`/works/${id}/kudos`, {}, 'https://elsewhere.example');
    assert.equal(foreign.status, 403);
    const guestComment = { body: 'Lovely.', guest_name: 'Tern', guest_email: 'tern@example.org' };
    assert.equal((await send(`/works/${id}/comments`, guestComment, 'https://elsewhere.example')).status, 403);
    assert.equal(await countRows(db, 'kudos'), 0);
    assert.equal(await countRows(db, 'comments'), 0);

    const kudos = await send(`/works/${id}/kudos`, {}, 'http://localhost');
    assert.equal(kudos.status, 303);
    assert.match(kudos.headers.get('set-cookie') ?? '', /=/, 'the kudos started a session');
    assert.equal((await send(`/works/${id}/comments`, guestComment, 'http://localhost')).status, 303);
    assert.equal(await countRows(db, 'kudos'), 1);
    assert.equal(await countRows(db, 'comments'), 1);
    // Not a way around the token for anything else.
    assert.equal((await send('/account/blocklist/mute', { username: 'x' }, 'http://localhost')).status, 403);
  },
);

eachDialect('kudos: guests are limited per address, members per account', async ({ db }) => {
  const app = testApp(db, { trustProxy: true }, { rateLimits: { ...DEFAULT_RATE_LIMITS, kudosPerAddress: 2 } });
  const writer = await buildUser(db);
  const ids = [await buildWork(db, writer), await buildWork(db, writer), await buildWork(db, writer)];
  await startEarlyInAMinute();
  const guest = new Client(app);
  const from = { 'x-forwarded-for': '203.0.113.7' };
  const kudos = async (c: Client, id: number, headers: Record<string, string>) => {
    const token = await c.csrf('/login');
    return c.request(`/works/${id}/kudos`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  };
  assert.equal((await kudos(guest, ids[0]!, from)).status, 303);
  assert.equal((await kudos(guest, ids[1]!, from)).status, 303);
  const third = await kudos(guest, ids[2]!, from);
  assert.equal(third.status, 429);
  assert.match(await third.text(), /Too many kudos/);
  assert.equal((await kudos(new Client(app), ids[2]!, { 'x-forwarded-for': '203.0.113.8' })).status, 303);
  const member = await loggedIn(app, await buildUser(db));
  assert.equal((await kudos(member, ids[2]!, from)).status, 303, 'a member is not limited by a shared address');
  assert.equal(await countRows(db, 'kudos'), 4);
});
