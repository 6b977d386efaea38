// The tables about members: accounts, their sessions and tokens, mailed links, former names,
// invitations, data exports, and what moderators and admins keep (reports, the audit log).
// schema.ts gathers them into DB with the rest.
import type { Generated } from 'kysely';
import type { ReportStatus, ReportTargetKind } from '../domain/report.js';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  username_key: string;
  email: string;
  password_hash: string;
  is_admin: number;
  /** Preference: show adult works without the interstitial. */
  view_adult: number;
  created_at: string;
  password_changed_at: string;
  is_wrangler: Generated<number>;
  /** Preferences: put comments on my works / replies to my comments in my inbox. */
  inbox_comments: Generated<number>;
  inbox_replies: Generated<number>;
  /** Preference: record my reading history. */
  keep_history: Generated<number>;
  /** Null until the member confirms their address by the link mailed at sign-up. */
  confirmed_at: string | null;
  /**
   * The Terms of Service version accepted at sign-up (with the age confirmation), and when; null
   * for accounts an admin made from the command line.
   */
  terms_version: Generated<string | null>;
  terms_accepted_at: Generated<string | null>;
  /** Granted with `quire user role USERNAME moderator` or from the admin area. */
  is_moderator: Generated<number>;
  /** Suspended until then (a ban: the year 9999), and why; null when free to post. */
  suspended_until: Generated<string | null>;
  suspension_reason: Generated<string | null>;
  /** Set when the member asked to delete the account: it no longer logs in, a job removes it. */
  deleting_at: Generated<string | null>;
}

export interface PseudsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  name_key: string;
  is_default: number;
  description: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked database does not leak live sessions. */
  id: string;
  user_id: number | null;
  csrf_token: string;
  view_adult: number;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  key: string;
  attempted_at: string;
}

/** A personal access token (OPDS apps, feed readers, the API); the secret itself is never stored. */
export interface AccessTokensTable {
  id: Generated<number>;
  user_id: number;
  /** What the member called it ("KOReader on my e-reader"). */
  name: string;
  /** SHA-256 of the secret, hex. */
  token_hash: string;
  /** The secret's last characters, so a member can tell tokens apart. */
  hint: string;
  created_at: string;
  /** Updated at most once a minute. */
  last_used_at: string | null;
}

/** What a link sent by mail lets its holder do. */
export type AccountTokenPurpose = 'reset' | 'confirm' | 'email';

/** A link sent by mail: its token's SHA-256, never the token. */
export interface AccountTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: AccountTokenPurpose;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** What the link is for beyond its purpose: the new address of an `email` link. */
  detail: string | null;
}

/** Something a reader reported, and where a moderator is with it. */
export interface ReportsTable {
  id: Generated<number>;
  reporter_user_id: number | null;
  reporter_ip: string;
  target_kind: ReportTargetKind;
  target_id: number;
  reason: string;
  description: string;
  status: ReportStatus;
  assignee_user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ReportNotesTable {
  id: Generated<number>;
  report_id: number;
  user_id: number | null;
  body: string;
  created_at: string;
}

/** One moderation or admin action; `detail` is JSON. */
export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  target_kind: string;
  target_id: number | null;
  detail: string;
  created_at: string;
}

/** A member's former name (`old_key` as `username_key`), whose pages redirect to the new one. */
export interface UserRenamesTable {
  id: Generated<number>;
  user_id: number;
  old_name: string;
  old_key: string;
  renamed_at: string;
}

/** A visitor waiting in the invitation queue. */
export interface InviteRequestsTable {
  id: Generated<number>;
  email: string;
  email_key: string;
  ip: string;
  created_at: string;
  invited_at: string | null;
}

/** An invitation code (its SHA-256); lets one account sign up while sign-up is by invitation. */
export interface InviteCodesTable {
  id: Generated<number>;
  code_hash: string;
  created_by_user_id: number | null;
  request_id: number | null;
  created_at: string;
  used_by_user_id: number | null;
  used_at: string | null;
}

export type DataExportStatus = 'queued' | 'building' | 'ready' | 'downloaded' | 'failed';

/** A member's export of their data (a zip kept in data_export_chunks), downloaded once. */
export interface DataExportsTable {
  id: Generated<number>;
  user_id: number;
  status: DataExportStatus;
  done_steps: Generated<number>;
  total_steps: Generated<number>;
  file_name: string | null;
  error: string | null;
  created_at: string;
  ready_at: string | null;
  downloaded_at: string | null;
}

/** A piece of a built export's zip (migration 025), in order by `seq`. */
export interface DataExportChunksTable {
  export_id: number;
  seq: number;
  bytes: Uint8Array;
}
