/**
 * The member runs' member (bench/member-setup.ts): made once, with a blocklist of 20 patterns that
 * name real tags and 5 muted creators, put back to exactly that on every run, signed in with a
 * session the app accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteTestDb } from './db.js';
import { blockTag, getBlocklist, muteUser, unmuteUser } from '../src/services/blocklist.js';
import { findSessionByToken, viewerFromSession } from '../src/services/sessions.js';
import { generateCorpus } from '../bench/corpus-spec.js';
import { loadCorpusBulk } from '../bench/corpus-load.js';
import { pools } from '../bench/filter-queries.js';
import { BENCH_MEMBER, benchBlocklist, ensureBenchMember } from '../bench/member-setup.js';

const spec = generateCorpus({ seed: 5, works: 1500 });

test('the blocklist: 15 canonical tags of every free type, 5 wildcards that match tags, 5 prolific creators', () => {
  const b = benchBlocklist(spec);
  const p = pools(spec);
  assert.equal(new Set(b.tags).size, 15);
  for (const n of b.tags) assert.ok(p.byName.get(n)?.canonical, `${n} is a canonical tag`);
  assert.deepEqual(
    new Set(b.tags.map((n) => p.byName.get(n)!.type)),
    new Set(['fandom', 'relationship', 'character', 'freeform']),
  );
  assert.equal(new Set(b.wildcards).size, 5);
  for (const w of b.wildcards) {
    assert.match(w, /^\*[A-Za-z]+\*$/);
    const key = w.slice(1, -1).toLowerCase();
    assert.ok(
      [...p.uses.keys()].some((n) => n.toLowerCase().includes(key)),
      `${w} matches a tag in use`,
    );
  }
  assert.equal(new Set(b.muted).size, 5);
  assert.deepEqual(benchBlocklist(spec), b, 'the same spec gives the same blocklist');
});

test('ensureBenchMember makes the member once and puts their blocklist back on every run', async () => {
  const t = await sqliteTestDb();
  try {
    await loadCorpusBulk(t.db, spec, undefined, { wordCounts: 'nominal', engagement: true });
    const first = await ensureBenchMember(t.db, spec);
    assert.equal(first.username, BENCH_MEMBER);
    assert.equal(first.blockedTags, 20);
    assert.equal(first.mutedCreators, 5);

    const session = await findSessionByToken(t.db, first.cookie.replace(/^quire_session=/, ''));
    const viewer = await viewerFromSession(t.db, session);
    assert.equal(viewer.user?.id, first.userId, 'the cookie signs the member in');

    // A run that left the lists otherwise: one more pattern, one creator unmuted, another muted.
    const before = await getBlocklist(t.db, viewer);
    assert.ok(before.ok);
    assert.ok((await blockTag(t.db, viewer, '*Something Else*')).ok);
    assert.ok((await unmuteUser(t.db, viewer, before.value.muted[0]!.id)).ok);
    const other = spec.users.find((u) => !first.blocklist.muted.includes(u))!;
    assert.ok((await muteUser(t.db, viewer, other)).ok);

    const again = await ensureBenchMember(t.db, spec);
    assert.equal(again.userId, first.userId, 'the same member');
    assert.notEqual(again.cookie, first.cookie, 'a fresh session');
    assert.equal(await findSessionByToken(t.db, first.cookie.replace(/^quire_session=/, '')), undefined);
    const after = await getBlocklist(t.db, viewer);
    assert.ok(after.ok);
    assert.deepEqual(
      after.value.tags.map((x) => x.pattern).sort(),
      [...first.blocklist.tags, ...first.blocklist.wildcards].sort(),
    );
    assert.deepEqual(after.value.muted.map((x) => x.username).sort(), [...first.blocklist.muted].sort());
  } finally {
    await t.close();
  }
});
