/**
 * The member the HTTP suite's member runs sign in as: `bench_member`, made in the corpus database
 * before the server starts, through the app's own services, with the blocklist of a reader who uses
 * one: 15 canonical tags of every kind and popularity, 5 wildcard patterns that match real tags,
 * and 5 muted creators with many works. On every run the lists are put back to exactly these and
 * the reading history is cleared, so each run measures the same member.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { createAccount } from '../src/services/create-account.js';
import { blockTag, getBlocklist, muteUser, unblockTag, unmuteUser } from '../src/services/blocklist.js';
import { startSession, viewerFromSession } from '../src/services/sessions.js';
import { clearHistory } from '../src/services/reading-history.js';
import { ReadingRecorder } from '../src/services/reading-recorder.js';
import { deleteSessionsOfUser } from '../src/store/session.store.js';
import { findUserByUsername } from '../src/store/user.store.js';
import type { ServiceResult } from '../src/services/result.js';
import type { Viewer } from '../src/policies/index.js';
import type { FreeTagType } from '../src/domain/tags.js';
import type { CorpusSpec, WorkSpec } from './corpus-spec.js';
import { expansion, pools, resolveFilterQueries, resolveRef, type Pools } from './filter-queries.js';

export const BENCH_MEMBER = 'bench_member';

const c = (type: FreeTagType, rank: number) => ({ kind: 'canonical' as const, type, rank });

/**
 * The blocked canonical tags: every free tag type, from popular to rare. Ranks the fixed filter
 * queries include (bench/filter-queries.ts: freeforms 0–4, the top fandom, character and
 * relationship, the 5th relationship) are left alone, so the member's listings are not empty.
 */
const BLOCKED_TAGS = [
  c('freeform', 8),
  c('freeform', 20),
  c('freeform', 60),
  c('freeform', 250),
  c('fandom', 2),
  c('fandom', 7),
  c('fandom', 30),
  c('relationship', 1),
  c('relationship', 10),
  c('relationship', 40),
  c('relationship', 150),
  c('character', 3),
  c('character', 15),
  c('character', 50),
  c('character', 200),
];
/**
 * Which of the words in tag names, broadest first, become `*Word*` patterns. Not the broadest few:
 * with them (*Ending*, *Mirror*, *Small*) the blocklist hid two works in three of a 10,000-work
 * corpus; with these, about half, muted creators and blocked tags included.
 */
const WILDCARD_PICKS = [10, 20, 40, 80, 160];
const MUTED_CREATORS = 5;

export interface BenchBlocklist {
  /** Canonical tag names, blocked with their synonyms and sub tags. */
  tags: string[];
  /** `*Word*` patterns. */
  wildcards: string[];
  /** Usernames of muted creators. */
  muted: string[];
}

/** The next tag of a ref's kind not yet taken (a small corpus may have fewer tags than a rank asks for). */
function nextFree(p: Pools, ref: ReturnType<typeof c>, taken: Set<string>): string {
  for (let rank = ref.rank; rank < ref.rank + 1000; rank++) {
    const name = resolveRef(p, { ...ref, rank });
    if (!taken.has(name)) return name;
  }
  throw new Error(`no canonical ${ref.type} tag left to block`);
}

/**
 * Words of five letters or more in canonical tag names, broadest first (summed over the works of
 * every tag whose name holds them), leaving out any word inside the name of a tag the fixed
 * queries include: a pattern is matched anywhere in a name, and should not empty those listings.
 */
function wildcardWords(spec: CorpusSpec, p: Pools): string[] {
  const included = resolveFilterQueries(spec).flatMap((q) => q.query.include ?? []);
  const keys = included.map((n) => n.toLowerCase());
  const weight = new Map<string, { word: string; uses: number }>();
  for (const [name, uses] of p.uses) {
    if (!p.byName.get(name)?.canonical) continue;
    for (const word of new Set(name.match(/[A-Za-z]{5,}/g) ?? [])) {
      const key = word.toLowerCase();
      const w = weight.get(key) ?? { word: word.charAt(0).toUpperCase() + word.slice(1), uses: 0 };
      w.uses += uses;
      weight.set(key, w);
    }
  }
  return [...weight.entries()]
    .filter(([key]) => !keys.some((k) => k.includes(key)))
    .sort((a, b) => b[1].uses - a[1].uses || (a[0] < b[0] ? -1 : 1))
    .map(([, w]) => w.word);
}

/** The member's blocklist for this corpus: the same spec always gives the same lists. */
export function benchBlocklist(spec: CorpusSpec, p: Pools = pools(spec)): BenchBlocklist {
  const taken = new Set<string>();
  for (const ref of BLOCKED_TAGS) taken.add(nextFree(p, ref, taken));
  const words = wildcardWords(spec, p);
  if (words.length < WILDCARD_PICKS.length)
    throw new Error(`only ${words.length} words in tag names to build wildcard patterns from`);
  // A small corpus has fewer words: as many, evenly spread.
  const picks =
    words.length > WILDCARD_PICKS[WILDCARD_PICKS.length - 1]!
      ? WILDCARD_PICKS
      : WILDCARD_PICKS.map((_, i) => i * Math.floor(words.length / WILDCARD_PICKS.length));
  const worksBy = new Map<number, number>();
  for (const w of spec.works) if (!w.draft) worksBy.set(w.author, (worksBy.get(w.author) ?? 0) + 1);
  const muted = [...worksBy.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MUTED_CREATORS)
    .map(([i]) => spec.users[i]!);
  return { tags: [...taken], wildcards: picks.map((i) => `*${words[i]}*`), muted };
}

/** What a blocklist hides in a corpus: tags (whose pages list nothing for the member) and works. */
export interface Hidden {
  tags: Set<string>;
  work: (w: WorkSpec) => boolean;
}

/**
 * What `b` hides in this corpus, by the rules every listing applies (src/search/resolve-filter.ts):
 * a blocked canonical tag with its synonyms and sub tags; the tags a pattern names, with the
 * families of the canonical ones among them; every work of a muted creator.
 */
export function hiddenBy(spec: CorpusSpec, b: BenchBlocklist, p: Pools = pools(spec)): Hidden {
  const tags = new Set<string>();
  const block = (name: string) => {
    for (const n of expansion(p, name)) tags.add(n);
  };
  for (const n of b.tags) block(n);
  const words = b.wildcards.map((w) => w.replace(/\*/g, '').toLowerCase());
  for (const t of spec.tags) if (words.some((w) => t.name.toLowerCase().includes(w))) block(t.name);
  const muted = new Set(b.muted.map((u) => spec.users.indexOf(u)));
  return {
    tags,
    work: (w) =>
      [w.author, ...w.coAuthors].some((a) => muted.has(a)) ||
      [...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms].some((n) => tags.has(n)),
  };
}

export interface BenchMember {
  userId: number;
  username: string;
  /** `quire_session=…`: a session started for this run. */
  cookie: string;
  blockedTags: number;
  mutedCreators: number;
  blocklist: BenchBlocklist;
  /** The share of posted works the blocklist hides. */
  worksHidden: number;
  /** What the blocklist hides: the member's work and tag pages leave these out, as their listings do. */
  hidden: Hidden;
}

const must = <T>(r: ServiceResult<T>, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.errors)}`);
  return r.value;
};

/** Puts the viewer's blocked tags and muted members back to exactly `want`. */
async function resetBlocklist(db: Kysely<DB>, viewer: Viewer, want: BenchBlocklist): Promise<void> {
  const patterns = [...want.tags, ...want.wildcards];
  const wantTags = new Set(patterns.map((x) => x.toLowerCase()));
  const wantMuted = new Set(want.muted.map((x) => x.toLowerCase()));
  const now = must(await getBlocklist(db, viewer), 'reading the blocklist');
  for (const t of now.tags)
    if (!wantTags.has(t.pattern.toLowerCase())) must(await unblockTag(db, viewer, t.id), `unblocking ${t.pattern}`);
  for (const m of now.muted)
    if (!wantMuted.has(m.username.toLowerCase())) must(await unmuteUser(db, viewer, m.id), `unmuting ${m.username}`);
  const hasTag = new Set(now.tags.map((t) => t.pattern.toLowerCase()));
  const hasMuted = new Set(now.muted.map((m) => m.username.toLowerCase()));
  for (const x of patterns) if (!hasTag.has(x.toLowerCase())) must(await blockTag(db, viewer, x), `blocking ${x}`);
  for (const u of want.muted) if (!hasMuted.has(u.toLowerCase())) must(await muteUser(db, viewer, u), `muting ${u}`);
}

/**
 * Makes `bench_member` if need be, sets their blocklist to this corpus's (benchBlocklist), clears
 * their reading history and starts a session for this run (ending the earlier runs').
 */
export async function ensureBenchMember(db: Kysely<DB>, spec: CorpusSpec): Promise<BenchMember> {
  const p = pools(spec);
  const want = benchBlocklist(spec, p);
  let userId = (await findUserByUsername(db, BENCH_MEMBER))?.id;
  if (userId === undefined)
    userId = must(
      await createAccount(db, {
        username: BENCH_MEMBER,
        email: `${BENCH_MEMBER}@example.com`,
        password: 'bench member password',
        requireConsent: false,
      }),
      `creating ${BENCH_MEMBER}`,
    ).userId;
  await deleteSessionsOfUser(db, userId);
  const session = await startSession(db, userId);
  const viewer = await viewerFromSession(db, session.row);
  await resetBlocklist(db, viewer, want);
  // What earlier runs read would otherwise grow the history each work page updates.
  must(await clearHistory(db, new ReadingRecorder(db), viewer, userId), 'clearing the reading history');
  const now = must(await getBlocklist(db, viewer), 'reading the blocklist');
  const expected = want.tags.length + want.wildcards.length;
  if (now.tags.length !== expected || now.muted.length !== want.muted.length)
    throw new Error(
      `${BENCH_MEMBER}'s blocklist has ${now.tags.length} tags and ${now.muted.length} muted members, not ${expected} and ${want.muted.length}`,
    );
  const hidden = hiddenBy(spec, want, p);
  const posted = spec.works.filter((w) => !w.draft);
  return {
    userId,
    username: BENCH_MEMBER,
    cookie: `quire_session=${session.token}`,
    blockedTags: now.tags.length,
    mutedCreators: now.muted.length,
    blocklist: want,
    hidden,
    worksHidden: Math.round((posted.filter(hidden.work).length / posted.length) * 1000) / 1000,
  };
}
