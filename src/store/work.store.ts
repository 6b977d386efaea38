import type { Executor } from './executor.js';
import type { NewWorkRow, WorkRow, WorkRowUpdate } from './schema.js';
import { emptyTags, type Creator, type Work, type WorkPresence } from '../domain/work.js';
import { TAG_TYPES, type TagType } from '../domain/tags.js';
import { loadWorksSeries } from './series.store.js';
import { insertRows, insertRowsReturningIds } from './bulk-insert.js';

export async function insertWork(db: Executor, row: NewWorkRow): Promise<number> {
  const r = await db.insertInto('works').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateWorkRow(db: Executor, id: number, patch: WorkRowUpdate): Promise<void> {
  await db.updateTable('works').set(patch).where('id', '=', id).execute();
}

export async function deleteWorkRow(db: Executor, id: number): Promise<void> {
  // Children first, explicitly: a SQLite file opened by another tool may have foreign keys off.
  await db
    .deleteFrom('inbox_items')
    .where('comment_id', 'in', (eb) => eb.selectFrom('comments').select('id').where('work_id', '=', id))
    .execute();
  await db.deleteFrom('comments').where('work_id', '=', id).execute();
  await db.deleteFrom('chapters').where('work_id', '=', id).execute();
  await db.deleteFrom('work_tags').where('work_id', '=', id).execute();
  await db.deleteFrom('creatorships').where('work_id', '=', id).execute();
  await db.deleteFrom('works').where('id', '=', id).execute();
}

/** Replaces a work's tags with `tagIds`, kept in the order given. */
export async function replaceWorkTags(db: Executor, workId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('work_tags').where('work_id', '=', workId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('work_tags')
    .values(unique.map((tag_id, position) => ({ work_id: workId, tag_id, position })))
    .execute();
}

export async function replaceCreators(db: Executor, workId: number, pseudIds: number[]): Promise<void> {
  await db.deleteFrom('creatorships').where('work_id', '=', workId).execute();
  const unique = [...new Set(pseudIds)];
  await db
    .insertInto('creatorships')
    .values(unique.map((pseud_id, position) => ({ work_id: workId, pseud_id, position })))
    .execute();
}

/** Recomputes the stored word and chapter counts from the chapters. */
export async function refreshWorkCounts(db: Executor, workId: number): Promise<void> {
  const row = await db
    .selectFrom('chapters')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.coalesce(eb.fn.sum<number>('word_count'), eb.lit(0)).as('words'),
    ])
    .where('work_id', '=', workId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('works')
    .set({ chapter_count: Number(row.n), word_count: Number(row.words) })
    .where('id', '=', workId)
    .execute();
}

export async function findWorkRow(db: Executor, id: number): Promise<WorkRow | undefined> {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Loads full works (tags, creators, chapter list) for the ids, in the order given. */
export async function loadWorks(db: Executor, ids: number[]): Promise<Work[]> {
  if (ids.length === 0) return [];
  const [rows, tags, creators, chapters, series] = await Promise.all([
    db.selectFrom('works').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('work_tags')
      .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
      .select(['work_tags.work_id', 'tags.name', 'tags.type'])
      .where('work_tags.work_id', 'in', ids)
      .orderBy('work_tags.work_id')
      .orderBy('work_tags.position')
      .execute(),
    db
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
      .innerJoin('users', 'users.id', 'pseuds.user_id')
      .select([
        'creatorships.work_id',
        'pseuds.id as pseudId',
        'pseuds.name as pseud',
        'users.id as userId',
        'users.username',
      ])
      .where('creatorships.work_id', 'in', ids)
      .orderBy('creatorships.work_id')
      .orderBy('creatorships.position')
      .execute(),
    db
      .selectFrom('chapters')
      .select(['id', 'work_id', 'position', 'title', 'word_count'])
      .where('work_id', 'in', ids)
      .orderBy('work_id')
      .orderBy('position')
      .execute(),
    loadWorksSeries(db, ids),
  ]);
  const byId = new Map<number, Work>();
  for (const r of rows) {
    byId.set(r.id, {
      id: r.id,
      title: r.title,
      summary: r.summary,
      notes: r.notes,
      endNotes: r.end_notes,
      language: r.language,
      restricted: r.restricted === 1,
      expectedChapters: r.expected_chapters,
      posted: r.posted === 1,
      hiddenReason: r.hidden_reason,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      createdAt: r.created_at,
      wordCount: r.word_count,
      chapterCount: r.chapter_count,
      tags: emptyTags(),
      creators: [],
      chapters: [],
      series: series.get(r.id) ?? [],
    });
  }
  for (const t of tags) {
    const w = byId.get(t.work_id);
    if (w && (TAG_TYPES as readonly string[]).includes(t.type)) w.tags[t.type as TagType].push(t.name);
  }
  for (const c of creators) {
    const creator: Creator = { pseudId: c.pseudId, pseud: c.pseud, userId: c.userId, username: c.username };
    byId.get(c.work_id)?.creators.push(creator);
  }
  for (const ch of chapters) {
    byId
      .get(ch.work_id)
      ?.chapters.push({ id: ch.id, position: ch.position, title: ch.title, wordCount: ch.word_count });
  }
  return ids.map((id) => byId.get(id)).filter((w): w is Work => w !== undefined);
}

export async function loadWork(db: Executor, id: number): Promise<Work | undefined> {
  const [w] = await loadWorks(db, [id]);
  return w;
}

export async function findWorkIdByImportKey(db: Executor, key: string): Promise<number | undefined> {
  const r = await db.selectFrom('works').select('id').where('import_key', '=', key).executeTakeFirst();
  return r?.id;
}

/** Work ids by import key, for the keys that have a work. */
export async function findWorkIdsByImportKeys(db: Executor, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 10_000) {
    const rows = await db
      .selectFrom('works')
      .select(['id', 'import_key'])
      .where('import_key', 'in', keys.slice(i, i + 10_000))
      .execute();
    for (const r of rows) if (r.import_key !== null) out.set(r.import_key, r.id);
  }
  return out;
}

/** Inserts many works with as few statements as it can; returns their ids in the order of `rows`. */
export async function insertWorks(db: Executor, rows: NewWorkRow[]): Promise<number[]> {
  return insertRowsReturningIds(db, 'works', rows);
}

/** Tag links of new works: (work, tag, position) rows. */
export async function insertWorkTagRows(
  db: Executor,
  rows: Array<{ work_id: number; tag_id: number; position: number }>,
): Promise<void> {
  await insertRows(db, 'work_tags', rows);
}

/** Creatorships of new works: (work, pseud, position) rows. */
export async function insertCreatorshipRows(
  db: Executor,
  rows: Array<{ work_id: number; pseud_id: number; position: number }>,
): Promise<void> {
  await insertRows(db, 'creatorships', rows);
}

/** A work's presence (what kudos need), in one query. */
export async function loadWorkPresence(db: Executor, id: number): Promise<WorkPresence | undefined> {
  const rows = await db
    .selectFrom('works as w')
    .leftJoin('creatorships as c', 'c.work_id', 'w.id')
    .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .select(['w.posted', 'w.restricted', 'w.hidden_reason', 'p.user_id'])
    .where('w.id', '=', id)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return {
    posted: first.posted === 1,
    restricted: first.restricted === 1,
    hiddenReason: first.hidden_reason,
    creators: rows.flatMap((r) => (r.user_id === null ? [] : [{ userId: r.user_id }])),
  };
}
