import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Work } from '../../domain/work.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import { chapterFraction, isComplete } from '../../domain/work.js';
import { RATINGS, TAG_TYPE_LABELS, tagToUrlSegment, type TagType } from '../../domain/tags.js';
import { languageName } from '../../domain/languages.js';

export const tagHref = (name: string) => `/tags/${tagToUrlSegment(name)}/works`;
export const userHref = (username: string) => `/users/${encodeURIComponent(username)}`;
export const pseudHref = (username: string, pseud: string) =>
  `/users/${encodeURIComponent(username)}/pseuds/${encodeURIComponent(pseud)}`;

export const formatDate = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
// One formatter for every number shown: toLocaleString builds its own each call (some 20 µs).
const NUMBERS = new Intl.NumberFormat('en');
/**
 * A number as English shows it (12,345). Counts, the usual case, are grouped here: a third of the
 * formatter's time, which a writer's statistics page (3,500 figures) noticed.
 */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return NUMBERS.format(n);
  const s = String(n);
  if (s.length <= 3) return s;
  const head = s.length % 3 || 3;
  let out = s.slice(0, head);
  for (let i = head; i < s.length; i += 3) out += ',' + s.slice(i, i + 3);
  return out;
}

/** Sanitized HTML from the database: the one place raw HTML is emitted. */
export const UserHtml = ({ html }: { html: string }) => <>{raw(html)}</>;

export const TagList = ({ names, type }: { names: string[]; type: TagType }) => (
  <ul class="tags">
    {names.map((n) => (
      <li class={type}>
        <a class="tag" href={tagHref(n)}>
          {n}
        </a>
      </li>
    ))}
  </ul>
);

export const Byline = ({ work }: { work: Pick<Work, 'creators'> }) => (
  <>
    {work.creators.map((c, i) => (
      <>
        {i > 0 ? ', ' : ''}
        <a rel="author" href={pseudHref(c.username, c.pseud)}>
          {c.pseud === c.username ? c.pseud : `${c.pseud} (${c.username})`}
        </a>
      </>
    ))}
  </>
);

const PREFACE_TYPES: TagType[] = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'];

/** AO3's preface: the tags, language and stats, always before the text. */
/**
 * Where a work page's counts go in its stats: the page's text is cached per work version, its counts
 * change without one, so the route puts them in at each request (work-read.routes.tsx).
 */
export const COUNTS_SLOT = '<!--quire:counts-->';

export const WorkMeta = ({ work, countsSlot = false }: { work: Work; countsSlot?: boolean }) => (
  <dl class="meta">
    {PREFACE_TYPES.filter((t) => work.tags[t].length > 0).map((t) => (
      <>
        <dt class={`${t} tags`}>{work.tags[t].length > 1 ? TAG_TYPE_LABELS[t].many : TAG_TYPE_LABELS[t].one}:</dt>
        <dd class={`${t} tags`}>
          <TagList names={work.tags[t]} type={t} />
        </dd>
      </>
    ))}
    <dt class="language">Language:</dt>
    <dd class="language" lang={work.language}>
      {languageName(work.language)}
    </dd>
    {work.series.length > 0 ? (
      <>
        <dt class="series">Series:</dt>
        <dd class="series">
          {work.series.map((s, i) => (
            <>
              {i > 0 ? <br /> : null}
              Part {s.position} of <a href={`/series/${s.id}`}>{s.title}</a>
            </>
          ))}
        </dd>
      </>
    ) : null}
    <dt class="stats">Stats:</dt>
    <dd class="stats">
      <Stats work={work} countsSlot={countsSlot} />
    </dd>
  </dl>
);

export const Stats = ({ work, countsSlot = false }: { work: Work; countsSlot?: boolean }) => (
  <dl class="stats">
    <dt>Published:</dt>
    <dd class="published">{work.posted ? formatDate(work.publishedAt) : 'draft'}</dd>
    {work.posted && work.updatedAt.slice(0, 10) !== (work.publishedAt ?? '').slice(0, 10) ? (
      <>
        <dt>{isComplete(work) ? 'Completed:' : 'Updated:'}</dt>
        <dd class="status">{formatDate(work.updatedAt)}</dd>
      </>
    ) : null}
    <dt>Words:</dt>
    <dd class="words">{formatNumber(work.wordCount)}</dd>
    <dt>Chapters:</dt>
    <dd class="chapters">{chapterFraction(work)}</dd>
    {countsSlot ? raw(COUNTS_SLOT) : null}
  </dl>
);

function ratingClass(work: Work): string {
  const slug = RATINGS.find((r) => r.name === work.tags.rating[0])?.slug ?? 'not-rated';
  return `r-${slug}`;
}

const ABBR: Record<string, string> = {
  'General Audiences': 'G',
  'Teen And Up Audiences': 'T',
  Mature: 'M',
  Explicit: 'E',
  'Not Rated': 'NR',
};

/** The four squares of a blurb: rating, warnings, category, complete. */
export const RequiredTags = ({ work }: { work: Work }) => {
  const warns = work.tags.warning;
  const warnClass = warns.includes('Choose Not To Use Archive Warnings')
    ? 'w-choose'
    : warns.every((w) => w === 'No Archive Warnings Apply')
      ? 'w-none'
      : 'w-warn';
  const complete = isComplete(work);
  return (
    <ul class="required-tags" aria-label="Rating, warnings, category and status">
      <li>
        <span class={ratingClass(work)} title={work.tags.rating.join(', ')}>
          {ABBR[work.tags.rating[0] ?? ''] ?? '?'}
        </span>
      </li>
      <li>
        <span class={warnClass} title={warns.join(', ')}>
          {warnClass === 'w-none' ? '—' : '!'}
        </span>
      </li>
      <li>
        <span
          class={work.tags.category.length ? 'c-cat' : 'c-none'}
          title={work.tags.category.join(', ') || 'No category'}
        >
          {work.tags.category.length > 1 ? 'M' : (work.tags.category[0]?.slice(0, 3) ?? '')}
        </span>
      </li>
      <li>
        <span class={complete ? 'x-complete' : 'x-wip'} title={complete ? 'Complete Work' : 'Work in Progress'}>
          {complete ? '✓' : '…'}
        </span>
      </li>
    </ul>
  );
};

/**
 * A work in a listing, like AO3's blurb; warnings come first among the tags. Its headings are h3 and
 * h4: a listing stands under an h2. `children` (a search snippet) go inside the item, after the stats.
 */
/** A blurb's counts, and for a member who read the work, the chapters posted since (counts-shown.ts). */
export type BlurbCounts = WorkCounts & { newChapters?: number };

export const Blurb = ({ work, counts, children }: { work: Work; counts?: BlurbCounts; children?: Child }) => (
  <li class="blurb" id={`work_${work.id}`}>
    <h3 class="heading">
      <a href={`/works/${work.id}`}>{work.title}</a> by <Byline work={work} />
      {work.restricted ? <span class="muted"> (members only)</span> : null}
    </h3>
    <h4 class="fandoms">
      <TagList names={work.tags.fandom} type="fandom" />
    </h4>
    <RequiredTags work={work} />
    <ul class="tags">
      {(['warning', 'relationship', 'character', 'freeform'] as const).flatMap((t) =>
        work.tags[t].map((n) => (
          <li class={t}>
            <a class="tag" href={tagHref(n)}>
              {n}
            </a>
          </li>
        )),
      )}
    </ul>
    {work.summary ? (
      <blockquote class="summary userstuff">
        <UserHtml html={work.summary} />
      </blockquote>
    ) : null}
    <dl class="stats">
      <dt>Language:</dt>
      <dd>{languageName(work.language)}</dd>
      <dt>Words:</dt>
      <dd>{formatNumber(work.wordCount)}</dd>
      <dt>Chapters:</dt>
      <dd>{chapterFraction(work)}</dd>
      <dt>Updated:</dt>
      <dd>{formatDate(work.updatedAt)}</dd>
      {counts ? <CountsStats counts={counts} /> : null}
    </dl>
    {counts?.newChapters ? (
      <p class="new-chapters">
        <a href={`/works/${work.id}/chapters/${Math.max(1, work.chapterCount - counts.newChapters + 1)}`}>
          {formatNumber(counts.newChapters)} new {counts.newChapters === 1 ? 'chapter' : 'chapters'}
        </a>{' '}
        since you last read
      </p>
    ) : null}
    {children}
  </li>
);

/** The counts in a work page's stats (AO3 shows comments, kudos and bookmarks once there are any, hits always). */
export const CountsStats = ({ counts }: { counts: WorkCounts }) => (
  <>
    {counts.comments ? (
      <>
        <dt>Comments:</dt>
        <dd class="comments">{formatNumber(counts.comments)}</dd>
      </>
    ) : null}
    {counts.kudos ? (
      <>
        <dt>Kudos:</dt>
        <dd class="kudos">{formatNumber(counts.kudos)}</dd>
      </>
    ) : null}
    {counts.bookmarks ? (
      <>
        <dt>Bookmarks:</dt>
        <dd class="bookmarks">{formatNumber(counts.bookmarks)}</dd>
      </>
    ) : null}
    <dt>Hits:</dt>
    <dd class="hits">{formatNumber(counts.hits)}</dd>
  </>
);

export const WorkList = ({
  works,
  empty,
  counts,
}: {
  works: Work[];
  empty: string;
  counts?: ReadonlyMap<number, BlurbCounts>;
}) =>
  works.length === 0 ? (
    <p class="notice">{empty}</p>
  ) : (
    <ol class="works">
      {works.map((w) => (
        <Blurb work={w} counts={counts?.get(w.id)} />
      ))}
    </ol>
  );

export const Pagination = ({ page, pages, base }: { page: number; pages: number; base: string }) => {
  if (pages <= 1) return null;
  const sep = base.includes('?') ? '&' : '?';
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? <a href={`${base}${sep}page=${page - 1}`}>← Previous</a> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={`${base}${sep}page=${page + 1}`}>Next →</a> : null}
    </nav>
  );
};

export const Field = (props: {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children?: Child;
}) => (
  <div class={props.error ? 'field invalid' : 'field'}>
    <label for={props.name}>{props.label}</label>
    {props.hint ? <p class="hint">{props.hint}</p> : null}
    {props.children}
    {props.error ? (
      <p class="error" id={`${props.name}-error`} role="alert">
        {props.error}
      </p>
    ) : null}
  </div>
);

/** A labelled one-line input with its hint and error: `id` ties the label to it, `name` is the form's. */
export const TextField = (p: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'url';
  /** A tag type, for the tag autocomplete script. */
  tagType?: string;
}) => (
  <Field name={p.id} label={p.label} error={p.error} hint={p.hint}>
    <input
      type={p.type ?? 'text'}
      id={p.id}
      name={p.name}
      value={p.value}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      data-autocomplete={p.tagType}
    />
  </Field>
);

export const ErrorSummary = ({ errors }: { errors: Record<string, string> }) => {
  const list = Object.entries(errors);
  if (list.length === 0) return null;
  return (
    <div class="flash error-summary" role="alert">
      <p>
        <strong>Nothing was saved.</strong> Please fix{' '}
        {list.length === 1 ? 'this problem' : `these ${list.length} problems`}; everything you typed is still here.
      </p>
      {errors._ ? <p class="error">{errors._}</p> : null}
    </div>
  );
};

/** The line every listing shows when the reader's blocklist removed works from it. */
export const BlockedNotice = ({ hidden, showHref }: { hidden: number; showHref: string }) =>
  hidden > 0 ? (
    <p class="notice blocked ui">
      {formatNumber(hidden)} {hidden === 1 ? 'work' : 'works'} hidden by your blocklist.{' '}
      <a href={showHref}>Show them this once</a> · <a href="/account/blocklist">Edit your blocklist</a>
    </p>
  ) : null;

export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;
