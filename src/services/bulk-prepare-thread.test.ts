/**
 * The worker thread of bulkPostWorks prepares a batch exactly as this thread would: the same
 * sanitized text, word counts, typed tags and refusals, in the same order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberViewer, guestViewer } from '../policies/index.js';
import { neutralProse } from '../../test/factories.js';
import { prepareBatch, type BulkPostItem } from './bulk-prepare.js';
import { PrepareThread } from './bulk-prepare-thread.js';

const writer = memberViewer({ id: 7, username: 'harbour_keeper', isAdmin: false, isWrangler: false, viewAdult: false });

function items(): BulkPostItem[] {
  const meta = { title: 'Gull Watch', rating: 'Teen And Up Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], freeforms: ['Fluff', 'Slow  Burn'] };
  return [
    { viewer: writer, input: { meta: { ...meta, summary: 'A <b>lamp</b> & <script>x</script>' }, chapter: { title: 'One', body: '<p>Hello <i>there</i></p><p>again</p>' }, moreChapters: [{ body: neutralProse(2) }], draft: false } },
    { viewer: writer, input: { meta: { ...meta, title: '' }, chapter: { body: neutralProse(1) }, draft: false } },
    { viewer: guestViewer(), input: { meta, chapter: { body: neutralProse(1) }, draft: false } },
    { viewer: writer, input: { meta: { ...meta, title: 'Plain' }, chapter: { body: 'Plain\n\nprose  here.' }, draft: true } },
  ];
}

test('a batch prepared in the worker thread equals the batch prepared here, refusals included', async () => {
  const thread = new PrepareThread();
  try {
    const here = prepareBatch(items());
    assert.equal(here.ready.length, 2);
    assert.deepEqual(here.refused.map(([i, r]) => [i, r.ok ? 0 : r.status]), [[1, 400], [2, 403]]);
    const [first, second] = await Promise.all([thread.prepare(items()), thread.prepare(items().slice(3))]);
    assert.deepEqual(first, here);
    assert.deepEqual(second, prepareBatch(items().slice(3)));
    assert.equal(thread.preparedInThread, 2);
  } finally {
    await thread.close();
  }
});
