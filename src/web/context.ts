import type { StageClock } from '../domain/stage-clock.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB, SessionRow } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import type { Config } from '../config.js';
import type { DownloadCache } from '../services/download-cache.js';
import type { PageCaches } from './page-caches.js';
import type { SearchState } from '../search/search-state.js';
import type { CountsView } from '../services/counts-view.js';
import type { HitCounter } from '../services/hit-counter.js';
import type { CountsShown } from './guest-pages.js';
import type { RateLimits } from '../services/rate-limits.js';
import type { CommitQueue } from '../store/commit-queue.js';
import type { ReadingRecorder } from '../services/reading-recorder.js';
import type { ReplicaSet } from '../store/replica-set.js';
import type { SiteSettingsView } from '../services/site-settings.js';

/** What the composition root hands the web layer. */
export interface WebDeps {
  db: Kysely<DB>;
  config: Pick<Config, 'siteName' | 'trustProxy'> &
    Partial<Pick<Config, 'wholeWorkMaxChars' | 'serverTiming' | 'publicUrl' | 'dataDir'>>;
  logger: Logger;
  /** Built download files (main.ts makes one per server); without it every download is built afresh. */
  downloadCache?: DownloadCache;
  /** The server's rendered-page caches (main.ts); createApp makes its own when absent. */
  pageCaches?: PageCaches;
  /** The works query's filter index and memos for `db` (main.ts); createApp makes its own, without an index, when absent. */
  search?: SearchState;
  /** Kudos, hits, comment and bookmark counts as pages show them (main.ts); createApp makes its own when absent. */
  counts?: CountsView;
  /** Work page views gathered for the hit counts (main.ts writes them each second); createApp makes its own when absent. */
  hits?: HitCounter;
  /** Limits on comments and kudos per account and address; DEFAULT_RATE_LIMITS when absent. */
  rateLimits?: RateLimits;
  /** Batches small writes into shared commits (main.ts); createApp makes its own when absent. */
  commits?: CommitQueue;
  /** The background job runner (main.ts), woken after a request enqueues a job; without it jobs wait for a runner's poll. */
  jobs?: { wake(): void };
  /** Members' visits to works gathered for their reading history (main.ts writes them each second); createApp makes its own when absent. */
  readings?: ReadingRecorder;
  /** The admins' site settings, read once per change stamp (main.ts); createApp makes its own when absent. */
  siteSettings?: SiteSettingsView;
  /** Where mail is written without SMTP_URL (main.ts), for the admin area's outbox page. */
  outboxDir?: string;
  /** PostgreSQL's read replicas (main.ts): a request that wrote sets the read-your-writes cookie. */
  replicas?: ReplicaSet | undefined;
}

/** The dependencies every request sees: the page caches and the search state are always there. */
export type AppDeps = WebDeps & {
  pageCaches: PageCaches;
  search: SearchState;
  counts: CountsView;
  hits: HitCounter;
  rateLimits: RateLimits;
  commits: CommitQueue;
  readings: ReadingRecorder;
  siteSettings: SiteSettingsView;
};

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    viewer: Viewer;
    session: SessionRow | undefined;
    requestId: string;
    /** Set when this request started a session, so the cookie is sent. */
    newSessionToken: string | undefined;
    /** Set by a route whose page shows counts, so that a shared copy is dropped when they change. */
    countsShown: CountsShown | undefined;
    /** A member's unread inbox items, for the header (set by the inbox middleware on pages). */
    inboxUnread: number | undefined;
    /** A url-encoded form's fields in order, parsed once by web/read-form.ts for the CSRF check and the handler. */
    formFields: Array<[string, string]> | undefined;
    /**
     * The page render.tsx sent and its bytes, so the shared guest pages take them without reading
     * the response back (cloning a web Response builds streams: a tenth of an uncached page's time).
     */
    renderedPage: { res: Response; bytes: Buffer } | undefined;
    /** This request's stages, when the archive runs with QUIRE_SERVER_TIMING=1. */
    stages: StageClock | undefined;
  };
}
