import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { latestChangeSeq, latestChangeSeqQuick, logWorkChange } from './work-changes.store.js';

eachDialect('the quick change number never shows a change that is not committed, and follows each commit', async ({ db }) => {
  await logWorkChange(db, 7);
  const before = await latestChangeSeq(db);
  assert.equal(await latestChangeSeqQuick(db), before);

  // Read while another request's transaction holds an uncommitted change, which is then rolled back.
  let outside: Promise<number> | undefined;
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await logWorkChange(trx, 8);
      outside = latestChangeSeqQuick(db);
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal(await outside, before, 'the read saw only committed changes');
  assert.equal(await latestChangeSeqQuick(db), before);

  await logWorkChange(db, 9);
  const after = await latestChangeSeq(db);
  assert.ok(after > before);
  assert.equal(await latestChangeSeqQuick(db), after);
});
