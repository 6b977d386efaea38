import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import { canEditWork, canSeeWork, type Viewer } from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import { listPseudsOfUser } from '../store/pseud.store.js';

/** The viewer's pseuds, offered on the posting form. */
export async function pseudsForForm(db: Kysely<DB>, viewer: Viewer): Promise<Array<{ id: number; name: string }>> {
  if (!viewer.user) return [];
  return (await listPseudsOfUser(db, viewer.user.id)).map((p) => ({ id: p.id, name: p.name }));
}

export type EditableWork =
  { kind: 'hidden' } | { kind: 'forbidden' } | { kind: 'ok'; work: Work; pseuds: Array<{ id: number; name: string }> };

/** A work loaded for one of its edit forms, when the viewer may edit it. */
export async function editableWorkForForm(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number | undefined,
): Promise<EditableWork> {
  const work = id === undefined ? undefined : await loadWork(db, id);
  if (!work || !canSeeWork(viewer, work)) return { kind: 'hidden' };
  if (!canEditWork(viewer, work)) return { kind: 'forbidden' };
  return { kind: 'ok', work, pseuds: await pseudsForForm(db, viewer) };
}
