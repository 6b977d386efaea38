import type { TagType } from './tags.js';

/** A creator on a byline: the pseud and the account behind it. */
export interface Creator {
  pseudId: number;
  pseud: string;
  userId: number;
  username: string;
}

export interface ChapterMeta {
  id: number;
  position: number;
  title: string;
  wordCount: number;
}

export interface Chapter extends ChapterMeta {
  workId: number;
  summary: string;
  notes: string;
  endNotes: string;
  /** Sanitized HTML. */
  body: string;
  createdAt: string;
  updatedAt: string;
}

export type WorkTags = Record<TagType, string[]>;

/** "Part `position` of `title`". */
export interface WorkSeries {
  id: number;
  title: string;
  position: number;
}

/** A work with everything a page or the API shows about it, but no chapter bodies. */
export interface Work {
  id: number;
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  language: string;
  restricted: boolean;
  expectedChapters: number | null;
  posted: boolean;
  publishedAt: string | null;
  updatedAt: string;
  createdAt: string;
  wordCount: number;
  chapterCount: number;
  tags: WorkTags;
  creators: Creator[];
  chapters: ChapterMeta[];
  series: WorkSeries[];
  /** Why a moderator hid the work; null when it is not hidden. */
  hiddenReason: string | null;
}

export function emptyTags(): WorkTags {
  return { rating: [], warning: [], category: [], fandom: [], relationship: [], character: [], freeform: [] };
}

/** A work is complete when its posted chapters reach the expected count. */
export function isComplete(w: Pick<Work, 'chapterCount' | 'expectedChapters'>): boolean {
  return w.expectedChapters !== null && w.chapterCount >= w.expectedChapters;
}

/** "3/10" or "3/?" as AO3 shows it. */
export function chapterFraction(w: Pick<Work, 'chapterCount' | 'expectedChapters'>): string {
  return `${w.chapterCount}/${w.expectedChapters ?? '?'}`;
}

/** Whether a work is posted or restricted, and its creators' accounts: what deciding whether it exists for a viewer needs. */
export interface WorkPresence {
  posted: boolean;
  restricted: boolean;
  /** Set when a moderator hid the work: it then exists only for its creators and moderators. */
  hiddenReason: string | null;
  creators: ReadonlyArray<{ userId: number }>;
}

export function creatorIds(w: Pick<WorkPresence, 'creators'>): number[] {
  return w.creators.map((c) => c.userId);
}
