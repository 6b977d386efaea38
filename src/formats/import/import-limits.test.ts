import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImportError } from '../portable-work.js';
import { CLI_IMPORT_LIMITS, ImportTooLarge, WEB_IMPORT_LIMITS, importWork } from './index.js';
import { MAX_MARKDOWN_CONTAINERS, MAX_MARKDOWN_DEPTH } from './markdown-nesting.js';
import { plainEpub, utf8 } from '../../../test/formats/import-fixtures.js';

// Markup that would stop the parser at once (nested past its depth limit) if it were parsed.
const unparsable = '<div>'.repeat(2_000);

test(
  'the posting form’s EPUB is refused by what it inflates to, before any document is parsed',
  { timeout: 120_000 },
  () => {
    // The report's file: one chapter inflating to 60 MiB from ~180 KB.
    const huge = plainEpub({ chapters: [{ body: `<p>${'The sea. '.repeat(7_000_000)}</p>` }] });
    assert.ok(huge.length < 400_000);
    assert.throws(
      () => importWork('huge.epub', huge, WEB_IMPORT_LIMITS),
      (e) => e instanceof ImportTooLarge && /inflates to more than 12 MiB/.test(e.message),
    );

    // The first chapter would fail to parse; the refusal for size comes first, so nothing was parsed.
    const two = plainEpub({ chapters: [{ body: unparsable }, { body: `<p>${'The sea. '.repeat(1_600_000)}</p>` }] });
    assert.throws(
      () => importWork('two.epub', two, WEB_IMPORT_LIMITS),
      (e) => e instanceof ImportTooLarge && /inflates to more than 12 MiB/.test(e.message),
    );
    assert.throws(
      () => importWork('two.epub', two, CLI_IMPORT_LIMITS),
      (e) => e instanceof ImportError && /nests elements more than 1,000 deep/.test(e.message),
      'the command line reads it, and parses',
    );
  },
);

test(
  'parsing stops at the import’s budget of HTML nodes, counted over every parse of the file',
  { timeout: 120_000 },
  () => {
    // ~7 nodes per 25 bytes: 2 MB of this is ~570,000 nodes, past the form’s 300,000.
    const dense = `<html><body>${'<p><b>a</b> <i>b</i></p>\n'.repeat(80_000)}</body></html>`;
    assert.throws(
      () => importWork('dense.html', utf8(dense), WEB_IMPORT_LIMITS),
      (e) => e instanceof ImportTooLarge && /more than 300,000 HTML elements/.test(e.message),
    );
    assert.equal(importWork('dense.html', utf8(dense), CLI_IMPORT_LIMITS).chapters.length, 1);
    // An EPUB's documents are parsed twice (each alone, then joined): 100,000 nodes a chapter is over.
    const epub = plainEpub({ chapters: [{ body: '<p><b>a</b> <i>b</i></p>\n'.repeat(16_000) }] });
    assert.throws(() => importWork('dense.epub', epub, { ...WEB_IMPORT_LIMITS, htmlNodes: 200_000 }), ImportTooLarge);
    assert.equal(importWork('dense.epub', epub, WEB_IMPORT_LIMITS).chapters.length, 1);
  },
);

test('Markdown nesting is bounded before marked reads the text', { timeout: 120_000 }, () => {
  const deep = `# Quotes\n\n${'> '.repeat(MAX_MARKDOWN_DEPTH + 1)}The innermost voice.\n`;
  assert.throws(
    () => importWork('deep.md', utf8(deep)),
    (e) => e instanceof ImportError && new RegExp(`more than ${MAX_MARKDOWN_DEPTH} deep \\(line 3\\)`).test(e.message),
  );
  assert.ok(importWork('ok.md', utf8(`${'> '.repeat(5)}A quote in a quote in a quote.\n`)));

  // The report's file: 3.9 MB of nested quotes (took 40-61 s); and many shallow ones.
  const nested = Array.from({ length: 20_000 }, (_, i) => `${'> '.repeat(1 + (i % 40))}Said the ${i}th voice.`).join(
    '\n\n',
  );
  assert.ok(nested.length > 1_000_000);
  assert.throws(
    () => importWork('nested.md', utf8(nested)),
    (e) => e instanceof ImportTooLarge && /more than 20,000 quote and list markers/.test(e.message),
  );
  const shallow = '> A line of a quoted letter.\n\n'.repeat(MAX_MARKDOWN_CONTAINERS + 1);
  assert.throws(() => importWork('letters.md', utf8(shallow)), ImportTooLarge);
  // Lists written by indentation count their levels.
  const outline = Array.from({ length: MAX_MARKDOWN_DEPTH + 1 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join(
    '\n',
  );
  assert.throws(() => importWork('outline.md', utf8(outline)), /more than 40 deep/);
});
