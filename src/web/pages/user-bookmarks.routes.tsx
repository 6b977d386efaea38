import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { FILTER_LIMITS, parseWorksFilter } from '../../search/works-filter.js';
import { TAG_NAME_MAX, splitTagList } from '../../domain/tags.js';
import { findProfile } from '../../services/profiles.js';
import {
  BOOKMARK_KINDS,
  memberBookmarks,
  type BookmarkKind,
  type MemberBookmarksQuery,
} from '../../services/bookmarks-of-member.js';
import { countsForListing } from './counts-shown.js';
import { userHref } from './components.js';
import { notFoundPage } from './error-page.js';
import { page } from './render.js';
import { BookmarkFilterForm, MemberBookmarkList, type BookmarkFilterValues } from './user-bookmarks.js';

/** A member's bookmarks: public ones, and their private ones for themselves, with the filter form. */
export function registerUserBookmarkRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:username/bookmarks', async (c) => {
    const { db, search } = c.get('deps');
    const viewer = c.get('viewer');
    const profile = await findProfile(db, viewer, c.req.param('username'));
    if (!profile) return notFoundPage(c);
    const { query, values, messages, refuse } = parseBookmarkFilter(c);
    const base = userHref(profile.username) + '/bookmarks';
    const result = refuse
      ? {
          kind: 'works' as const,
          works: [],
          bookmarks: new Map(),
          total: 0,
          pages: 0,
          page: 1,
          hidden: 0,
          messages: [],
        }
      : await memberBookmarks(search, viewer, profile.userId, query);
    const counts = result.kind === 'works' ? await countsForListing(c, result.works) : new Map();
    const own = viewer.user?.id === profile.userId;
    return page(
      c,
      `Bookmarks of ${profile.username}`,
      <>
        <h1>
          Bookmarks of <a href={userHref(profile.username)}>{profile.username}</a>
        </h1>
        {own ? (
          <p class="ui">
            <a href="/external_works/new">Bookmark an external work</a>
          </p>
        ) : null}
        {messages.map((m) => (
          <p class="notice ui">{m}</p>
        ))}
        <div class="ui">
          <BookmarkFilterForm action={base} v={values} />
        </div>
        <MemberBookmarkList
          result={result}
          counts={counts}
          base={withParams(c, base, { page: null })}
          showHiddenHref={withParams(c, base, { page: null, show_blocked: '1' })}
        />
      </>,
    );
  });
}

/** The page's address with these parameters set (or, with null, removed). */
function withParams(c: Context<AppEnv>, base: string, set: Record<string, string | null>): string {
  const p = new URL(c.req.url).searchParams;
  for (const [k, v] of Object.entries(set)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  const qs = p.toString();
  return qs ? `${base}?${qs}` : base;
}

const BOOKMARK_TAGS_FIELD_MAX = FILTER_LIMITS.tags * (TAG_NAME_MAX + 2);

/**
 * Reads the filter: the work's side as every works filter is read (parseWorksFilter), the bookmark's
 * side here. Sizes are checked before any tag is looked up; a filter the reader cannot have meant
 * lists nothing, and says why.
 */
function parseBookmarkFilter(c: Context<AppEnv>): {
  query: MemberBookmarksQuery;
  values: BookmarkFilterValues;
  messages: string[];
  refuse: boolean;
} {
  const params = new URL(c.req.url).searchParams;
  const one = (k: string) => params.get(k)?.trim() ?? '';
  const messages: string[] = [];
  let refuse = false;
  const type = one('type');
  let kind: BookmarkKind = 'works';
  if ((BOOKMARK_KINDS as readonly string[]).includes(type)) kind = type as BookmarkKind;
  else if (type) messages.push(`type must be one of ${BOOKMARK_KINDS.join(', ')}; bookmarks of works are shown.`);
  const sortParam = one('sort');
  const sort = sortParam === 'updated' ? 'updated' : 'bookmarked';
  if (sortParam && sortParam !== 'updated' && sortParam !== 'bookmarked')
    messages.push('sort must be bookmarked or updated; sorted by date bookmarked instead.');
  // The work's side has no full-text search or sorts of its own here.
  const workParams = new URLSearchParams(params);
  for (const k of ['sort', 'q', 'type', 'bookmark_tags', 'rec', 'with_notes']) workParams.delete(k);
  const work = parseWorksFilter(workParams);
  messages.push(...work.messages);
  refuse ||= work.refuse;
  const rawTags = params.getAll('bookmark_tags').join(',');
  let bookmarkTags: string[] = [];
  if (rawTags.length > BOOKMARK_TAGS_FIELD_MAX) {
    messages.push(`A filter can name at most ${FILTER_LIMITS.tags} of the bookmarker's tags.`);
    refuse = true;
  } else {
    bookmarkTags = splitTagList(rawTags);
    if (bookmarkTags.length > FILTER_LIMITS.tags) {
      messages.push(`A filter can name at most ${FILTER_LIMITS.tags} of the bookmarker's tags.`);
      refuse = true;
    }
  }
  const flag = (k: string) => one(k) === '1' || one(k) === 'true';
  const { page, showBlocked, ...workFilter } = work.filter;
  return {
    query: {
      kind,
      workFilter,
      bookmarkTags,
      rec: flag('rec'),
      withNotes: flag('with_notes'),
      sort,
      page: page ?? 1,
      showBlocked: showBlocked === true,
    },
    values: {
      kind,
      include: (workFilter.include ?? []).join(', '),
      exclude: (workFilter.exclude ?? []).join(', '),
      bookmarkTags: bookmarkTags.join(', '),
      rec: flag('rec'),
      withNotes: flag('with_notes'),
      sort,
    },
    messages,
    refuse,
  };
}
