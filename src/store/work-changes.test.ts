import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { editWork } from '../services/edit-work.js';
import { deleteWork } from '../services/delete-work.js';
import { addChapter } from '../services/chapters.js';
import { wrangleTag } from '../services/wrangle-tag.js';
import { TAG_GRAPH_CHANGE, changesSince, latestChangeSeq } from './work-changes.store.js';

eachDialect(
  'every change to a work, and every wrangling change, is logged in order for the in-memory indexes',
  async ({ db }) => {
    const u = await buildUser(db, { isWrangler: true });
    const start = await latestChangeSeq(db);
    const id = await buildWork(db, u, { meta: { freeforms: ['Harbour Fog'] } });
    assert.ok((await addChapter(db, u.viewer(), id, { body: 'Another chapter of fog.' })).ok);
    assert.ok(
      (
        await editWork(db, u.viewer(), id, {
          meta: {
            title: 'Fog',
            rating: 'General Audiences',
            warnings: ['No Archive Warnings Apply'],
            fandoms: ['Original Work'],
          },
        })
      ).ok,
    );
    assert.ok((await wrangleTag(db, u.viewer(), 'Harbour Fog', { kind: 'canonical', canonical: true })).ok);
    assert.ok((await deleteWork(db, u.viewer(), id)).ok);
    const log = await changesSince(db, start, 100);
    const ids = log.map((c) => c.workId);
    assert.ok(ids.filter((w) => w === id).length >= 4, `post, chapter, edit, delete: ${ids.join(',')}`);
    assert.ok(ids.includes(TAG_GRAPH_CHANGE));
    assert.equal(ids.at(-1), id, 'the deletion is the last change');
    assert.deepEqual(
      log.map((c) => c.seq),
      [...log.map((c) => c.seq)].sort((a, b) => a - b),
    );
    assert.equal(await latestChangeSeq(db), log.at(-1)!.seq);
  },
);
