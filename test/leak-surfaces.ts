// Support for src/web/leak*.http.test.ts: which addresses of each route the leak test visits.
import { SORTS } from '../src/search/works-filter.js';
import { tagToUrlSegment } from '../src/domain/tags.js';
import { WORK_KEYS, type LeakFixture, type WorkKey } from './leak-fixture.js';

/** One address to visit, and what on it may name a work the reader excluded. */
export interface Visit {
  path: string;
  /** The work this address opens by its id: its title may show (the blocklist notice names it). */
  opens?: WorkKey;
  /** A tag this address is about: its name may show even when only excluded works carry it ('*': any tag's). */
  aboutTag?: string;
}

type Surface = (fx: LeakFixture) => Visit[];

const q = (s: string) => encodeURIComponent(s);
const each = (fx: LeakFixture, f: (id: number, key: WorkKey) => string[]): Visit[] =>
  WORK_KEYS.flatMap((key) => f(fx.works[key].id, key).map((path) => ({ path, opens: key })));
/** A listing with every sort, a full-text search and a tag filter. */
const listing = (base: string, fx: LeakFixture): Visit[] =>
  [base, `${base}?q=${fx.searchWord}`, `${base}?include=${q(fx.shared)}`, ...SORTS.map((s) => `${base}?sort=${s}`)].map(
    (path) => ({ path }),
  );
/**
 * A tag route for the shared tags, the wrangled ones and each work's own tag. A listing names its
 * tag; a tag's own page (`describes`) also names its synonyms and sub tags, which may be tags of
 * works the reader excluded.
 */
const tags = (fx: LeakFixture, f: (seg: string) => string, describes = false): Visit[] =>
  [fx.shared, fx.fandom, 'Implied Non-Con', 'Noncon', 'Unclear Consent', ...WORK_KEYS.map((k) => fx.works[k].tag)].map(
    (name) => ({ path: f(tagToUrlSegment(name)), aboutTag: describes ? '*' : name }),
  );
/** Each posted work's comment, by its own address (a gate or a blocklist notice may name the work). */
const comments = (fx: LeakFixture, f: (id: number) => string): Visit[] =>
  WORK_KEYS.filter((key) => fx.works[key].commentId > 0).map((key) => ({
    path: f(fx.works[key].commentId),
    opens: key,
  }));
const users = (fx: LeakFixture, f: (name: string) => string): Visit[] =>
  [fx.writer.username, fx.mutedWriter.username].map((n) => ({ path: f(n) }));
const fixed =
  (...paths: string[]): Surface =>
  () =>
    paths.map((path) => ({ path }));

/**
 * Every GET route of the app, by its pattern. A route missing here fails the leak test: a new
 * surface is walked by every kind of viewer before it can be added.
 */
export const SURFACES: Record<string, Surface> = {
  'GET /': fixed('/'),
  'GET /works': (fx) => listing('/works', fx),
  'GET /works/feed.atom': (fx) => listing('/works/feed.atom', fx),
  'GET /search': (fx) => [
    { path: `/search?q=${fx.searchWord}` },
    { path: `/search?q=${fx.searchWord}&sort=title` },
    { path: '/search' },
  ],
  'GET /search/feed.atom': (fx) => [{ path: `/search/feed.atom?q=${fx.searchWord}` }],
  'GET /works/:id': (fx) => each(fx, (id) => [`/works/${id}`, `/works/${id}?view_full_work=true`]),
  'GET /works/:id/chapters/:position': (fx) => each(fx, (id) => [`/works/${id}/chapters/1`, `/works/${id}/chapters/2`]),
  'GET /works/:id/chapters/:position/edit': (fx) => each(fx, (id) => [`/works/${id}/chapters/2/edit`]),
  'GET /works/:id/chapters/:position/delete': (fx) => each(fx, (id) => [`/works/${id}/chapters/2/delete`]),
  'GET /works/:id/chapters/manage': (fx) => each(fx, (id) => [`/works/${id}/chapters/manage`]),
  'GET /works/:id/chapters/new': (fx) => each(fx, (id) => [`/works/${id}/chapters/new`]),
  'GET /works/:id/edit': (fx) => each(fx, (id) => [`/works/${id}/edit`]),
  'GET /works/:id/delete': (fx) => each(fx, (id) => [`/works/${id}/delete`]),
  'GET /works/:id/download.epub': (fx) => each(fx, (id) => [`/works/${id}/download.epub`]),
  'GET /works/:id/download.html': (fx) => each(fx, (id) => [`/works/${id}/download.html`]),
  'GET /works/:id/download.txt': (fx) => each(fx, (id) => [`/works/${id}/download.txt`]),
  'GET /works/new': fixed('/works/new'),
  'GET /works/:id/comments': (fx) => each(fx, (id) => [`/works/${id}/comments`, `/works/${id}/comments?page=2`]),
  'GET /works/:id/bookmarks': (fx) => each(fx, (id) => [`/works/${id}/bookmarks`, `/works/${id}/bookmarks?page=2`]),
  'GET /works/:id/comments/manage': (fx) => each(fx, (id) => [`/works/${id}/comments/manage`]),
  'GET /comments/:id': (fx) => comments(fx, (id) => `/comments/${id}`),
  'GET /comments/:id/edit': (fx) => comments(fx, (id) => `/comments/${id}/edit`),
  // The report form names what it reports: a work or a comment's work by its title, never a comment's text.
  'GET /report': (fx) => [
    ...each(fx, (id) => [`/report?kind=work&id=${id}`]),
    ...comments(fx, (id) => `/report?kind=comment&id=${id}`),
    ...users(fx, (n) => `/report?kind=user&id=${n === fx.writer.username ? fx.writer.id : fx.mutedWriter.id}`),
  ],
  // Moderators only: the walk's viewers are refused; what moderators see is in moderation.http.test.ts.
  'GET /moderation': fixed('/moderation', '/moderation?status=resolved'),
  'GET /moderation/reports/:id': fixed('/moderation/reports/1'),
  'GET /moderation/members/:name': (fx) => users(fx, (n) => `/moderation/members/${n}`),
  'GET /moderation/spam': fixed('/moderation/spam'),
  'GET /inbox': fixed('/inbox', '/inbox?page=2'),
  'GET /series/:id': (fx) => [{ path: `/series/${fx.seriesId}` }],
  'GET /series/:id/feed.atom': (fx) => [{ path: `/series/${fx.seriesId}/feed.atom` }],
  'GET /tags/:name': (fx) => tags(fx, (s) => `/tags/${s}`, true),
  'GET /tags/:name/works': (fx) => tags(fx, (s) => `/tags/${s}/works`),
  'GET /tags/:name/feed.atom': (fx) => tags(fx, (s) => `/tags/${s}/feed.atom`),
  'GET /tags/:name/unwrangled': (fx) => tags(fx, (s) => `/tags/${s}/unwrangled`).slice(0, 2),
  'GET /wrangling': fixed('/wrangling'),
  'GET /users/:username': (fx) => users(fx, (n) => `/users/${n}`),
  'GET /users/:username/drafts': (fx) => users(fx, (n) => `/users/${n}/drafts`),
  'GET /users/:username/feed.atom': (fx) => users(fx, (n) => `/users/${n}/feed.atom`),
  'GET /users/:username/pseuds/:pseud': (fx) => users(fx, (n) => `/users/${n}/pseuds/${n}`),
  'GET /users/:username/pseuds/new': (fx) => users(fx, (n) => `/users/${n}/pseuds/new`),
  'GET /users/:username/co-creator-requests': (fx) => users(fx, (n) => `/users/${n}/co-creator-requests`),
  // The wrangler bookmarked every posted work (notes carry each work's text mark), the muted writer the open one.
  'GET /users/:username/bookmarks': (fx) =>
    [fx.wrangler.username, fx.mutedWriter.username].flatMap((n) =>
      [
        '',
        `?include=${q(fx.shared)}`,
        `?bookmark_tags=${q('Leak Bookmark Tag')}`,
        `?include=${q(fx.fandom)}&bookmark_tags=${q('Leak Bookmark Tag')}&with_notes=1`,
        '?sort=updated',
        '?page=2',
        '?type=series',
        '?type=external',
      ].map((s) => ({ path: `/users/${n}/bookmarks${s}` })),
    ),
  'GET /series/:id/bookmarks': (fx) => [{ path: `/series/${fx.seriesId}/bookmarks` }],
  'GET /external_works/new': fixed('/external_works/new'),
  'GET /external_works/:id': fixed('/external_works/1', '/external_works/1?view_adult=true'),
  // The walker's own history ({me}), every view of it, and someone else's (404).
  'GET /users/:username/history': (fx) => [
    ...['', '?show=later', '?page=2', '?show_blocked=0'].map((s) => ({ path: `/users/{me}/history${s}` })),
    ...users(fx, (n) => `/users/${n}/history`),
  ],
  // A writer's statistics are theirs alone: every other viewer, whatever they ask, finds nothing.
  'GET /users/:username/stats': (fx) => [
    ...users(fx, (n) => `/users/${n}/stats`),
    ...['?period=month&sort=title', '?year=2020', '?sort=bogus'].map((s) => ({
      path: `/users/${fx.writer.username}/stats${s}`,
    })),
    ...WORK_KEYS.map((k) => ({ path: `/users/${fx.writer.username}/stats?work=${fx.works[k].id}&period=week` })),
  ],
  'GET /users/:username/stats.csv': (fx) => [
    ...users(fx, (n) => `/users/${n}/stats.csv`),
    ...WORK_KEYS.map((k) => ({ path: `/users/${fx.writer.username}/stats.csv?work=${fx.works[k].id}` })),
  ],
  // The walker's own subscriptions ({me}) and someone else's (404); the walker's feeds ({feed}: one visit each) and a wrong token.
  'GET /users/:username/subscriptions': (fx) => [
    { path: '/users/{me}/subscriptions' },
    ...users(fx, (n) => `/users/${n}/subscriptions`),
  ],
  'GET /inbox/notifications': fixed('/inbox/notifications', '/inbox/notifications?page=2'),
  'GET /subscriptions/:token/feed.atom': fixed(
    '/subscriptions/{feed}/feed.atom',
    `/subscriptions/${'x'.repeat(32)}/feed.atom`,
  ),
  'GET /dashboard': fixed('/dashboard'),
  'GET /account': fixed('/account'),
  'GET /account/blocklist': fixed('/account/blocklist'),
  'GET /login': fixed('/login'),
  'GET /signup': fixed('/signup'),
  'GET /password/forgot': fixed('/password/forgot'),
  // A token that was never issued: the page names no account and shows no work text.
  'GET /password/reset': fixed(`/password/reset?token=${'x'.repeat(43)}`),
  'GET /confirm': fixed(`/confirm?token=${'x'.repeat(43)}`),
  'GET /orphan': fixed('/orphan'),
  'GET /works/:id/orphan': (fx) => each(fx, (id) => [`/works/${id}/orphan`]),
  'GET /account/email/confirm': fixed(`/account/email/confirm?token=${'x'.repeat(43)}`),
  'GET /account/delete': fixed('/account/delete'),
  'GET /account/export': fixed('/account/export'),
  // An export that does not exist: 404 for everyone (an export's own member is tested in data-export.http.test.ts).
  'GET /account/export/:id/download': fixed('/account/export/999999/download'),
  'GET /admin': fixed('/admin'),
  'GET /admin/members': fixed('/admin/members', '/admin/members?q=leak', '/admin/members?page=2'),
  'GET /admin/audit': fixed('/admin/audit', '/admin/audit?before=1'),
  'GET /admin/settings': fixed('/admin/settings'),
  'GET /admin/invitations': fixed('/admin/invitations'),
  'GET /admin/outbox': fixed('/admin/outbox'),
  'GET /invite-requests': fixed('/invite-requests'),
  'GET /account/username': fixed('/account/username'),
  'GET /tos': fixed('/tos'),
  'GET /privacy': fixed('/privacy'),
  'GET /about': fixed('/about'),
  'GET /static/quire.css': fixed('/static/quire.css'),
  'GET /static/autocomplete.js': fixed('/static/autocomplete.js'),
  'GET /static/comment-count.js': fixed('/static/comment-count.js'),
  'GET /healthz': fixed('/healthz'),
  'GET /readyz': fixed('/readyz'),
  'GET /opds': fixed('/opds'),
  'GET /opds/recent': (fx) => [
    { path: '/opds/recent' },
    { path: `/opds/recent?rating=explicit` },
    { path: `/opds/recent?include=${q(fx.shared)}` },
  ],
  'GET /opds/fandoms': fixed('/opds/fandoms'),
  'GET /opds/fandoms/:name': (fx) => tags(fx, (s) => `/opds/fandoms/${s}`),
  'GET /opds/search': (fx) => [{ path: `/opds/search?q=${fx.searchWord}` }],
  'GET /opds/opensearch.xml': fixed('/opds/opensearch.xml'),
  'GET /api/v1/works': (fx) => listing('/api/v1/works', fx),
  'GET /api/v1/works/:id': (fx) => each(fx, (id) => [`/api/v1/works/${id}`]),
  'GET /api/v1/works/:id/chapters/:position': (fx) =>
    each(fx, (id) => [`/api/v1/works/${id}/chapters/1`, `/api/v1/works/${id}/chapters/2`]),
  'GET /api/v1/works/:id/comments': (fx) =>
    each(fx, (id) => [`/api/v1/works/${id}/comments`, `/api/v1/works/${id}/comments?page=2`]),
  'GET /api/v1/works/:id/download': (fx) =>
    each(fx, (id) => ['epub', 'html', 'txt'].map((f) => `/api/v1/works/${id}/download?format=${f}`)),
  'GET /api/v1/tags/:name': (fx) => tags(fx, (s) => `/api/v1/tags/${s}`, true),
  // Tag names for the posting form: a tag the reader excluded may be suggested, one on hidden works never.
  'GET /api/v1/tags/autocomplete': () =>
    ['Leaktag', 'Leak', 'Implied', 'Noncon'].map((s) => ({ path: `/api/v1/tags/autocomplete?q=${s}`, aboutTag: '*' })),
  'GET /api/v1/openapi.json': fixed('/api/v1/openapi.json'),
};

/** `/works/:id{[0-9]+}` → `/works/:id`: the key SURFACES uses. */
export const routeKey = (method: string, path: string) => `${method} ${path.replace(/\{[^}]*\}/g, '')}`;
