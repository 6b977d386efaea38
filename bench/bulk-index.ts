/**
 * Derived data for bulk-loaded corpora, in batches: crossover flags and the full-text index.
 * Computes exactly what src/search/work-index.ts (reindexWork, refreshCrossovers) computes one work
 * at a time — the same document text, the same normalisation and cut (indexableDoc) — but reads and writes 500 works per
 * statement, so 100,000 works take seconds rather than the many minutes one-by-one would.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { isPostgres } from '../src/store/dialect.js';
import { TAG_TYPES } from '../src/domain/tags.js';
import { isCrossover } from '../src/domain/crossover.js';
import { indexableDoc, workSearchText } from '../src/search/work-index.js';

/** Sets every work's crossover flag from its canonical fandoms' families (GLOSSARY.md); returns how many are crossovers. */
export async function refreshAllCrossovers(db: Kysely<DB>): Promise<number> {
  const fandoms = await db.selectFrom('tags').select(['id', 'merger_id']).where('type', '=', 'fandom').execute();
  const canonicalOf = new Map(fandoms.map((f) => [f.id, f.merger_id ?? f.id]));
  const metasOf = new Map<number, number[]>();
  const edges = await db.selectFrom('tag_meta').innerJoin('tags', 'tags.id', 'tag_meta.sub_id').select(['tag_meta.meta_id', 'tag_meta.sub_id']).where('tags.type', '=', 'fandom').execute();
  for (const e of edges) metasOf.set(e.sub_id, [...(metasOf.get(e.sub_id) ?? []), e.meta_id]);
  const families = new Map<number, Set<number>>();
  const family = (id: number): Set<number> => {
    let f = families.get(id);
    if (f) return f;
    f = new Set([id]);
    const stack = [id];
    while (stack.length > 0) {
      for (const m of metasOf.get(stack.pop()!) ?? []) {
        if (f.has(m)) continue;
        f.add(m);
        stack.push(m);
      }
    }
    families.set(id, f);
    return f;
  };
  const rows = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['work_tags.work_id', 'work_tags.tag_id'])
    .where('tags.type', '=', 'fandom')
    .orderBy('work_tags.work_id')
    .execute();
  const byWork = new Map<number, Set<number>>();
  for (const r of rows) {
    const set = byWork.get(r.work_id) ?? new Set<number>();
    set.add(canonicalOf.get(r.tag_id) ?? r.tag_id);
    byWork.set(r.work_id, set);
  }
  const crossovers = [...byWork].filter(([, canon]) => canon.size > 1 && isCrossover([...canon].map(family))).map(([id]) => id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('works').set({ crossover: 0 }).where('crossover', '!=', 0).execute();
    for (let i = 0; i < crossovers.length; i += 1000) await trx.updateTable('works').set({ crossover: 1 }).where('id', 'in', crossovers.slice(i, i + 1000)).execute();
  });
  return crossovers.length;
}

interface IndexedWork {
  id: number;
  text: string;
  doc: string;
}

/** The search text of the given works, as reindexWork builds it (title to end notes). */
async function documents(db: Kysely<DB>, ids: number[]): Promise<IndexedWork[]> {
  const [works, tags, creators, chapters] = await Promise.all([
    db.selectFrom('works').select(['id', 'title', 'summary', 'notes', 'end_notes']).where('id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select(['work_tags.work_id', 'work_tags.position', 'tags.name', 'tags.type']).where('work_tags.work_id', 'in', ids).execute(),
    db
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
      .innerJoin('users', 'users.id', 'pseuds.user_id')
      .select(['creatorships.work_id', 'pseuds.name', 'users.username'])
      .where('creatorships.work_id', 'in', ids)
      .orderBy('creatorships.work_id')
      .orderBy('creatorships.position')
      .execute(),
    db.selectFrom('chapters').select(['work_id', 'title', 'summary', 'notes', 'body', 'end_notes']).where('work_id', 'in', ids).orderBy('work_id').orderBy('position').execute(),
  ]);
  const group = <T extends { work_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.work_id);
      if (list) list.push(r);
      else m.set(r.work_id, [r]);
    }
    return m;
  };
  const typeRank = (t: string) => (TAG_TYPES as readonly string[]).indexOf(t);
  // loadWorks groups a work's tags by type (in TAG_TYPES order), each group in position order.
  const tagsOf = group(tags.filter((t) => typeRank(t.type) >= 0).sort((a, b) => typeRank(a.type) - typeRank(b.type) || a.position - b.position));
  const creatorsOf = group(creators);
  const chaptersOf = group(chapters);
  return works.map((w) => {
    const text = workSearchText({
      title: w.title,
      summary: w.summary,
      notes: w.notes,
      endNotes: w.end_notes,
      tagNames: (tagsOf.get(w.id) ?? []).map((t) => t.name),
      creators: (creatorsOf.get(w.id) ?? []).map((c) => ({ pseud: c.name, username: c.username })),
      chapters: (chaptersOf.get(w.id) ?? []).map((c) => ({ title: c.title, summary: c.summary, notes: c.notes, body: c.body, endNotes: c.end_notes })),
    });
    return { id: w.id, text, doc: indexableDoc(text) };
  });
}

/** (Re)builds work_text and work_search for every work, `batch` works per transaction. */
export async function buildSearchIndexBulk(db: Kysely<DB>, onProgress?: (done: number, total: number) => void, batch = 500): Promise<number> {
  const pg = isPostgres(db);
  const ids = (await db.selectFrom('works').select('id').orderBy('id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    const docs = await documents(db, chunk);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('work_text').where('work_id', 'in', chunk).execute();
      await trx.insertInto('work_text').values(docs.map((d) => ({ work_id: d.id, text: d.text }))).execute();
      if (pg) {
        await sql`delete from work_search where work_id in (${sql.join(chunk)})`.execute(trx);
        await sql`insert into work_search (work_id, tsv)
          select u.id, to_tsvector('simple', u.doc) from unnest(${docs.map((d) => d.id)}::int[], ${docs.map((d) => d.doc)}::text[]) as u(id, doc)`.execute(trx);
      } else {
        await sql`delete from work_search where rowid in (${sql.join(chunk)})`.execute(trx);
        await sql`insert into work_search (rowid, doc) values ${sql.join(docs.map((d) => sql`(${d.id}, ${d.doc})`))}`.execute(trx);
      }
    });
    onProgress?.(Math.min(i + batch, ids.length), ids.length);
  }
  return ids.length;
}
