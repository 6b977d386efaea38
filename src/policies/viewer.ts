/** The account behind a request, as far as decisions need it. */
export interface ViewerUser {
  id: number;
  username: string;
  isAdmin: boolean;
  /** Granted with `quire user role USERNAME wrangler`. */
  isWrangler?: boolean;
  /** Preference: show adult works without the interstitial. */
  viewAdult: boolean;
  /** Preference: record the works this member opens in their reading history (sessions set it; absent is off). */
  keepHistory?: boolean;
  /**
   * Signed up but has not yet confirmed their address by the mailed link: reads, but does not post
   * or comment. Set from the account by sessions and access tokens; absent is confirmed.
   */
  unconfirmed?: boolean;
  /** Granted with `quire user role USERNAME moderator`: works the reports queue, hides, suspends. */
  isModerator?: boolean;
  /**
   * Set while a moderator's suspension may still run (ISO time; a ban ends in the year 9999):
   * the member reads but neither posts, comments nor gives kudos. Policies compare `until` with now.
   */
  suspension?: { until: string; reason: string };
}

/**
 * Who is asking. Passed explicitly to every policy and service instead of read from a global,
 * so a test can ask "what does a guest see?" directly.
 */
export interface Viewer {
  user: ViewerUser | null;
  /** The visitor proceeded past the adult interstitial earlier in this session. */
  sessionViewAdult: boolean;
  /** Every decision taken for this viewer, in order: lets a test prove each route asked. */
  readonly decisions: string[];
}

export function guestViewer(): Viewer {
  return { user: null, sessionViewAdult: false, decisions: [] };
}

export function memberViewer(user: ViewerUser, sessionViewAdult = false): Viewer {
  return { user, sessionViewAdult, decisions: [] };
}
