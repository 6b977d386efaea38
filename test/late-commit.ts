import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../src/store/schema.js';

/**
 * A writer that logs its change early and commits late, as an edit rebuilding a long work's search
 * text would: runs `write` in a transaction and leaves it open until `commit()` (PostgreSQL with a
 * server: the test needs a second connection meanwhile).
 */
export async function heldOpen(
  db: Kysely<DB>,
  write: (trx: Transaction<DB>) => Promise<void>,
): Promise<{ commit(): Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const ready = new Promise<void>((r) => (written = r));
  const done = db.transaction().execute(async (trx) => {
    await write(trx);
    written();
    await held;
  });
  await Promise.race([ready, done]);
  return {
    commit: async () => {
      release();
      await done;
    },
  };
}
