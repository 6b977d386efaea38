import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Chapter, Work } from '../domain/work.js';
import { canEditWork, canSeeWork, workAccess, type Viewer } from '../policies/index.js';
import { findChapter, listChapters } from '../store/chapter.store.js';
import { loadWork } from '../store/work.store.js';
import { setSessionViewAdult } from '../store/session.store.js';

export type ReadResult =
  | { kind: 'hidden' }
  | { kind: 'gate'; work: Work }
  | { kind: 'missing-chapter'; work: Work }
  | { kind: 'read'; work: Work; chapters: Chapter[]; canEdit: boolean; whole: boolean };

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
  const work = await loadWork(db, workId);
  if (!work) return { kind: 'hidden' };
  const access = workAccess(viewer, work, opts.proceedAdult);
  if (access === 'hidden') return { kind: 'hidden' };
  if (access === 'gate') return { kind: 'gate', work };
  const canEdit = canEditWork(viewer, work);
  if (opts.chapter === 'all') return { kind: 'read', work, chapters: await listChapters(db, workId), canEdit, whole: true };
  const chapter = await findChapter(db, workId, opts.chapter);
  if (!chapter) return { kind: 'missing-chapter', work };
  return { kind: 'read', work, chapters: [chapter], canEdit, whole: work.chapters.length === 1 };
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
