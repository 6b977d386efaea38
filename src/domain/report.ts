export type ReportTargetKind = 'work' | 'chapter' | 'comment' | 'user';
export type ReportStatus = 'open' | 'in_progress' | 'resolved';

/** What can be reported, as a reader names it in the form's address (`/report?kind=…&id=…`). */
export const REPORT_TARGET_KINDS: readonly ReportTargetKind[] = ['work', 'chapter', 'comment', 'user'];

/** AO3's reasons for a report, in the order the form offers them. */
export const REPORT_REASONS = {
  spam: 'Spam or advertising',
  harassment: 'Harassment or threats',
  rating: 'Wrong rating or missing warnings',
  plagiarism: 'Plagiarism',
  other: 'Something else',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

export const REPORT_STATUSES: Record<ReportStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  resolved: 'Resolved',
};

/** A report's description and a moderator's note or reason: enough for a paragraph of context and links. */
export const REPORT_TEXT_MAX = 4000;

/** A suspension's length in days, as the moderator's form offers it; a ban has none. */
export const SUSPENSION_DAYS = [1, 3, 7, 14, 30, 90, 365] as const;

/** A ban is a suspension that ends in this year: one column, one comparison. */
export const BAN_UNTIL = '9999-12-31T23:59:59.999Z';

export function isBan(until: string): boolean {
  return until.startsWith('9999');
}
