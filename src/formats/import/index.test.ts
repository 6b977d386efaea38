import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS } from '../../domain/limits.js';
import { MAX_IMPORT_FILE_BYTES, importWork, isImportableName } from './index.js';
import { calibreEpub, sampleWork, utf8 } from '../../../test/formats/import-fixtures.js';

test('importable names: the seven extensions, in any case', () => {
  for (const name of [
    'a.txt',
    'b.MD',
    'c.markdown',
    'd.Html',
    'e.htm',
    'f.xhtml',
    'g.EPUB',
    'dir/sub/h.txt',
    'with.dots.in.name.md',
  ]) {
    assert.equal(isImportableName(name), true, name);
  }
  for (const name of ['a.pdf', 'b.docx', 'c', 'txt', '.txt', 'd.txt.zip', 'e.html.bak', 'f.']) {
    assert.equal(isImportableName(name), false, name);
  }
});

test('64 MiB is the limit', () => {
  assert.equal(MAX_IMPORT_FILE_BYTES, 64 * 1024 * 1024);
  assert.throws(() => importWork('big.txt', new Uint8Array(MAX_IMPORT_FILE_BYTES + 1).fill(97)), {
    name: 'ImportError',
    message: 'the file is larger than 64 MiB',
  });
});

test('unsupported and empty files', () => {
  assert.throws(() => importWork('story.pdf', utf8('%PDF')), {
    name: 'ImportError',
    message: '.pdf files are not importable (Quire reads .txt .md .markdown .html .htm .xhtml .epub)',
  });
  assert.throws(() => importWork('README', utf8('x')), {
    name: 'ImportError',
    message: /^a file without an extension is not importable/,
  });
  for (const name of ['a.txt', 'a.md', 'a.html', 'a.epub']) {
    assert.throws(
      () => importWork(name, new Uint8Array()),
      { name: 'ImportError', message: 'the file is empty' },
      name,
    );
  }
});

test('sniffing: a zip is not text, text is not an EPUB', () => {
  const epub = calibreEpub(sampleWork());
  for (const name of ['a.txt', 'a.md', 'a.html']) {
    assert.throws(
      () => importWork(name, epub),
      { name: 'ImportError', message: 'not a text file (it is a zip archive)' },
      name,
    );
  }
  assert.throws(() => importWork('a.epub', utf8('plain words')), {
    name: 'ImportError',
    message: 'not an EPUB (not a zip archive)',
  });
  assert.equal(importWork('The_Lighthouse_Ledger.EPUB', epub).title, 'The Lighthouse Ledger');
});

test('a work with more chapters than a work may expect is refused', () => {
  const max = LIMITS.expectedChaptersMax;
  const many = (n: number): string => Array.from({ length: n }, (_, i) => `## C${i}\n\nText ${i}.\n`).join('\n');
  assert.equal(importWork('a.md', utf8(many(max))).chapters.length, max);
  assert.throws(() => importWork('a.md', utf8(many(max + 1))), {
    name: 'ImportError',
    message: `the file has ${max + 1} chapters; a work can have at most ${max}`,
  });
});

test('file names with paths and underscores make the fallback title', () => {
  assert.equal(
    importWork('bulk/dir/Salt_and__Rope.txt', utf8('The story starts here.\nAnd goes on.')).title,
    'Salt and Rope',
  );
  assert.equal(importWork('_.txt', utf8('The story starts here.\nAnd goes on.')).title, 'Untitled');
});
