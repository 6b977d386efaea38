import { sql } from 'kysely';
import type { Executor } from '../store/user.store.js';
import { isPostgres } from '../store/dialect.js';
import { loadWork } from '../store/work.store.js';
import { listChapters } from '../store/chapter.store.js';
import { metaTagClosure } from '../store/tag-graph.store.js';
import { htmlToPlainText } from '../domain/safe-html.js';
import { isCrossover } from '../domain/crossover.js';
import { normalizeForIndex } from './normalize.js';

/**
 * Beyond this many characters of normalised text a work is not indexed further: PostgreSQL caps a
 * tsvector at 1 MB, and both dialects must index the same text to answer alike.
 */
export const MAX_INDEXED_CHARS = 1_000_000;

/** Sort keys ignore a leading article, as AO3's do. */
export function sortKey(s: string): string {
  return s.trim().toLowerCase().replace(/^(the|a|an)\s+/, '');
}

/** Whether the work's canonical fandoms make it a crossover (GLOSSARY.md). */
async function computeCrossover(db: Executor, workId: number): Promise<boolean> {
  const fandoms = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['tags.id', 'tags.merger_id'])
    .where('work_tags.work_id', '=', workId)
    .where('tags.type', '=', 'fandom')
    .execute();
  const canon = [...new Set(fandoms.map((f) => f.merger_id ?? f.id))];
  if (canon.length < 2) return false;
  const families = await Promise.all(canon.map((id) => metaTagClosure(db, [id])));
  return isCrossover(families);
}

/** Recomputes a work's derived columns (sort keys, crossover) and its full-text entry. */
export async function reindexWork(db: Executor, workId: number): Promise<void> {
  const work = await loadWork(db, workId);
  if (!work) return unindexWork(db, workId);
  const chapters = await listChapters(db, workId);
  await db
    .updateTable('works')
    .set({
      sort_title: sortKey(work.title),
      sort_creator: (work.creators[0]?.pseud ?? '').toLowerCase(),
      crossover: (await computeCrossover(db, workId)) ? 1 : 0,
    })
    .where('id', '=', workId)
    .execute();

  const parts = [
    work.title,
    htmlToPlainText(work.summary),
    htmlToPlainText(work.notes),
    Object.values(work.tags).flat().join('\n'),
    work.creators.map((c) => `${c.pseud} ${c.username}`).join('\n'),
    ...chapters.flatMap((c) => [c.title, htmlToPlainText(c.summary), htmlToPlainText(c.notes), htmlToPlainText(c.body), htmlToPlainText(c.endNotes)]),
    htmlToPlainText(work.endNotes),
  ];
  const text = parts.filter((p) => p.length > 0).join('\n\n');
  const doc = normalizeForIndex(text).slice(0, MAX_INDEXED_CHARS);

  await db.deleteFrom('work_text').where('work_id', '=', workId).execute();
  await db.insertInto('work_text').values({ work_id: workId, text }).execute();
  if (isPostgres(db)) {
    await sql`insert into work_search (work_id, tsv) values (${workId}, to_tsvector('simple', ${doc}))
      on conflict (work_id) do update set tsv = excluded.tsv`.execute(db);
  } else {
    await sql`delete from work_search where rowid = ${workId}`.execute(db);
    await sql`insert into work_search (rowid, doc) values (${workId}, ${doc})`.execute(db);
  }
}

/** Removes a work from the full-text index (before or after the work row goes). */
export async function unindexWork(db: Executor, workId: number): Promise<void> {
  await db.deleteFrom('work_text').where('work_id', '=', workId).execute();
  if (isPostgres(db)) await sql`delete from work_search where work_id = ${workId}`.execute(db);
  else await sql`delete from work_search where rowid = ${workId}`.execute(db);
}

/** Rebuilds every work's index entry, in id order; `onProgress` gets (done, total). */
export async function rebuildSearchIndex(db: Executor, onProgress?: (done: number, total: number) => void): Promise<number> {
  const ids = (await db.selectFrom('works').select('id').orderBy('id').execute()).map((r) => r.id);
  for (const [i, id] of ids.entries()) {
    await reindexWork(db, id);
    if (onProgress && (i % 100 === 99 || i === ids.length - 1)) onProgress(i + 1, ids.length);
  }
  return ids.length;
}

/** Re-derives crossover flags of the works that carry any of the given fandom tags. */
export async function refreshCrossovers(db: Executor, fandomTagIds: number[]): Promise<void> {
  if (fandomTagIds.length === 0) return;
  const rows = await db.selectFrom('work_tags').select('work_id').distinct().where('tag_id', 'in', fandomTagIds).execute();
  for (const { work_id } of rows) {
    const flag = (await computeCrossover(db, work_id)) ? 1 : 0;
    await db.updateTable('works').set({ crossover: flag }).where('id', '=', work_id).execute();
  }
}
