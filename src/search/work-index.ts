import { sql } from 'kysely';
import type { Executor } from '../store/executor.js';
import { isPostgres } from '../store/dialect.js';
import { insertRows } from '../store/bulk-insert.js';
import { loadWork } from '../store/work.store.js';
import { listChapters } from '../store/chapter.store.js';
import { logWorkChange } from '../store/work-changes.store.js';
import { metaTagClosure } from '../store/tag-graph.store.js';
import { htmlToPlainText } from '../domain/safe-html.js';
import { isCrossover } from '../domain/crossover.js';
import { indexableDoc } from '../domain/indexable-doc.js';

/** Sort keys ignore a leading article, as AO3's do. */
export function sortKey(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/^(the|a|an)\s+/, '');
}

/** Whether the work's canonical fandoms make it a crossover (docs/glossary.md). */
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

/** What a work's search text is made of (sanitized HTML where the work has HTML). */
export interface SearchSource {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  tagNames: string[];
  creators: Array<{ pseud: string; username: string }>;
  chapters: Array<{ title: string; summary: string; notes: string; body: string; endNotes: string }>;
}

/** The plain text a work is searched by: title, summary, notes, tags, creators, every chapter, end notes. */
export function workSearchText(s: SearchSource): string {
  const parts = [
    s.title,
    htmlToPlainText(s.summary),
    htmlToPlainText(s.notes),
    s.tagNames.join('\n'),
    s.creators.map((c) => `${c.pseud} ${c.username}`).join('\n'),
    ...s.chapters.flatMap((c) => [
      c.title,
      htmlToPlainText(c.summary),
      htmlToPlainText(c.notes),
      htmlToPlainText(c.body),
      htmlToPlainText(c.endNotes),
    ]),
    htmlToPlainText(s.endNotes),
  ];
  return parts.filter((p) => p.length > 0).join('\n\n');
}

/** Recomputes a work's derived columns (sort keys, crossover) and its full-text entry. */
export async function reindexWork(db: Executor, workId: number): Promise<void> {
  const work = await loadWork(db, workId);
  if (!work) return unindexWork(db, workId);
  await logWorkChange(db, workId);
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

  const text = workSearchText({ ...work, tagNames: Object.values(work.tags).flat(), chapters });
  const doc = indexableDoc(text);

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

/**
 * Indexes works that have no entry yet (just inserted), many per statement: the same text and
 * document reindexWork would write. The sort keys and crossover flag are the caller's to store.
 */
export async function indexNewWorks(
  db: Executor,
  works: Array<{ workId: number; source: SearchSource }>,
): Promise<void> {
  if (works.length === 0) return;
  const rows = works.map((w) => {
    const text = workSearchText(w.source);
    return { workId: w.workId, text, doc: indexableDoc(text) };
  });
  await insertRows(
    db,
    'work_text',
    rows.map((r) => ({ work_id: r.workId, text: r.text })),
  );
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    if (isPostgres(db)) {
      await sql`insert into work_search (work_id, tsv)
        select u.id, to_tsvector('simple', u.doc) from unnest(${chunk.map((r) => r.workId)}::int[], ${chunk.map((r) => r.doc)}::text[]) as u(id, doc)`.execute(
        db,
      );
    } else {
      await sql`insert into work_search (rowid, doc) values ${sql.join(chunk.map((r) => sql`(${r.workId}, ${r.doc})`))}`.execute(
        db,
      );
    }
  }
}

/** Removes a work from the full-text index (before or after the work row goes). */
export async function unindexWork(db: Executor, workId: number): Promise<void> {
  await logWorkChange(db, workId);
  await db.deleteFrom('work_text').where('work_id', '=', workId).execute();
  if (isPostgres(db)) await sql`delete from work_search where work_id = ${workId}`.execute(db);
  else await sql`delete from work_search where rowid = ${workId}`.execute(db);
}

/** Rebuilds every work's index entry, in id order; `onProgress` gets (done, total). */
export async function rebuildSearchIndex(
  db: Executor,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
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
  const rows = await db
    .selectFrom('work_tags')
    .select('work_id')
    .distinct()
    .where('tag_id', 'in', fandomTagIds)
    .execute();
  for (const { work_id } of rows) {
    const flag = (await computeCrossover(db, work_id)) ? 1 : 0;
    const changed = await db
      .updateTable('works')
      .set({ crossover: flag })
      .where('id', '=', work_id)
      .where('crossover', '!=', flag)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) > 0) await logWorkChange(db, work_id);
  }
}
