import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { unzipSync, strFromU8 } from 'fflate';
import type { DB } from '../src/store/schema.js';
import { buildUser } from './factories.js';
import { Client, testApp } from './http.js';
import {
  buildLeakFixture,
  changeWork,
  commentMark,
  commentOn,
  readEveryWork,
  followEveryWork,
  wrangleAs,
  WORK_KEYS,
  type LeakFixture,
  type WorkKey,
} from './leak-fixture.js';
import { SURFACES, routeKey, type Visit } from './leak-surfaces.js';
import { blockTag, muteUser } from '../src/services/blocklist.js';
import { createAccessToken } from '../src/services/access-tokens.js';
import { startFilterIndex } from '../src/search/filter-index/start.js';
import { createSearchState } from '../src/search/search-state.js';

// Support for src/web/leak*.http.test.ts.
/**
 * The leak test: every kind of viewer walks every GET route of the app (test/leak-surfaces.ts,
 * which must name every route) and nothing they excluded or may not see shows anywhere — titles,
 * links, tags used only on those works, words of gated text, counts that include them — by cookie
 * and by access token, right after each kind of change, with the filter index on and off.
 */

/** How one viewer stands towards each work. */
interface Expect {
  /** As if they did not exist. */
  hidden: Set<WorkKey>;
  /** Left out of every listing, count and feed; opened by address, the blocklist notice first. */
  excluded: Set<WorkKey>;
  /** Listed, but no text, notes or chapter titles before the adult gate. */
  gated: Set<WorkKey>;
}

// The work a moderator hid exists for none of the viewers the walk takes.
const expect = (hidden: WorkKey[], excluded: WorkKey[] = [], gated: WorkKey[] = []): Expect => ({
  hidden: new Set([...hidden, 'moderated']),
  excluded: new Set(excluded),
  gated: new Set(gated),
});

const NON_CON: WorkKey[] = ['canon', 'synonym', 'subtag'];

async function bodyText(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/epub+zip')) return res.text();
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.values(files)
    .map((b) => strFromU8(b))
    .join('\n');
}

/** What on this page should not be there for a viewer who stands so towards the works. */
function problems(fx: LeakFixture, visit: Visit, body: string, e: Expect): string[] {
  const out: string[] = [];
  for (const m of fx.neverShown) if (body.includes(m)) out.push(`hidden by a moderator (${m})`);
  for (const key of WORK_KEYS) {
    const w = fx.works[key];
    const hidden = e.hidden.has(key);
    const excluded = e.excluded.has(key);
    if (hidden || excluded || e.gated.has(key)) {
      for (const m of w.textMarks) if (body.includes(m)) out.push(`text of ${key} (${m})`);
      // A link past the interstitial anywhere but on the interstitial itself (an e-reader follows it without asking).
      if (visit.opens !== key && new RegExp(`/works/${w.id}/download\\.\\w+\\?view_adult=true`).test(body))
        out.push(`a download of ${key} past the adult gate`);
    }
    if (!hidden && !excluded) continue;
    // The blocklist notice of a work opened by its address names it; a hidden work is never named.
    const named = excluded && visit.opens === key;
    if (!named && body.includes(w.title)) out.push(`title of ${key}`);
    if (!named && new RegExp(`/works/${w.id}(?![0-9])`).test(body)) out.push(`link to ${key}`);
    const tagAllowed = excluded && (visit.aboutTag === w.tag || visit.aboutTag === '*' || named);
    if (!tagAllowed && body.includes(w.tag)) out.push(`tag only on ${key} (${w.tag})`);
  }
  return out;
}

interface Walker {
  client: Client;
  /** The same member through an access token, for the API, feeds and the catalog. */
  token?: string;
  /** The member's name, put for `{me}` in a surface's path (their own history). */
  username?: string;
  /** The member's subscriptions' feed tokens: a surface's `{feed}` is visited once with each. */
  feeds?: string[];
}

const tokenSurface = (path: string) =>
  path.startsWith('/api/') || path.startsWith('/opds') || path.includes('feed.atom');

/** Visits every surface as this viewer; returns each leak found, with where. */
async function walk(fx: LeakFixture, who: Walker, e: Expect, label: string): Promise<string[]> {
  const found: string[] = [];
  const app = who.client.app;
  const routes = app.routes.filter((r) => r.method === 'GET').map((r) => routeKey(r.method, r.path));
  for (const key of new Set(routes)) {
    const surface = SURFACES[key];
    if (!surface) {
      found.push(`${key}: a route the leak test does not walk; add it to test/leak-surfaces.ts`);
      continue;
    }
    const visits = surface(fx).flatMap((v) =>
      v.path.includes('{feed}')
        ? (who.feeds ?? ['nofeed']).map((t) => ({ ...v, path: v.path.replace('{feed}', t) }))
        : [v],
    );
    for (const listed of visits) {
      const visit = { ...listed, path: listed.path.replaceAll('{me}', who.username ?? 'nobody') };
      const res = await who.client.get(visit.path);
      for (const p of problems(fx, visit, await bodyText(res), e))
        found.push(`${label} ${visit.path} (${res.status}): ${p}`);
      if (who.token && tokenSurface(visit.path)) {
        const viaToken = await new Client(app).get(visit.path, { authorization: `Bearer ${who.token}` });
        for (const p of problems(fx, visit, await bodyText(viaToken), e))
          found.push(`${label} by token ${visit.path} (${viaToken.status}): ${p}`);
      }
    }
  }
  return found;
}

/** Every count of the shared tag agrees with what this viewer may see, where it is counted. */
async function countProblems(fx: LeakFixture, who: Walker, e: Expect, label: string): Promise<string[]> {
  const seen = WORK_KEYS.filter((k) => !e.hidden.has(k) && !e.excluded.has(k)).length;
  const blocked = WORK_KEYS.filter((k) => !e.hidden.has(k) && e.excluded.has(k)).length;
  const shared = encodeURIComponent(fx.shared);
  const out: string[] = [];
  const check = (where: string, got: unknown, want: number) => {
    if (got !== want) out.push(`${label} ${where}: ${String(got)}, expected ${want}`);
  };
  const api = (await (await who.client.get(`/api/v1/works?include=${shared}`)).json()) as {
    total: number;
    hiddenByBlocklist: number;
  };
  check('API total', api.total, seen);
  check('API hiddenByBlocklist', api.hiddenByBlocklist, blocked);
  const tag = (await (await who.client.get(`/api/v1/tags/${shared}`)).json()) as {
    workCount: number;
    hiddenByBlocklist: number;
  };
  check('API tag workCount', tag.workCount, seen);
  check('API tag hiddenByBlocklist', tag.hiddenByBlocklist, blocked);
  const tagPage = await (await who.client.get(`/tags/${shared}`)).text();
  check('tag page', Number(/>\s*(\d+)\s*works?\s*</.exec(tagPage)?.[1]), seen);
  if (blocked) check('tag page, hidden', Number(/(\d+) hidden by your filters/.exec(tagPage)?.[1]), blocked);
  const sidebar = await (await who.client.get('/works')).text();
  check('sidebar', Number(new RegExp(`${fx.shared}</a>\\s*<span class="count">\\((\\d+)\\)`).exec(sidebar)?.[1]), seen);
  const fandoms = await (await who.client.get('/opds/fandoms')).text();
  check(
    'OPDS fandoms',
    Number(new RegExp(`<title type="text">${fx.fandom}</title>[\\s\\S]*?(\\d+) works?<`).exec(fandoms)?.[1]),
    seen,
  );
  return out;
}

async function member(
  db: Kysely<DB>,
  fx: LeakFixture,
  app: Walker['client']['app'],
  setup: (v: ReturnType<Awaited<ReturnType<typeof buildUser>>['viewer']>) => Promise<void> = async () => {},
): Promise<Walker> {
  const user = await buildUser(db);
  // Their inbox holds a reply on every work they can comment on, carrying that work's mark.
  for (const key of WORK_KEYS) {
    if (key === 'draft' || key === 'moderated') continue;
    const w = fx.works[key];
    const mine = await commentOn(db, user, w.id, `My note on the harbour of ${key}.`);
    await commentOn(db, fx.wrangler, w.id, `A reply: ${commentMark(key)} again.`, mine);
  }
  await readEveryWork(db, fx, user.id);
  const feeds = await followEveryWork(db, fx, user.viewer());
  await setup(user.viewer());
  const client = new Client(app);
  assert.equal((await client.login(user.username, user.password)).status, 303);
  const t = await createAccessToken(db, user.viewer(), { name: 'leak test' });
  assert.ok(t.ok);
  return { client, token: t.value.secret, username: user.username, feeds };
}

/** The whole walk on a fresh database: every kind of viewer, then the changes, with or without the filter index. */
export async function leakScenario(db: Kysely<DB>, withIndex: boolean): Promise<void> {
  const fx = await buildLeakFixture(db);
  const running = withIndex ? startFilterIndex(db, { verifyEveryMs: 0 }) : undefined;
  if (running) assert.ok(await running.index.build());
  try {
    const app = testApp(db, {}, { search: createSearchState(db, running?.index) });
    const guestHidden: WorkKey[] = ['restricted', 'draft'];
    const block = (pattern: string) => async (v: Parameters<typeof blockTag>[1]) =>
      assert.ok((await blockTag(db, v, pattern)).ok);
    const leaks: string[] = [];
    const run = async (label: string, who: Walker, e: Expect) => {
      leaks.push(...(await walk(fx, who, e, label)), ...(await countProblems(fx, who, e, label)));
    };

    // Positive controls: the walk sees what it is allowed to, so a page that stops showing anything cannot pass.
    const guest = new Client(app);
    assert.match(await (await guest.get(`/works/${fx.works.open.id}`)).text(), /zqbodyopen/);
    assert.match(await (await guest.get(`/search?q=${fx.searchWord}`)).text(), /zqbodyopen/);
    const optedIn = new Client(app);
    assert.match(await (await optedIn.get(`/works/${fx.works.explicit.id}?view_adult=true`)).text(), /zqbodyexplicit/);
    assert.match(await (await optedIn.get(`/search?q=${fx.searchWord}`)).text(), /zqbodyexplicit/);
    assert.match(await (await guest.get(`/works/${fx.works.open.id}?view_full_work=true`)).text(), /zqcommentopen/);
    assert.match(await (await guest.get(`/comments/${fx.works.open.commentId}`)).text(), /zqcommentopen/);
    // What a moderator hid shows to the moderator (and its creator or author), so its absence elsewhere means something.
    const moderator = new Client(app);
    assert.equal((await moderator.login(fx.moderator.username, fx.moderator.password)).status, 303);
    assert.match(await (await moderator.get(`/works/${fx.works.moderated.id}`)).text(), /zqbodymoderated/);
    assert.match(
      await (await moderator.get(`/works/${fx.works.open.id}?view_full_work=true`)).text(),
      /zqhiddencomment[^]*A calm answer under it/,
    );
    assert.match(
      await (await guest.get(`/works/${fx.works.open.id}?view_full_work=true`)).text(),
      /A comment hidden by a moderator[^]*A calm answer under it/,
    );

    await run('guest', { client: guest }, expect(guestHidden, [], ['explicit']));
    await run('guest who opted in', { client: optedIn }, expect(guestHidden));
    const plain = await member(db, fx, app);
    const inbox = await (await plain.client.get('/inbox')).text();
    for (const key of WORK_KEYS.filter((k) => k !== 'draft' && k !== 'explicit' && k !== 'moderated'))
      assert.match(inbox, new RegExp(commentMark(key)));
    assert.match(inbox, /The work may have adult content: open the comment to read it\./);
    assert.match(
      inbox,
      /Inbox<span class="unread-count"> \(31</,
      'the header counts every unread reply and notification',
    );
    // Their notifications name every posted work (a gated one without its chapter's title); the walk checks they hold nothing else.
    const notified = await (await plain.client.get('/inbox/notifications')).text();
    for (const key of WORK_KEYS.filter((k) => k !== 'draft' && k !== 'moderated'))
      assert.match(notified, new RegExp(fx.works[key].title));
    assert.match(notified, /Chapter 2 of <a href="\/works\/\d+\/chapters\/2">Leakcheck Explicit/);
    // Their history lists what they read, with the chapter posted since; the walk checks it holds nothing else.
    const history = await (await plain.client.get(`/users/${plain.username}/history`)).text();
    assert.match(history, /Leakcheck Open[^]*1 new chapter<\/a> since you last read/);
    await run('member', plain, expect(['draft'], [], ['explicit']));
    await run(
      'member blocking a warning',
      await member(db, fx, app, block('Graphic Depictions Of Violence')),
      expect(['draft'], ['violent'], ['explicit']),
    );
    await run(
      'member blocking a wildcard',
      await member(db, fx, app, block('*Non-Con*')),
      expect(['draft'], NON_CON, ['explicit']),
    );
    const canonical = await member(db, fx, app, block('Implied Non-Con'));
    await run('member blocking a canonical tag', canonical, expect(['draft'], NON_CON, ['explicit']));
    await run(
      'member blocking a synonym',
      await member(db, fx, app, block('Noncon')),
      expect(['draft'], ['synonym'], ['explicit']),
    );
    const mute = async (v: Parameters<typeof muteUser>[1]) =>
      assert.ok((await muteUser(db, v, fx.mutedWriter.username)).ok);
    await run('member muting a creator', await member(db, fx, app, mute), expect(['draft'], ['muted'], ['explicit']));

    // A member who browses first, then blocks and mutes through the forms: nothing remembered from before shows.
    const later = await member(db, fx, app);
    await run('member before blocking', later, expect(['draft'], [], ['explicit']));
    assert.equal(
      (
        await later.client.post(
          '/account/blocklist/block',
          { pattern: '*Non-Con*' },
          { csrfFrom: '/account/blocklist' },
        )
      ).status,
      303,
    );
    assert.equal(
      (
        await later.client.post(
          '/account/blocklist/mute',
          { username: fx.mutedWriter.username },
          { csrfFrom: '/account/blocklist' },
        )
      ).status,
      303,
    );
    await run('member after blocking', later, expect(['draft'], [...NON_CON, 'muted'], ['explicit']));

    // A work becomes members-only after guests' pages were made and shared.
    await changeWork(db, fx.works.later, { restricted: true });
    await run(
      'guest after a work became members-only',
      { client: guest },
      expect([...guestHidden, 'later'], [], ['explicit']),
    );
    // The work is then rated Explicit: its text goes behind the gate at once for members without the preference.
    await changeWork(db, fx.works.later, { restricted: true, rating: 'Explicit' });
    await run('member after a work became Explicit', plain, expect(['draft'], [], ['explicit', 'later']));
    // A wrangler makes a tag a synonym of a blocked canonical tag: its works leave that reader's pages at once.
    await wrangleAs(db, fx, fx.works.violent.tag, { kind: 'synonym', of: 'Implied Non-Con' });
    await run(
      'member blocking a canonical tag, after wrangling',
      canonical,
      expect(['draft'], [...NON_CON, 'violent'], ['explicit', 'later']),
    );
    assert.deepEqual(leaks, []);
  } finally {
    await running?.stop();
  }
}
