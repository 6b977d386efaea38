/**
 * A deterministic corpus generator (same seed → same corpus), shaped after /work/shared/CORPUS.md:
 * fixed tags on every work, about 12 free tags a work drawn Zipf-like from a tag universe of up to
 * 200,000 tags (most used once, a few huge: "Fluff", "Angst"), synonyms and meta/sub chains, fandom
 * families (so crossovers and non-crossovers both exist), mostly English text with some Chinese,
 * Japanese, Russian, Spanish, French and German, dates from 2009 to 2026, ~10 % multi-chapter works,
 * long-tailed word counts, kudos and hits, a few restricted works and drafts. The result is plain
 * data; chapter text is kept as a seed and expanded on demand by `chapterBody` so a million works
 * fit in memory.
 */
import type { FreeTagType } from '../src/domain/tags.js';
import type { WrangleAction } from '../src/services/wrangle-tag.js';
import { sortKey } from '../src/search/work-index.js';
import {
  EN,
  cap,
  gaussian,
  inventedName,
  mulberry32,
  nonceCount,
  nonceWord,
  pick,
  pickZipf,
  renderSummary,
  renderText,
  renderTitle,
  weighted,
  Zipf,
  type Rng,
} from './corpus-vocab.js';

export interface TagSpec {
  name: string;
  type: FreeTagType;
  canonical: boolean;
  /** Name of the canonical tag this one is a synonym of. */
  synonymOf: string | null;
  /** Direct meta tags (broader, canonical, same type). */
  metas: string[];
  /** Parent fandoms (canonical fandom tags). */
  parents: string[];
}

export interface ChapterSpec {
  title: string;
  /** About how many words `chapterBody` writes. */
  words: number;
  seed: number;
}

export interface WorkSpec {
  /** Unique, also after sortKey (so every title sort is total). */
  title: string;
  /** Index into CorpusSpec.users. */
  author: number;
  coAuthors: number[];
  summary: string;
  notes: string;
  language: string;
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  expectedChapters: number | null;
  chapters: ChapterSpec[];
  restricted: boolean;
  draft: boolean;
  /** ISO-8601 UTC, unique, increasing with the work's position. */
  publishedAt: string;
  /** A long-tailed word count for realism (bulk loads may store it instead of the real count). */
  nominalWords: number;
  /** Skewed reader engagement; no service writes these yet, so only bulk loads that ask store them. */
  hits: number;
  kudos: number;
  bookmarks: number;
  comments: number;
}

export interface CorpusSpec {
  seed: number;
  users: string[];
  /** A user who authors nothing and does the wrangling. */
  wrangler: string;
  /** How many nonce words chapter text draws from. */
  nonces: number;
  /** Every free tag used by at least one work (drafts included), in order of first use. */
  tags: TagSpec[];
  works: WorkSpec[];
}

/** The plain text of a chapter (paragraphs separated by blank lines). */
export function chapterBody(
  spec: Pick<CorpusSpec, 'nonces'>,
  work: Pick<WorkSpec, 'language'>,
  ch: ChapterSpec,
): string {
  return renderText(ch.seed, ch.words, work.language, spec.nonces);
}

interface Concept {
  name: string;
  type: FreeTagType;
  canonical: boolean;
  synonyms: string[];
  metas: string[];
  parents: string[];
  used: boolean;
}

// Popular freeforms, most used first; [name, synonyms, metas].
const HEAD_FREEFORMS: ReadonlyArray<readonly [string, string[], string[]]> = [
  ['Fluff', ['Pure Fluff', 'fluffy'], []],
  ['Angst', ['Angsty', 'So Much Angst'], []],
  ['Hurt/Comfort', ['H/C', 'hurt and comfort'], ['Angst']],
  ['Alternate Universe', ['AU'], []],
  ['Romance', [], []],
  ['Friendship', [], []],
  ['Humor', ['Humour'], []],
  ['Happy Ending', [], []],
  ['Slow Burn', ['slowburn', 'Slow Build'], ['Romance']],
  ['Found Family', [], ['Friendship']],
  ['Angst with a Happy Ending', [], ['Angst', 'Happy Ending']],
  ['Established Relationship', [], ['Romance']],
  ['Domestic Fluff', ['domesticity'], ['Fluff']],
  ['Alternate Universe - Modern Setting', ['Modern AU'], ['Alternate Universe']],
  ['Alternate Universe - Coffee Shops', ['Coffee Shop AU'], ['Alternate Universe']],
  ['Whump', [], ['Hurt/Comfort']],
  ['Friends to Lovers', [], ['Romance']],
  ['Canon Divergence', [], []],
  ['Post-Canon', [], []],
  ['Missing Scene', [], []],
  ['Character Study', [], []],
  ['Introspection', [], []],
  ['Mutual Pining', ['pining'], ['Romance']],
  ['First Kiss', [], ['Romance']],
  ['Time Travel', [], []],
  ['Road Trip', [], []],
  ['Snowed In', [], []],
  ['Epistolary', [], []],
  ['Gardening', [], []],
  ['Cooking', [], []],
  ['Sailing', [], []],
  ['Lighthouses', [], []],
];
const TAIL_METAS = ['Fluff', 'Angst', 'Alternate Universe', 'Romance', 'Friendship', 'Humor'];
const MEDIA = [' (TV)', ' (Novels)', ' (Video Game)', ' (Film)', ' (Comics)', ' (Podcast)', ' (Web Series)', ''];

interface FandomUnit {
  /** The fandom tags a work of this unit can carry: a standalone fandom, or a family's meta and subs. */
  fandoms: Concept[];
  chars: Concept[];
  charZipf: Zipf;
  rels: Map<string, Concept>;
  canonical: boolean;
}

/** The tag universe: concepts with their spellings, built up front except relationships. */
class Universe {
  private readonly keys = new Set<string>();
  readonly byName = new Map<string, { concept: Concept; synonym: boolean }>();
  readonly units: FandomUnit[] = [];
  readonly freeforms: Concept[] = [];
  private minted = 0;

  constructor(
    private readonly rng: Rng,
    /** About how many tags the universe holds; works use a Zipf-skewed part of it. */
    size: number,
  ) {
    // AO3's mix by type, roughly: few fandoms, more characters and relationships, freeforms most.
    const unitCount = Math.max(10, Math.round(size * 0.03));
    for (let r = 0; r < unitCount; r++) this.units.push(this.makeUnit(r));
    for (const [name, syns, metas] of HEAD_FREEFORMS)
      this.freeforms.push(this.concept(name, 'freeform', true, syns, metas, []));
    const tail = Math.max(100, Math.round(size * 0.4));
    for (let r = 0; r < tail; r++) {
      const canonical = r < 150 || rng() < 0.1;
      const name = this.fresh(() =>
        rng() < 0.6
          ? `${cap(pickZipf(rng, EN.adj, 0.5))} ${cap(pickZipf(rng, EN.noun, 0.5))}`
          : `${cap(pickZipf(rng, EN.noun, 0.5))} ${cap(pickZipf(rng, EN.noun, 0.5))}`,
      );
      if (!name) continue;
      const syns = canonical && r % 5 === 0 ? [`${name} (Trope)`] : [];
      const metas = canonical && r < 300 && r % 7 === 3 ? [TAIL_METAS[r % TAIL_METAS.length]!] : [];
      this.freeforms.push(this.concept(name, 'freeform', canonical, syns, metas, []));
    }
  }

  /** A name not used yet (case-insensitively), from up to 20 tries of `make`. */
  private fresh(make: () => string): string | null {
    for (let i = 0; i < 20; i++) {
      const name = make();
      if (!this.keys.has(name.toLowerCase())) return name;
    }
    return null;
  }

  private concept(
    name: string,
    type: FreeTagType,
    canonical: boolean,
    synonyms: string[],
    metas: string[],
    parents: string[],
  ): Concept {
    const c: Concept = { name, type, canonical, synonyms: [], metas, parents, used: false };
    this.keys.add(name.toLowerCase());
    this.byName.set(name, { concept: c, synonym: false });
    for (const s of canonical ? synonyms : []) {
      if (this.keys.has(s.toLowerCase())) continue;
      this.keys.add(s.toLowerCase());
      this.byName.set(s, { concept: c, synonym: true });
      c.synonyms.push(s);
    }
    return c;
  }

  private makeUnit(rank: number): FandomUnit {
    const rng = this.rng;
    const base =
      rank === 2
        ? 'Original Work'
        : (this.fresh(() => `${cap(pick(rng, EN.adj))} ${cap(pick(rng, EN.noun))}`) ?? `Fandom ${rank}`);
    const canonical = rank < 20 || rng() < 0.9;
    const fandoms: Concept[] = [];
    if (rank !== 2 && canonical && (rank === 0 || rank % 9 === 4 || rng() < 0.04)) {
      // A family: "X - All Media Types" over two films (or a show and its novels).
      const meta = this.concept(`${base} - All Media Types`, 'fandom', true, [], [], []);
      const subs =
        rank % 2 === 0
          ? [
              `${base}: The ${cap(pick(rng, EN.adj))} ${cap(pick(rng, EN.noun))} (Film)`,
              `${base}: The ${cap(pick(rng, EN.adj))} ${cap(pick(rng, EN.noun))} (Film)`,
            ]
          : [`${base} (TV)`, `${base} (Novels)`];
      fandoms.push(meta);
      for (const s of subs)
        if (!this.keys.has(s.toLowerCase())) fandoms.push(this.concept(s, 'fandom', true, [], [meta.name], []));
    } else {
      const name = rank === 2 ? base : (this.fresh(() => base + pick(rng, MEDIA)) ?? `${base} ${rank}`);
      fandoms.push(this.concept(name, 'fandom', canonical, rank % 4 === 1 ? [`${base} - Fandom`] : [], [], []));
    }
    const home = fandoms[0]!;
    const charCount = 4 + Math.round(40 / Math.sqrt(rank + 1));
    const chars: Concept[] = [];
    const subs: Concept[] = [];
    for (let i = 0; i < charCount; i++) {
      const name = this.fresh(() => `${inventedName(rng, 2)} ${inventedName(rng, 2 + Math.floor(rng() * 2))}`);
      if (!name) continue;
      const charCanonical = canonical && (i < 10 || rng() < 0.5);
      const first = name.split(' ')[0]!;
      const c = this.concept(
        name,
        'character',
        charCanonical,
        i === 0 && rank < 20 ? [first] : [],
        [],
        charCanonical ? [home.name] : [],
      );
      chars.push(c);
      if (i === 0 && rank < 10 && charCanonical) {
        // A sub tag: filtering on the character also finds works tagged with this version of them.
        const sub = this.fresh(() => `${pick(rng, ['Young', 'Older', 'Captain'])} ${first}`);
        if (sub) subs.push(this.concept(sub, 'character', true, [], [name], [home.name]));
      }
    }
    chars.splice(Math.min(chars.length, 5), 0, ...subs);
    return { fandoms, chars, charZipf: new Zipf(chars.length, 1), rels: new Map(), canonical };
  }

  /** The spelling a work uses for a concept: its canonical name the first time, then now and then a synonym. */
  surface(c: Concept): string {
    if (!c.used) {
      c.used = true;
      return c.name;
    }
    return c.synonyms.length > 0 && this.rng() < 0.25 ? pick(this.rng, c.synonyms) : c.name;
  }

  fandomOf(unit: FandomUnit): string {
    const f = unit.fandoms;
    return this.surface(f.length === 1 || this.rng() < 0.15 ? f[0]! : f[1 + Math.floor(this.rng() * (f.length - 1))]!);
  }

  character(unit: FandomUnit): Concept {
    return unit.chars[unit.charZipf.sample(this.rng)]!;
  }

  relationship(unit: FandomUnit): Concept | null {
    const a = this.character(unit);
    const b = this.character(unit);
    if (a === b) return null;
    const platonic = this.rng() < 0.25;
    const sep = platonic ? ' & ' : '/';
    const key = [a.name, b.name].sort().join(sep);
    let r = unit.rels.get(key);
    if (!r) {
      const name = `${a.name}${sep}${b.name}`;
      const canonical = unit.canonical && a.canonical && b.canonical && (unit.rels.size < 8 || this.rng() < 0.4);
      r = this.concept(
        name,
        'relationship',
        canonical,
        [`${b.name}${sep}${a.name}`],
        [],
        canonical ? [unit.fandoms[0]!.name] : [],
      );
      unit.rels.set(key, r);
    }
    return r;
  }

  /** A one-off freeform, as writers invent them all the time. */
  mintFreeform(): string {
    const n = this.minted++;
    // 7919 is odd, so n ↦ 7919·n mod 2¹⁶ visits every nonce word once before repeating.
    const name = `${cap(nonceWord((n * 7919 + 12_345) % 65_536))} ${cap(pickZipf(this.rng, EN.noun))}${n >= 65_536 ? ` ${n}` : ''}`;
    return this.keys.has(name.toLowerCase())
      ? this.mintFreeform()
      : this.concept(name, 'freeform', false, [], [], []).name;
  }
}

const RATINGS = [
  ['General Audiences', 30],
  ['Teen And Up Audiences', 29],
  ['Mature', 14],
  ['Explicit', 15],
  ['Not Rated', 12],
] as const;
const MAJOR = ['Graphic Depictions Of Violence', 'Major Character Death', 'Rape/Non-Con', 'Underage Sex'] as const;
const CATEGORIES = [
  ['M/M', 35],
  ['F/M', 25],
  ['Gen', 20],
  ['F/F', 10],
  ['Multi', 6],
  ['Other', 4],
] as const;
const LANGUAGES = [
  ['en', 880],
  ['zh', 35],
  ['ru', 25],
  ['es', 20],
  ['fr', 15],
  ['ja', 13],
  ['de', 12],
] as const;

function uniquePush(list: string[], name: string): void {
  if (!list.some((x) => x.toLowerCase() === name.toLowerCase())) list.push(name);
}

/** Unique, increasing timestamps from 2009 to early 2026, more of them each year. */
function dates(rng: Rng, n: number): string[] {
  const years = Array.from({ length: 18 }, (_, i) => [2009 + i, Math.pow(1.22, i) * (i === 17 ? 0.25 : 1)] as const);
  const ms = Array.from({ length: n }, () => {
    const y = weighted(rng, years);
    const start = Date.UTC(y, 0, 1);
    const span = (y === 2026 ? Date.UTC(2026, 3, 1) : Date.UTC(y + 1, 0, 1)) - start;
    return start + Math.floor((rng() * span) / 1000) * 1000;
  }).sort((a, b) => a - b);
  for (let i = 1; i < ms.length; i++) if (ms[i]! <= ms[i - 1]!) ms[i] = ms[i - 1]! + 1000;
  return ms.map((t) => new Date(t).toISOString());
}

export interface CorpusOptions {
  seed: number;
  works: number;
  users?: number;
  /** Size of the tag universe (default: twice the works, at most 200,000). */
  tags?: number;
  /** Total words of chapter text across the corpus, shared out by each work's nominal length (default: 50–400 words a chapter). */
  textWords?: number;
}

/** The tag universe a corpus of `works` works draws from unless told otherwise. */
export const defaultTagUniverse = (works: number): number => Math.min(200_000, Math.max(1_000, works * 2));

/** Free tags a work draws: about 6.5 freeforms on average (exponential, at most 40). */
const FREEFORMS_PER_WORK = 6.5;

/**
 * Hits grow with age and length; kudos, bookmarks and comments are a skewed share of them. Shaped
 * after AO3 on average about 100 hits, 10 kudos and 2 comments a work, but heavily skewed: a
 * log-normal with a wide spread, so that at a million works a few carry tens of thousands of kudos
 * and comments while the median work has a handful. (Same draws from `rng` as before, so the rest of
 * a corpus is unchanged.)
 */
function engagement(
  rng: Rng,
  publishedAt: string,
  words: number,
  chapters: number,
): Pick<WorkSpec, 'hits' | 'kudos' | 'bookmarks' | 'comments'> {
  const years = Math.max(0.05, (Date.UTC(2026, 3, 1) - Date.parse(publishedAt)) / (365.25 * 86_400_000));
  const hits = Math.round(
    Math.exp(Math.log(HITS_SCALE) + HITS_SPREAD * gaussian(rng)) * Math.sqrt(years) * Math.pow(words / 3000, 0.3),
  );
  const kudos = Math.round(hits * (0.04 + 0.24 * rng() * rng()));
  return {
    hits,
    kudos,
    bookmarks: Math.round(kudos * 0.3 * rng() * rng()),
    comments: Math.round(kudos * (0.04 + 0.44 * rng() * rng()) * Math.sqrt(chapters)),
  };
}

const HITS_SCALE = 4.6;
const HITS_SPREAD = 2.2;

export function generateCorpus(opts: CorpusOptions): CorpusSpec {
  const rng = mulberry32(opts.seed);
  const userCount = opts.users ?? Math.min(20_000, Math.max(10, Math.round(opts.works / 20)));
  const users = Array.from({ length: userCount }, (_, i) => `${pick(rng, EN.adj)}_${pick(rng, EN.noun)}_${i + 1}`);
  const tagUniverse = opts.tags ?? defaultTagUniverse(opts.works);
  const uni = new Universe(rng, tagUniverse);
  // One-off freeforms make up about a quarter of the universe, as most real tags are used once.
  const mintShare = Math.min(0.2, (0.25 * tagUniverse) / Math.max(1, opts.works * FREEFORMS_PER_WORK));
  const unitZipf = new Zipf(uni.units.length, 1.05);
  const freeZipf = new Zipf(uni.freeforms.length, 1);
  const authorZipf = new Zipf(userCount, 0.8);
  const titleKeys = new Set<string>();
  const nextNumber = new Map<string, number>();
  const when = dates(rng, opts.works);
  const nonces = nonceCount(opts.works);
  const works: WorkSpec[] = [];

  for (let i = 0; i < opts.works; i++) {
    const language = weighted(rng, LANGUAGES);
    const base = renderTitle(rng, language);
    // Numbered from where the last copy of this title stopped: titles repeat thousands of times in a big corpus.
    let n = nextNumber.get(base) ?? 1;
    let title = base;
    while (titleKeys.has(sortKey(title))) title = `${base} ${++n}`;
    nextNumber.set(base, n);
    titleKeys.add(sortKey(title));

    const rating = weighted(rng, RATINGS);
    const warnings: string[] = [];
    if (rng() < 0.09) {
      warnings.push(pickZipf(rng, MAJOR, 0.8));
      if (rng() < 0.25) uniquePush(warnings, pick(rng, MAJOR));
    } else warnings.push(rng() < 0.22 ? 'Choose Not To Use Archive Warnings' : 'No Archive Warnings Apply');
    const categories: string[] = [];
    const nCat = weighted(rng, [
      [0, 15],
      [1, 65],
      [2, 20],
    ] as const);
    for (let k = 0; k < nCat; k++) uniquePush(categories, weighted(rng, CATEGORIES));

    const nUnits = weighted(rng, [
      [1, 90],
      [2, 8],
      [3, 2],
    ] as const);
    const units = [...new Set(Array.from({ length: nUnits }, () => uni.units[unitZipf.sample(rng)]!))];
    const fandoms: string[] = [];
    for (const u of units) uniquePush(fandoms, uni.fandomOf(u));
    // Now and then a second fandom of the same family: not a crossover.
    if (units[0]!.fandoms.length > 1 && rng() < 0.05) uniquePush(fandoms, uni.fandomOf(units[0]!));

    const relationships: string[] = [];
    const characters: string[] = [];
    const nRel = weighted(rng, [
      [0, 25],
      [1, 35],
      [2, 20],
      [3, 12],
      [4, 8],
    ] as const);
    for (let k = 0; k < nRel; k++) {
      const r = uni.relationship(pick(rng, units));
      if (!r) continue;
      uniquePush(relationships, uni.surface(r));
      if (rng() < 0.8) for (const n of r.name.split(/\/| & /)) uniquePush(characters, n);
    }
    const nChar = weighted(rng, [
      [0, 20],
      [1, 25],
      [2, 25],
      [3, 15],
      [4, 10],
      [6, 5],
    ] as const);
    for (let k = 0; k < nChar; k++) uniquePush(characters, uni.surface(uni.character(pick(rng, units))));
    // Characters named through a relationship count as used in their canonical spelling.
    for (const n of characters) {
      const c = uni.byName.get(n);
      if (c && !c.synonym) c.concept.used = true;
    }
    const freeforms: string[] = [];
    const nFree = Math.min(40, Math.floor(-Math.log(1 - rng()) * (FREEFORMS_PER_WORK + 0.5)));
    for (let k = 0; k < nFree; k++)
      uniquePush(freeforms, rng() < mintShare ? uni.mintFreeform() : uni.surface(uni.freeforms[freeZipf.sample(rng)]!));

    // About one work in ten has several chapters, a few of them dozens.
    const nCh = rng() < 0.1 ? Math.min(80, 2 + Math.floor(-Math.log(1 - rng()) * 6)) : 1;
    const chapters: ChapterSpec[] = Array.from({ length: nCh }, () => ({
      title: nCh > 1 && rng() < 0.5 ? `${cap(pickZipf(rng, EN.adj))} ${cap(pickZipf(rng, EN.noun))}` : '',
      words: 50 + Math.floor(350 * rng() * rng()),
      seed: Math.floor(rng() * 2 ** 32),
    }));
    const expectedChapters =
      nCh === 1
        ? weighted(rng, [
            [1, 80],
            [null, 12],
            [2 + Math.floor(rng() * 4), 8],
          ] as const)
        : weighted(rng, [
            [nCh, 50],
            [null, 25],
            [nCh + 1 + Math.floor(rng() * 10), 25],
          ] as const);
    const author = authorZipf.sample(rng);
    const coAuthors =
      userCount > 1 && rng() < 0.03 ? [(author + 1 + Math.floor(rng() * (userCount - 1))) % userCount] : [];
    const summary = renderSummary(rng, language);
    const notes = rng() < 0.15 ? renderSummary(rng, language) : '';
    const restricted = rng() < 0.03;
    const draft = rng() < 0.02;
    // Log-normal around 3,000 words a chapter's worth, and a very few enormous works.
    const nominalWords =
      rng() < 0.0002
        ? 1_000_000 + Math.floor(rng() * 4_000_000)
        : Math.max(100, Math.round(Math.exp(Math.log(3000) + 1.2 * gaussian(rng)) * (nCh > 1 ? 0.7 * nCh : 1)));
    const counts = draft
      ? { hits: 0, kudos: 0, bookmarks: 0, comments: 0 }
      : engagement(rng, when[i]!, nominalWords, nCh);
    works.push({
      title,
      author,
      coAuthors,
      summary,
      notes,
      language,
      rating,
      warnings,
      categories,
      fandoms,
      relationships,
      characters,
      freeforms,
      expectedChapters,
      chapters,
      restricted,
      draft,
      publishedAt: when[i]!,
      nominalWords,
      ...counts,
    });
  }
  if (opts.textWords !== undefined) shareText(works, opts.textWords);
  return { seed: opts.seed, users, wrangler: 'tag_wrangler', nonces, tags: usedTags(uni, works), works };
}

/** Sets chapter lengths so the corpus holds about `total` words of text, longer works more (20 words a chapter at least). */
function shareText(works: WorkSpec[], total: number): void {
  const nominal = works.reduce((n, w) => n + w.nominalWords, 0);
  for (const w of works) {
    const words = (total * w.nominalWords) / nominal;
    for (const c of w.chapters) c.words = Math.max(20, Math.round(words / w.chapters.length));
  }
}

/** Total words of chapter text a spec will write (as `chapterBody` counts them, roughly). */
export const specTextWords = (spec: Pick<CorpusSpec, 'works'>): number =>
  spec.works.reduce((n, w) => n + w.chapters.reduce((m, c) => m + c.words, 0), 0);

/** The tags the works use, in order of first use, with links only to other used canonical tags. */
function usedTags(uni: Universe, works: WorkSpec[]): TagSpec[] {
  const seen = new Map<string, TagSpec>();
  for (const w of works) {
    for (const name of [...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms]) {
      if (seen.has(name)) continue;
      const entry = uni.byName.get(name);
      if (!entry) throw new Error(`corpus: unknown tag ${name}`);
      const c = entry.concept;
      seen.set(
        name,
        entry.synonym
          ? { name, type: c.type, canonical: false, synonymOf: c.name, metas: [], parents: [] }
          : { name, type: c.type, canonical: c.canonical, synonymOf: null, metas: c.metas, parents: c.parents },
      );
    }
  }
  const canonicalUsed = (n: string, type: FreeTagType) => {
    const t = seen.get(n);
    return t !== undefined && t.canonical && t.type === type;
  };
  const tags = [...seen.values()];
  for (const t of tags) {
    if (t.synonymOf !== null && !canonicalUsed(t.synonymOf, t.type)) t.synonymOf = null;
    t.metas = t.canonical ? t.metas.filter((m) => canonicalUsed(m, t.type)) : [];
    t.parents = t.canonical ? t.parents.filter((p) => canonicalUsed(p, 'fandom')) : [];
  }
  return tags;
}

export interface WrangleStep {
  tag: string;
  action: WrangleAction;
}

/** The wrangling a spec describes, as wrangleTag calls: canonical first, then synonyms, meta tags, parents. */
export function wranglingSteps(spec: CorpusSpec): WrangleStep[] {
  const steps: WrangleStep[] = [];
  for (const t of spec.tags)
    if (t.canonical) steps.push({ tag: t.name, action: { kind: 'canonical', canonical: true } });
  for (const t of spec.tags)
    if (t.synonymOf !== null) steps.push({ tag: t.name, action: { kind: 'synonym', of: t.synonymOf } });
  for (const t of spec.tags)
    for (const m of t.metas) steps.push({ tag: t.name, action: { kind: 'add-meta', meta: m } });
  for (const t of spec.tags)
    for (const p of t.parents) steps.push({ tag: t.name, action: { kind: 'add-parent', fandom: p } });
  return steps;
}
