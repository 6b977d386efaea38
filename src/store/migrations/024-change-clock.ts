import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // The change logs' positions in commit order (docs/decisions/015). On SQLite writers take turns,
  // so `seq` is already in commit order and these stay unused. On PostgreSQL a transaction can
  // commit its `seq` after a later one has; a trigger deferred to commit numbers each committing
  // transaction's rows from one counter row instead, whose lock orders the commits.
  await db.schema.alterTable('work_changes').addColumn('gen', 'bigint').execute();
  await db.schema.alterTable('count_changes').addColumn('gen', 'bigint').execute();
  await db.schema
    .createTable('change_clock')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('work_gen', 'bigint', (c) => c.notNull())
    .addColumn('count_gen', 'bigint', (c) => c.notNull())
    .execute();
  if (!isPostgres(db)) {
    await db.insertInto('change_clock').values({ id: 1, work_gen: 0, count_gen: 0 }).execute();
    return;
  }
  await sql`update work_changes set gen = seq`.execute(db);
  await sql`update count_changes set gen = seq`.execute(db);
  await sql`insert into change_clock (id, work_gen, count_gen)
    select 1, coalesce((select max(seq) from work_changes), 0), coalesce((select max(seq) from count_changes), 0)`.execute(
    db,
  );
  await db.schema.createIndex('work_changes_gen_idx').on('work_changes').column('gen').execute();
  await db.schema.createIndex('count_changes_gen_idx').on('count_changes').column('gen').execute();
  // Runs at commit, once per logged row. The first row of a transaction takes the next number for
  // its log from the clock (its row lock, held to the end of the commit, makes numbers follow commit
  // order) and tells listening nodes; the rest reuse it, remembered in a transaction-local setting.
  await sql`
    create function quire_number_change() returns trigger language plpgsql as $$
    declare
      k text := 'quire.gen_' || TG_TABLE_NAME;
      g bigint := nullif(current_setting(k, true), '')::bigint;
    begin
      if g is null then
        if TG_TABLE_NAME = 'work_changes' then
          update change_clock set work_gen = work_gen + 1 where id = 1 returning work_gen into g;
        else
          update change_clock set count_gen = count_gen + 1 where id = 1 returning count_gen into g;
        end if;
        perform set_config(k, g::text, true);
        perform pg_notify('quire_changes', TG_TABLE_NAME || ':' || g);
      end if;
      if TG_TABLE_NAME = 'work_changes' then
        update work_changes set gen = g where seq = NEW.seq;
      else
        update count_changes set gen = g where seq = NEW.seq;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['work_changes', 'count_changes'])
    await sql`create constraint trigger ${sql.raw(`${table}_number`)} after insert on ${sql.table(table)}
      deferrable initially deferred for each row execute function quire_number_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger work_changes_number on work_changes`.execute(db);
    await sql`drop trigger count_changes_number on count_changes`.execute(db);
    await sql`drop function quire_number_change()`.execute(db);
  }
  await db.schema.dropTable('change_clock').execute();
  await db.schema.alterTable('count_changes').dropColumn('gen').execute();
  await db.schema.alterTable('work_changes').dropColumn('gen').execute();
}
