import fs from 'node:fs';
import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv, WebDeps } from './context.js';
import { createSearchState } from '../search/search-state.js';
import { CountsView } from '../services/counts-view.js';
import { DEFAULT_RATE_LIMITS } from '../services/rate-limits.js';
import { CommitQueue } from '../store/commit-queue.js';
import { HitCounter } from '../services/hit-counter.js';
import { ReadingRecorder } from '../services/reading-recorder.js';
import { registerHistoryRoutes } from './pages/history.routes.js';
import { createPageCaches } from './page-caches.js';
import { requestContext, securityHeaders } from './middleware/request-context.js';
import { authenticateRequest } from './middleware/token-auth.js';
import { csrfProtection } from './middleware/csrf.js';
import { readYourWrites } from './middleware/read-your-writes.js';
import { guestPageCache } from './middleware/guest-page-cache.js';
import { registerWorkReadRoutes } from './pages/work-read.routes.js';
import { registerKudosRoutes } from './pages/kudos.routes.js';
import { registerCommentRoutes } from './pages/comments.routes.js';
import { inboxCount, registerInboxRoutes } from './pages/inbox.routes.js';
import { registerBookmarkRoutes } from './pages/bookmarks.routes.js';
import { registerExternalWorkRoutes } from './pages/external-works.routes.js';
import { registerUserBookmarkRoutes } from './pages/user-bookmarks.routes.js';
import { registerWorkWriteRoutes } from './pages/work-write.routes.js';
import { registerChapterRoutes } from './pages/chapter.routes.js';
import { registerListingRoutes } from './pages/listing.routes.js';
import { registerBrowseRoutes } from './pages/browse.routes.js';
import { registerTagRoutes } from './pages/tags.routes.js';
import { registerAccountRoutes } from './pages/account.routes.js';
import { registerPasswordResetRoutes } from './pages/password-reset.routes.js';
import { registerConfirmEmailRoutes } from './pages/confirm-email.routes.js';
import { registerChangeEmailRoutes } from './pages/change-email.routes.js';
import { registerOrphanRoutes } from './pages/orphan.routes.js';
import { registerReportRoutes } from './pages/report.routes.js';
import { registerModerationRoutes } from './pages/moderation.routes.js';
import { registerAccountDeleteRoutes } from './pages/account-delete.routes.js';
import { registerDataExportRoutes } from './pages/data-export.routes.js';
import { registerReaderSettingsRoutes } from './pages/reader-settings.routes.js';
import { registerSeriesRoutes } from './pages/series.routes.js';
import { registerDownloadRoutes } from './pages/download.routes.js';
import { registerWorkUploadRoutes } from './pages/work-upload.routes.js';
import { errorPage, notFoundPage } from './pages/error-page.js';
import { apiV1 } from './api/v1.js';
import { registerFeedRoutes } from './feeds/feed.routes.js';
import { registerOpdsRoutes } from './feeds/opds.routes.js';
import { registerAccessTokenRoutes } from './pages/access-tokens.routes.js';
import { registerSitePages } from './pages/site-pages.routes.js';
import { registerCoCreatorRoutes } from './pages/co-creators.routes.js';
import { MAX_REQUEST_BYTES } from '../domain/limits.js';
import { limitBody } from './middleware/body-limit.js';
import { canViewPublicPage, guestViewer } from '../policies/index.js';
import { isDatabaseUnavailable, isStorageFull } from '../store/db-faults.js';
import { logStorageFull } from './storage-full.js';
import { loggedPath } from './logged-path.js';
import { registerStatsRoutes } from './pages/stats.routes.js';
import { registerSubscriptionRoutes } from './pages/subscriptions.routes.js';
import { registerNotificationRoutes } from './pages/subscriptions-inbox.routes.js';
import { registerSubscriptionFeedRoutes } from './feeds/subscription-feed.routes.js';
import { SiteSettingsView } from '../services/site-settings.js';
import { loadSiteSettings, renamedUserRedirect } from './site-settings.js';
import { registerAdminRoutes } from './pages/admin.routes.js';
import { registerAdminSettingsRoutes } from './pages/admin-settings.routes.js';
import { registerAdminInvitationRoutes } from './pages/admin-invitations.routes.js';
import { registerAdminOutboxRoutes } from './pages/admin-outbox.routes.js';
import { registerInviteRequestRoutes } from './pages/invite-requests.routes.js';
import { registerChangeUsernameRoutes } from './pages/change-username.routes.js';
import { registerHealthRoutes } from './health.routes.js';

const CSS = fs.readFileSync(new URL('./static/quire.css', import.meta.url), 'utf8');
// The two scripts pages use; every page works without them.
const SCRIPTS = Object.fromEntries(
  ['autocomplete.js', 'comment-count.js'].map((f) => [
    f,
    fs.readFileSync(new URL(`./static/${f}`, import.meta.url), 'utf8'),
  ]),
);

/** Builds the whole web application: pages, API and their middleware. */
export function createApp(given: WebDeps): Hono<AppEnv> {
  const search = given.search ?? createSearchState(given.db);
  const deps: AppDeps = {
    ...given,
    pageCaches: given.pageCaches ?? createPageCaches(),
    search,
    counts: given.counts ?? new CountsView(given.db),
    hits: given.hits ?? new HitCounter(given.db),
    rateLimits: given.rateLimits ?? DEFAULT_RATE_LIMITS,
    commits: given.commits ?? new CommitQueue(given.db),
    readings: given.readings ?? new ReadingRecorder(given.db),
    siteSettings: given.siteSettings ?? new SiteSettingsView(search.signal, given.config.siteName),
  };
  // A count change drops the shared pages that show it (ADR 010).
  deps.counts.onChange((ids, all) => deps.pageCaches.guestPages.dropForCounts(ids, all));
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  app.use('*', securityHeaders);
  app.use('*', readYourWrites);

  // Before the session: a stylesheet needs no database round trip.
  app.get('/static/quire.css', (c) => {
    const viewer = guestViewer();
    c.set('viewer', viewer);
    canViewPublicPage(viewer, 'static');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  for (const [name, body] of Object.entries(SCRIPTS))
    app.get(`/static/${name}`, (c) => {
      const viewer = guestViewer();
      c.set('viewer', viewer);
      canViewPublicPage(viewer, 'static');
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(body, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    });
  registerHealthRoutes(app);

  // A personal access token on the API, OPDS and feeds; otherwise the session cookie.
  app.use('*', guestPageCache);
  app.use('*', authenticateRequest);
  app.use(
    '*',
    limitBody(MAX_REQUEST_BYTES, (c: Context<AppEnv>) =>
      c.req.path.startsWith('/api/')
        ? c.json(
            {
              error: {
                code: 'payload_too_large',
                message: `Requests are limited to ${MAX_REQUEST_BYTES / 1024 / 1024} MB.`,
              },
            },
            413,
          )
        : errorPage(
            c,
            413,
            'Too much text',
            `A request can carry at most ${MAX_REQUEST_BYTES / 1024 / 1024} MB. A chapter can hold 500,000 characters: split longer text into chapters.`,
          ),
    ),
  );
  app.use('*', csrfProtection);
  app.use('*', inboxCount);
  app.use('*', loadSiteSettings);
  app.use('/users/*', renamedUserRedirect);

  registerFeedRoutes(app);
  registerOpdsRoutes(app);
  registerListingRoutes(app);
  registerBrowseRoutes(app);
  registerTagRoutes(app);
  registerWorkUploadRoutes(app);
  registerWorkWriteRoutes(app);
  registerChapterRoutes(app);
  registerDownloadRoutes(app);
  registerWorkReadRoutes(app);
  registerKudosRoutes(app);
  registerCommentRoutes(app);
  registerBookmarkRoutes(app);
  registerExternalWorkRoutes(app);
  registerUserBookmarkRoutes(app);
  registerInboxRoutes(app);
  registerAccountRoutes(app);
  registerPasswordResetRoutes(app);
  registerConfirmEmailRoutes(app);
  registerChangeEmailRoutes(app);
  registerOrphanRoutes(app);
  registerReportRoutes(app);
  registerModerationRoutes(app);
  registerAccountDeleteRoutes(app);
  registerDataExportRoutes(app);
  registerAccessTokenRoutes(app);
  registerReaderSettingsRoutes(app);
  registerSeriesRoutes(app);
  registerSitePages(app);
  registerCoCreatorRoutes(app);
  registerHistoryRoutes(app);
  registerStatsRoutes(app);
  registerSubscriptionRoutes(app);
  registerNotificationRoutes(app);
  registerSubscriptionFeedRoutes(app);
  registerAdminRoutes(app);
  registerAdminSettingsRoutes(app);
  registerAdminInvitationRoutes(app);
  registerAdminOutboxRoutes(app);
  registerInviteRequestRoutes(app);
  registerChangeUsernameRoutes(app);
  app.route('/api/v1', apiV1());

  app.notFound((c) => {
    canViewPublicPage(c.get('viewer') ?? guestViewer(), 'not-found');
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404);
    return notFoundPage(c);
  });

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    const full = isStorageFull(err);
    const down = !full && isDatabaseUnavailable(err);
    if (full) logStorageFull(c, err);
    else
      deps.logger.error(
        { requestId, err, path: loggedPath(c.req.path) },
        down ? 'database unavailable' : 'unhandled error',
      );
    c.header('X-Request-Id', requestId);
    if (down) c.header('Retry-After', '30');
    const status = full ? 507 : down ? 503 : 500;
    if (c.req.path.startsWith('/api/')) {
      const code = full ? 'storage_full' : down ? 'unavailable' : 'internal';
      return c.json(
        {
          error: {
            code,
            message: `${full ? 'The archive’s storage is full.' : down ? 'The archive’s database is not answering; try again shortly.' : 'Something went wrong on our side.'} Request id: ${requestId}`,
          },
        },
        status,
      );
    }
    if (!c.get('viewer')) c.set('viewer', guestViewer());
    if (full) {
      return errorPage(
        c,
        507,
        'The archive’s storage is full',
        `What you sent could not be saved, and nothing was changed. Go back: your browser still has the form with your text. Keep a copy of it and send it again later. Request id: ${requestId}`,
      );
    }
    if (down) {
      return errorPage(
        c,
        503,
        'The archive’s database is not answering',
        `It may be restarting; please try again in a minute. Nothing you sent was saved by this request. Request id: ${requestId}`,
      );
    }
    return errorPage(
      c,
      500,
      'Something went wrong',
      `The archive could not answer this request. Nothing you sent was lost on our side if it was saved before; please try again. Request id: ${requestId}`,
    );
  });
  return app;
}
