import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  UsersTable,
  PseudsTable,
  SessionsTable,
  LoginAttemptsTable,
  AccessTokensTable,
  AccountTokensTable,
  ReportsTable,
  ReportNotesTable,
  AuditLogTable,
  UserRenamesTable,
  InviteRequestsTable,
  InviteCodesTable,
  DataExportsTable,
  DataExportChunksTable,
} from './schema-members.js';

export type * from './schema-members.js';
export type { ReportStatus, ReportTargetKind } from '../domain/report.js';

/**
 * The database as both dialects see it. Booleans are integers (0/1) and timestamps are
 * ISO-8601 UTC strings in both, so SQLite and PostgreSQL return identical rows.
 */
export interface DB {
  users: UsersTable;
  pseuds: PseudsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  tags: TagsTable;
  works: WorksTable;
  work_tags: WorkTagsTable;
  creatorships: CreatorshipsTable;
  chapters: ChaptersTable;
  settings: SettingsTable;
  tag_meta: TagMetaTable;
  tag_parents: TagParentsTable;
  tag_audit: TagAuditTable;
  blocked_tags: BlockedTagsTable;
  muted_users: MutedUsersTable;
  saved_filters: SavedFiltersTable;
  work_text: WorkTextTable;
  access_tokens: AccessTokensTable;
  series: SeriesTable;
  series_works: SeriesWorksTable;
  work_changes: WorkChangesTable;
  creator_invitations: CreatorInvitationsTable;
  kudos: KudosTable;
  count_changes: CountChangesTable;
  change_clock: ChangeClockTable;
  work_hits: WorkHitsTable;
  comments: CommentsTable;
  comment_settings: CommentSettingsTable;
  blocked_users: BlockedUsersTable;
  inbox_items: InboxItemsTable;
  rate_limits: RateLimitsTable;
  jobs: JobsTable;
  bookmarks: BookmarksTable;
  bookmark_tags: BookmarkTagsTable;
  external_works: ExternalWorksTable;
  readings: ReadingsTable;
  subscriptions: SubscriptionsTable;
  notifications: NotificationsTable;
  work_stats_daily: WorkStatsDailyTable;
  writer_stats_daily: WriterStatsDailyTable;
  account_tokens: AccountTokensTable;
  reports: ReportsTable;
  report_notes: ReportNotesTable;
  audit_log: AuditLogTable;
  user_renames: UserRenamesTable;
  invite_requests: InviteRequestsTable;
  invite_codes: InviteCodesTable;
  data_exports: DataExportsTable;
  data_export_chunks: DataExportChunksTable;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  type: string;
  canonical: number;
  /** The canonical tag this one is a synonym of. */
  merger_id: number | null;
  created_at: string;
}

export interface WorksTable {
  id: Generated<number>;
  title: string;
  summary: string;
  notes: string;
  end_notes: string;
  language: string;
  restricted: number;
  expected_chapters: number | null;
  posted: number;
  published_at: string | null;
  updated_at: string;
  created_at: string;
  word_count: number;
  chapter_count: number;
  /** Fingerprint of an imported source, so importing it again finds this work instead of a copy. */
  import_key: string | null;
  /** Lower-cased title: both dialects sort it bytewise. */
  sort_title: Generated<string>;
  /** Lower-cased first creator pseud. */
  sort_creator: Generated<string>;
  /** 1 when the canonical fandoms are not all one family (docs/glossary.md, "Crossover"). */
  crossover: Generated<number>;
  kudos_count: Generated<number>;
  hits_count: Generated<number>;
  bookmarks_count: Generated<number>;
  comments_count: Generated<number>;
  /** Set when a moderator hid the work: it then exists only for its creators and moderators. */
  hidden_reason: Generated<string | null>;
}

export interface WorkTagsTable {
  work_id: number;
  tag_id: number;
  position: number;
}

export interface CreatorshipsTable {
  work_id: number;
  pseud_id: number;
  position: number;
}

export interface ChaptersTable {
  id: Generated<number>;
  work_id: number;
  position: number;
  title: string;
  summary: string;
  notes: string;
  end_notes: string;
  body: string;
  word_count: number;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TagMetaTable {
  meta_id: number;
  sub_id: number;
}

export interface TagParentsTable {
  parent_id: number;
  child_id: number;
}

export interface TagAuditTable {
  id: Generated<number>;
  tag_id: number | null;
  tag_name: string;
  user_id: number | null;
  action: string;
  detail: string;
  created_at: string;
}

export interface BlockedTagsTable {
  id: Generated<number>;
  user_id: number;
  /** As the reader typed it: a tag name, or a wildcard pattern such as `*Non-Con*`. */
  pattern: string;
  pattern_key: string;
  created_at: string;
}

export interface MutedUsersTable {
  user_id: number;
  muted_user_id: number;
  created_at: string;
}

export interface SavedFiltersTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The filter as a URL query string (the same one /works reads). */
  query: string;
  created_at: string;
}

/** The normalised plain text of a work (title to last chapter), kept for snippets. */
export interface WorkTextTable {
  work_id: number;
  text: string;
}

export type UserRow = Selectable<UsersTable>;
export type PseudRow = Selectable<PseudsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TagRow = Selectable<TagsTable>;
export type BookmarkTableRow = Selectable<BookmarksTable>;
export type WorkRow = Selectable<WorksTable>;
export type NewWorkRow = Insertable<WorksTable>;
export type WorkRowUpdate = Updateable<WorksTable>;
export type ChapterRow = Selectable<ChaptersTable>;
export type AccessTokenRow = Selectable<AccessTokensTable>;

export interface SeriesTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  /** Lower-cased, trimmed title: one series of a name per member. */
  title_key: string;
  created_at: string;
  updated_at: string;
}

export interface SeriesWorksTable {
  series_id: number;
  work_id: number;
  /** 1-based "Part N". */
  position: number;
}

export interface WorkChangesTable {
  seq: Generated<number>;
  /** 0 = the tag graph changed. */
  work_id: number;
  created_at: string;
  /** PostgreSQL: the position in commit order, set at commit (migration 024); unused on SQLite. */
  gen: Generated<number | null>;
}

/** PostgreSQL: the newest position of each change log, in commit order (migration 024). One row. */
export interface ChangeClockTable {
  id: number;
  work_gen: number;
  count_gen: number;
}

/** A member asked to be a work's co-creator; accepted, it becomes a creatorship and is deleted. */
export interface CreatorInvitationsTable {
  id: Generated<number>;
  work_id: number;
  /** The invitee's pseud that would be credited. */
  pseud_id: number;
  /** The creator who named them (null once that account is gone). */
  invited_by: number | null;
  created_at: string;
}

/** One kudos: a member's (user_id) or a guest session's (guest_key). */
export interface KudosTable {
  id: Generated<number>;
  work_id: number;
  user_id: number | null;
  guest_key: string | null;
  created_at: string;
}

/** A work's kudos, hits, comment or bookmark count changed (ADR 010). */
export interface CountChangesTable {
  seq: Generated<number>;
  work_id: number;
  created_at: string;
  /** As work_changes.gen. */
  gen: Generated<number | null>;
}

/** A visitor's hit on a work on one day (UTC), counted once (ADR 010). */
export interface WorkHitsTable {
  work_id: number;
  /** `u:ID` for a member, `g:HASH` for a guest. */
  visitor: string;
  /** YYYY-MM-DD */
  day: string;
}

export type CommentStatus = 'published' | 'held' | 'deleted';

/** A comment on a work or a chapter; `thread_id` is the top-level comment's id. */
export interface CommentsTable {
  id: Generated<number>;
  work_id: number;
  chapter_id: number | null;
  parent_id: number | null;
  thread_id: number | null;
  depth: number;
  user_id: number | null;
  pseud_id: number | null;
  guest_name: string | null;
  /** Kept for the archive's own use (issue 26's mail); never shown. */
  guest_email: string | null;
  body: string;
  status: CommentStatus;
  frozen: number;
  created_at: string;
  edited_at: string | null;
  /** Set when a moderator hid the comment: only its author (told why) and moderators see it. */
  hidden_reason: Generated<string | null>;
  /** 1 when the spam check held it for a moderator rather than for the work's creators. */
  spam: Generated<number>;
}

export type CommentPermission = 'everyone' | 'members' | 'none';

export interface CommentSettingsTable {
  work_id: number;
  who: CommentPermission;
  moderated: number;
}

export interface BlockedUsersTable {
  user_id: number;
  blocked_user_id: number;
  created_at: string;
}

export interface InboxItemsTable {
  id: Generated<number>;
  user_id: number;
  comment_id: number;
  kind: 'comment' | 'reply';
  is_read: number;
  created_at: string;
}

export interface RateLimitsTable {
  key: string;
  /** Seconds since the epoch at the window's start. */
  window_start: number;
  count: number;
}

/** A durable background job (ADR 012). */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Enqueueing a job whose key is already present adds nothing. */
  key: string | null;
  /** JSON. */
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  /** A running job whose lease has passed is claimed again (its process died). */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A member's bookmark of a work (one per member and work). */
export interface BookmarksTable {
  id: Generated<number>;
  user_id: number;
  pseud_id: number;
  work_id: number | null;
  /** Set instead of work_id for a bookmark of a series. */
  series_id: number | null;
  /** Set instead of work_id for a bookmark of a work hosted elsewhere. */
  external_work_id: number | null;
  /** Sanitized HTML, '' when none. */
  notes: string;
  rec: number;
  /** Seen by its owner alone; not counted in the work's bookmarks. */
  private: number;
  created_at: string;
  updated_at: string;
}

/** The bookmarker's own tags on a bookmark, in the order given. */
export interface BookmarkTagsTable {
  bookmark_id: number;
  tag_id: number;
  position: number;
}

/** A work hosted elsewhere, as its first bookmarker described it; one row per normalised URL. */
export interface ExternalWorksTable {
  id: Generated<number>;
  url: string;
  title: string;
  creator: string;
  /** Fandom names, as a JSON array. */
  fandoms: string;
  /** One of the archive's fixed ratings. */
  rating: string;
  /** Sanitized HTML, '' when none. */
  summary: string;
  created_at: string;
}

/** A member following a work, a member, a series or one of their saved filters. */
export interface SubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  kind: 'work' | 'user' | 'series' | 'filter';
  /** A work id, a member id, a series id or a saved_filters id, by kind. */
  target_id: number;
  /** Names the subscription's private Atom feed. */
  feed_token: string;
  created_at: string;
}

/** A new chapter or a new work that a subscription brought (one per subscription and event). */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  subscription_id: number;
  work_id: number;
  /** The new chapter, or the first chapter of a new work. */
  chapter_id: number;
  kind: 'chapter' | 'work';
  is_read: Generated<number>;
  created_at: string;
}

/** A work's hits and kudos of one UTC day (the writer's charts); the works' counts stay the totals. */
export interface WorkStatsDailyTable {
  work_id: number;
  /** YYYY-MM-DD, UTC. */
  day: string;
  hits: Generated<number>;
  kudos: Generated<number>;
}

/** The hits and kudos of all of a writer's works on one UTC day (the chart of all their works). */
export interface WriterStatsDailyTable {
  user_id: number;
  /** YYYY-MM-DD, UTC. */
  day: string;
  hits: Generated<number>;
  kudos: Generated<number>;
}

/** A member's reading of a work: their history, reading position and "Marked for Later". */
export interface ReadingsTable {
  user_id: number;
  work_id: number;
  /** The chapter opened last; null when marked for later and never opened. */
  last_chapter_id: number | null;
  /** The work's chapter count at the last visit: more now are new chapters. */
  chapters_seen: number;
  visits: number;
  last_visited_at: string;
  marked_for_later: Generated<number>;
}
