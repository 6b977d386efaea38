import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';

/** Reads for tests that check what really landed in the database, kept out of the test files. */
export async function countRows(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function workRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function chapterRows(db: Kysely<DB>, workId: number) {
  return db.selectFrom('chapters').select(['title', 'position']).where('work_id', '=', workId).orderBy('position').execute();
}

export async function firstUsername(db: Kysely<DB>): Promise<string> {
  return (await db.selectFrom('users').select('username').orderBy('id').executeTakeFirstOrThrow()).username;
}

export async function tagRowByKey(db: Kysely<DB>, nameKey: string) {
  return db.selectFrom('tags').select(['name', 'canonical', 'merger_id']).where('name_key', '=', nameKey).executeTakeFirstOrThrow();
}

/** The whole tag graph, in a stable order: to prove a refused change changed nothing. */
export async function tagGraph(db: Kysely<DB>) {
  return {
    meta: await db.selectFrom('tag_meta').select(['meta_id', 'sub_id']).orderBy('meta_id').orderBy('sub_id').execute(),
    tags: await db.selectFrom('tags').select(['name', 'canonical', 'merger_id']).orderBy('id').execute(),
    audit: await countRows(db, 'tag_audit'),
  };
}

/** Changes a work's title behind the services' back (no change log entry), as a hand edit of the database would. */
export async function retitleBehindServices(db: Kysely<DB>, workId: number, title: string): Promise<void> {
  await db.updateTable('works').set({ title }).where('id', '=', workId).execute();
}
