import type { Work } from '../../domain/work.js';
import type { OwnBookmark } from '../../store/bookmark.store.js';
import type { MemberBookmarksPage } from '../../services/bookmarks-of-member.js';
import { Blurb, type BlurbCounts, formatDate, formatNumber, Pagination } from './components.js';
import { ExternalWorkBlurb } from './external-works.js';
import { BookmarkTagsAndNotes } from './bookmarks.js';

/** What the filter form shows, as the reader typed it. */
export interface BookmarkFilterValues {
  kind: 'works' | 'series' | 'external';
  include: string;
  exclude: string;
  bookmarkTags: string;
  rec: boolean;
  withNotes: boolean;
  sort: 'bookmarked' | 'updated';
}

/** The filter form of a member's bookmarks page (a GET form: the address is the filter). */
export const BookmarkFilterForm = ({ action, v }: { action: string; v: BookmarkFilterValues }) => (
  <form class="filters work-form" method="get" action={action} aria-label="Filter bookmarks">
    <fieldset>
      <legend>Bookmarks of</legend>
      {(
        [
          ['works', 'Works'],
          ['series', 'Series'],
          ['external', 'External works'],
        ] as const
      ).map(([value, label]) => (
        <label>
          <input type="radio" name="type" value={value} checked={v.kind === value} /> {label}
        </label>
      ))}
    </fieldset>
    <fieldset>
      <legend>The work’s tags</legend>
      <p class="hint">Bookmarks of works only.</p>
      <label for="include">Tags to include</label>
      <input type="text" id="include" name="include" value={v.include} />
      <label for="exclude">Tags to exclude</label>
      <input type="text" id="exclude" name="exclude" value={v.exclude} />
    </fieldset>
    <fieldset>
      <legend>The bookmark</legend>
      <label for="bookmark_tags">Bookmarker’s tags</label>
      <input type="text" id="bookmark_tags" name="bookmark_tags" value={v.bookmarkTags} />
      <p>
        <input type="checkbox" id="rec" name="rec" value="1" checked={v.rec} /> <label for="rec">Recs only</label>
      </p>
      <p>
        <input type="checkbox" id="with_notes" name="with_notes" value="1" checked={v.withNotes} />{' '}
        <label for="with_notes">With notes only</label>
      </p>
      <label for="sort">Sort by</label>
      <select id="sort" name="sort">
        <option value="bookmarked" selected={v.sort === 'bookmarked'}>
          Date Bookmarked
        </option>
        <option value="updated" selected={v.sort === 'updated'}>
          Date Updated
        </option>
      </select>
    </fieldset>
    <button type="submit">Filter</button>
  </form>
);

/** A bookmark under what it bookmarks: when, whether a rec or private, the bookmarker's tags and notes. */
const BookmarkDetails = ({ b }: { b: OwnBookmark }) => (
  <div class="own-bookmark" id={`bookmark-${b.id}`}>
    <p class="byline">
      Bookmarked on <time datetime={b.createdAt}>{formatDate(b.createdAt)}</time>
      {b.rec ? <strong class="rec"> · Rec</strong> : null}
      {b.private ? <span class="private"> · Private</span> : null}
    </p>
    <BookmarkTagsAndNotes tags={b.tags} notes={b.notes} />
  </div>
);

/** The listed bookmarks of one kind, with the count, the hidden notice and the pages. */
export const MemberBookmarkList = ({
  result,
  counts,
  base,
  showHiddenHref,
}: {
  result: MemberBookmarksPage;
  counts: ReadonlyMap<number, BlurbCounts>;
  base: string;
  showHiddenHref: string;
}) => (
  <section aria-labelledby="member-bookmarks-title">
    <h2 id="member-bookmarks-title">
      {formatNumber(result.total)} {result.total === 1 ? 'bookmark' : 'bookmarks'}
    </h2>
    {result.messages.map((m) => (
      <p class="notice">{m}</p>
    ))}
    {result.hidden > 0 ? (
      <p class="notice blocked">
        {formatNumber(result.hidden)} {result.hidden === 1 ? 'bookmark' : 'bookmarks'} hidden by your filters.{' '}
        <a href={showHiddenHref}>Show them this once</a> · <a href="/account/blocklist">Edit your blocklist</a>
      </p>
    ) : null}
    {result.total === 0 ? <p class="muted">No bookmarks to show.</p> : null}
    {result.kind === 'works' ? (
      <ol class="works">
        {result.works.map((w: Work) => (
          <Blurb work={w} counts={counts.get(w.id)}>
            <BookmarkDetails b={result.bookmarks.get(w.id)!} />
          </Blurb>
        ))}
      </ol>
    ) : result.kind === 'series' ? (
      <ol class="works">
        {result.items.map(({ bookmark, series, works }) => (
          <li class="blurb">
            <h3 class="heading">
              <a href={`/series/${series.id}`}>{series.title}</a> <span class="muted">(series)</span>
            </h3>
            <p>
              {formatNumber(works)} {works === 1 ? 'work' : 'works'}
            </p>
            <BookmarkDetails b={bookmark} />
          </li>
        ))}
      </ol>
    ) : (
      <ol class="works">
        {result.items.map(({ bookmark, work, gated }) => (
          <li class="blurb">
            <ExternalWorkBlurb work={work} gated={gated} />
            <BookmarkDetails b={bookmark} />
          </li>
        ))}
      </ol>
    )}
    <Pagination page={result.page} pages={result.pages} base={base} />
  </section>
);
