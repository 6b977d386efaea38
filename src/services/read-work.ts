import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Chapter, Work } from '../domain/work.js';
import { canEditWork, canSeeWork, workAccess, type Viewer } from '../policies/index.js';
import { findChapter, listChapters, workTextLength } from '../store/chapter.store.js';
import { loadWork } from '../store/work.store.js';
import { setSessionViewAdult } from '../store/session.store.js';
import { LIMITS } from '../domain/limits.js';

export type OpenResult =
  { kind: 'hidden' } | { kind: 'gate'; work: Work } | { kind: 'read'; work: Work; canEdit: boolean };

export type ReadResult =
  | { kind: 'hidden' }
  | { kind: 'gate'; work: Work }
  | { kind: 'missing-chapter'; work: Work }
  | { kind: 'read'; work: Work; chapters: Chapter[]; canEdit: boolean; whole: boolean };

/** Loads a work and asks the policy whether this viewer gets nothing, the interstitial, or the text. */
export async function openWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  proceedAdult: boolean,
): Promise<OpenResult> {
  const work = await loadWork(db, workId);
  if (!work) return { kind: 'hidden' };
  const access = workAccess(viewer, work, proceedAdult);
  if (access === 'hidden') return { kind: 'hidden' };
  if (access === 'gate') return { kind: 'gate', work };
  return { kind: 'read', work, canEdit: canEditWork(viewer, work) };
}

/** The chapters to show of a work already opened for reading: one (`position`) or all; undefined if missing. */
export async function chaptersToShow(
  db: Kysely<DB>,
  work: Work,
  chapter: number | 'all',
): Promise<Chapter[] | undefined> {
  if (chapter === 'all') return listChapters(db, work.id);
  const one = await findChapter(db, work.id, chapter);
  return one ? [one] : undefined;
}

/**
 * The work's length in characters when it is over `maxChars` (default: LIMITS.wholeWorkCharsMax),
 * else null. Downloads and the entire-work page are built whole in memory; they ask this first.
 */
export async function tooLongForOnePiece(
  db: Kysely<DB>,
  workId: number,
  maxChars: number = LIMITS.wholeWorkCharsMax,
): Promise<{ chars: number; maxChars: number } | null> {
  const chars = await workTextLength(db, workId);
  return chars > maxChars ? { chars, maxChars } : null;
}

/**
 * Loads what a viewer may read of a work: one chapter (`position`) or all of them (`'all'`).
 * The policy decides; this only fetches what it allows.
 */
export async function readWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  opts: { chapter: number | 'all'; proceedAdult: boolean },
): Promise<ReadResult> {
  const opened = await openWork(db, viewer, workId, opts.proceedAdult);
  if (opened.kind !== 'read') return opened;
  const chapters = await chaptersToShow(db, opened.work, opts.chapter);
  if (!chapters) return { kind: 'missing-chapter', work: opened.work };
  const whole = opts.chapter === 'all' || opened.work.chapters.length === 1;
  return { kind: 'read', work: opened.work, chapters, canEdit: opened.canEdit, whole };
}

/** Remembers for the rest of the session that the visitor chose to see adult works. */
export async function rememberAdultConsent(db: Kysely<DB>, sessionId: string): Promise<void> {
  await setSessionViewAdult(db, sessionId);
}

/** A work's metadata when the viewer may know it exists (API, blurbs); undefined otherwise. */
export async function findVisibleWork(db: Kysely<DB>, viewer: Viewer, workId: number): Promise<Work | undefined> {
  const work = await loadWork(db, workId);
  return work && canSeeWork(viewer, work) ? work : undefined;
}
