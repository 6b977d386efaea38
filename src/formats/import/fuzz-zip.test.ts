/*
 * Malformed input, generated deterministically: every importer call must either return a
 * well-formed PortableWork or throw ImportError with a one-line reason — never another exception,
 * never a hang (the tests' timeouts are the hang guard).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { readZipArchive } from './index.js';
import { calibreEpub, downloadHtml, prng, rawZip, sampleWork } from '../../../test/formats/import-fixtures.js';
import {
  TIMEOUT,
  assertImportError,
  mutations,
  type Case,
  seedTxt,
  seedMd,
  bombStream,
} from '../../../test/formats/fuzz-support.js';

// ---- bulk zips ---------------------------------------------------------------------------------

test('fuzz: readZipArchive — truncations, byte flips, a zip bomb', { timeout: TIMEOUT }, (t) => {
  const rand = prng(4242);
  const bulk = zipSync({
    'a.txt': strToU8(seedTxt),
    'dir/': {},
    'dir/b.md': strToU8(seedMd),
    'dir/c.html': [strToU8(downloadHtml(sampleWork())), { level: 0 }],
    'd.epub': [calibreEpub(sampleWork()), { level: 0 }],
  });
  const inputs: Case[] = [
    ...mutations(rand, 'bulk.zip', bulk, 'bulk zip', { truncations: 40, flips: 60, splices: 20 }),
    { name: 'bulk.zip', bytes: new Uint8Array(), why: 'empty bulk zip' },
    {
      name: 'bulk.zip',
      bytes: rawZip([{ name: 'bomb.txt', data: bombStream(), method: 8, crc: 0, declaredSize: 10 }]),
      why: 'bulk zip bomb',
    },
  ];
  let read = 0;
  let refused = 0;
  for (const c of inputs) {
    try {
      const entries = readZipArchive(c.bytes);
      assert.ok(
        Array.isArray(entries) && entries.every((e) => typeof e.name === 'string' && e.bytes instanceof Uint8Array),
        c.why,
      );
      read++;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertImportError(error, c.why);
      refused++;
    }
  }
  t.diagnostic(`${inputs.length} archives: ${read} read, ${refused} refused with ImportError`);
  assert.ok(refused > 0);
});
