import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, neutralProse } from '../../test/factories.js';
import { guestViewer } from '../policies/index.js';
import { DownloadCache } from './download-cache.js';
import { downloadWork, type DownloadFile, type DownloadFormat } from './download-work.js';
import { editChapter } from './chapters.js';
import { editWork } from './edit-work.js';

const site = { proceedAdult: false, archiveName: 'Quire', siteUrl: 'http://quire.test/' };

eachDialect(
  'each version of a download is built once; an edit builds the next; the policy still decides',
  async ({ db }) => {
    const writer = await buildUser(db);
    const id = await buildWork(db, writer, { meta: { title: 'Tide Tables' }, body: neutralProse(5) });
    const cache = new DownloadCache(4 * 1024 * 1024);
    const get = async (format: DownloadFormat, viewer = guestViewer()) => {
      const r = await downloadWork(db, viewer, id, format, { ...site, cache });
      return r.kind === 'file' ? r.file : r.kind;
    };

    const first = await get('epub');
    const again = await get('epub');
    assert.ok(typeof first !== 'string' && typeof again !== 'string');
    assert.equal(again.bytes, first.bytes, 'the same bytes object: not built again');
    const txt = await get('txt');
    assert.ok(
      typeof txt !== 'string' && txt.bytes !== first.bytes && txt.etag !== first.etag,
      'each format is its own file',
    );
    const uncached = await downloadWork(db, guestViewer(), id, 'epub', site);
    assert.ok(
      uncached.kind === 'file' &&
        uncached.file.bytes !== first.bytes &&
        Buffer.from(uncached.file.bytes).equals(Buffer.from(first.bytes)),
    );

    assert.ok((await editChapter(db, writer.viewer(), id, 1, { body: neutralProse(6) })).ok);
    const edited = (await get('epub')) as DownloadFile;
    assert.notEqual(edited.etag, first.etag);
    assert.notEqual(edited.bytes, first.bytes);

    // Restricted to members: a guest is refused although the file is cached.
    const restricted = await editWork(db, writer.viewer(), id, {
      meta: {
        title: 'Tide Tables',
        rating: 'General Audiences',
        warnings: ['No Archive Warnings Apply'],
        fandoms: ['Original Work'],
        restricted: true,
      },
    });
    assert.ok(restricted.ok);
    assert.equal(await get('txt'), 'hidden');
    assert.equal(typeof (await get('txt', writer.viewer())), 'object');
  },
);

test('the cache keeps the most recently used files within its budget', () => {
  const file = (etag: string, size: number): DownloadFile => ({
    bytes: new Uint8Array(size),
    fileName: 'f.txt',
    contentType: 'text/plain',
    etag,
  });
  const cache = new DownloadCache(1000);
  cache.set(1, file('a', 400));
  cache.set(2, file('b', 400));
  assert.ok(cache.get(1, 'a'), 'used: now the most recent');
  cache.set(3, file('c', 400));
  assert.equal(cache.get(2, 'b'), undefined, 'the least recently used went');
  assert.ok(cache.get(1, 'a') && cache.get(3, 'c'));
  assert.equal(cache.bytes, 800);
  assert.equal(cache.get(1, 'other'), undefined, 'another version of work 1 is another key');
  cache.set(4, file('d', 501));
  assert.equal(cache.get(4, 'd'), undefined, 'a file over half the budget is not kept');
  cache.set(1, file('a', 100));
  assert.equal(cache.bytes, 500, 'a key set again replaces its file');
});
