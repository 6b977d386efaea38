// `quire import` over folders and zips: one work per file, a report line per file, exit 1 when any
// failed, nothing half-written, and a second run that finds every work it made.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { assertExit, count, query, quire } from '../../test/cli.js';

const dirs: string[] = [];
const tmp = (p = 'quire-bulk-') => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  dirs.push(d);
  return d;
};

/** A download in the layout of docs/formats/download-layout.md, with two chapters. */
const AO3_HTML = `<!DOCTYPE html><html><head><meta charset="UTF-8"/><title>The Keeper's Log - wren - Original Work</title></head><body>
<div id="preface"><p class="message"><b>The Keeper's Log</b><br/>Posted originally on the <a href="https://archive.example/">Archive</a> at <a href="https://archive.example/works/4242">https://archive.example/works/4242</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="#">Mature</a></dd>
<dt>Archive Warning:</dt><dd><a href="#">Graphic Depictions Of Violence</a></dd>
<dt>Category:</dt><dd><a href="#">Gen</a></dd>
<dt>Fandom:</dt><dd><a href="#">Original Work</a></dd>
<dt>Character:</dt><dd><a href="#">The Keeper</a></dd>
<dt>Additional Tags:</dt><dd><a href="#">Storms</a>, <a href="#">Lighthouses</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Series:</dt><dd>Part 2 of <a href="#">Coastal Records</a></dd>
<dt>Stats:</dt><dd>Published: 2016-03-04 Updated: 2016-05-06 Words: 24 Chapters: 2/?</dd>
</dl><h1>The Keeper's Log</h1><div class="byline">by <a rel="author" href="#">wren</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A log, kept through a storm.</p></blockquote>
<p>Notes</p><blockquote class="userstuff"><p>Written for a prompt about weather.</p></blockquote></div></div>
<div id="chapters" class="userstuff">
<div class="meta group"><h2 class="heading">Chapter 1: First Watch</h2></div>
<div class="userstuff"><p>The wind rose at dusk and the lamp held.</p></div>
<div class="meta group"><h2 class="heading">Chapter 2: Second Watch</h2></div>
<div class="userstuff"><p>By morning the sea was flat and grey again.</p></div>
</div>
<div id="afterword"><div class="meta"><p>End Notes</p><blockquote class="userstuff"><p>Thank you for reading.</p></blockquote></div></div>
</body></html>`;

describe('quire import, in bulk', { concurrency: 2 }, () => {
  let template = '';
  before(async () => {
    template = tmp('quire-bulk-template-');
    assertExit(
      await quire(['user', 'create', '--username', 'ada', '--email', 'ada@example.com', '--data', template]),
      0,
    );
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const dataWithAda = () => {
    const data = tmp();
    fs.cpSync(template, data, { recursive: true });
    return data;
  };

  test('a folder: good files imported, bad ones failed with a reason each, exit 1; a second run imports nothing new', async () => {
    const data = dataWithAda();
    const folder = path.join(data, 'old-works');
    fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'keeper.html'), AO3_HTML);
    fs.writeFileSync(path.join(folder, 'tide.md'), '# Tide Tables\n\nThe tide came in *twice* that day.\n');
    fs.writeFileSync(path.join(folder, 'nested', 'gulls.txt'), 'Gulls\n\nThe gulls argued on the rail until noon.\n');
    fs.writeFileSync(path.join(folder, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]));
    fs.writeFileSync(
      path.join(folder, 'no-package.epub'),
      zipSync({ mimetype: strToU8('application/epub+zip'), 'EPUB/a.xhtml': strToU8('<html/>') }),
    );
    fs.writeFileSync(
      path.join(folder, 'bad-xml.epub'),
      zipSync({
        mimetype: strToU8('application/epub+zip'),
        'META-INF/container.xml': strToU8('<container><rootfiles><rootfile full-path="a.opf"'),
      }),
    );
    const truncated = zipSync({ 'a.txt': strToU8('Some text for a work that will never arrive whole. '.repeat(50)) });
    fs.writeFileSync(path.join(folder, 'truncated.zip'), truncated.subarray(0, Math.floor(truncated.length / 2)));
    fs.writeFileSync(path.join(folder, 'broken.html'), '<html><body><div id="preface"><dl class="tags"><dt>Rating:');
    fs.writeFileSync(path.join(folder, 'cover.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    // 200 MB without writing 200 MB: a sparse file is refused on its size before it is read.
    const huge = path.join(folder, 'huge.txt');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 200 * 1024 * 1024);

    const first = await quire(['import', folder, '--as', 'ada', '--fandom', 'Original Work', '--data', data]);
    assertExit(first, 1);
    assert.match(first.stdout, /imported\s+work \d+\s+\S*keeper\.html \(2 chapters\)/);
    assert.match(first.stdout, /imported\s+work \d+\s+\S*tide\.md/);
    assert.match(first.stdout, /imported\s+work \d+\s+\S*gulls\.txt/);
    assert.match(first.stdout, /ignored\s+\S*cover\.png/);
    for (const bad of ['binary.txt', 'no-package.epub', 'bad-xml.epub', 'truncated.zip', 'huge.txt']) {
      const line = first.stderr.split('\n').find((l) => l.includes(bad));
      assert.ok(line && /^failed\s+\S+: \S.+/.test(line), `a one-line reason for ${bad}:\n${first.stderr}`);
    }
    assert.match(first.stderr, /huge\.txt: the file is 200 MB/);
    const works = count(data, 'works');
    assert.ok(works >= 3 && works <= 4, `three good files (and perhaps the lenient broken.html): ${works}`);
    // No half-made work: every work has its chapters and its tags.
    assert.equal(
      query(
        data,
        'SELECT id FROM works WHERE chapter_count = 0 OR id NOT IN (SELECT work_id FROM chapters) OR id NOT IN (SELECT work_id FROM work_tags)',
      ).length,
      0,
    );

    const keeper = query<{
      id: number;
      title: string;
      published_at: string;
      updated_at: string;
      expected_chapters: number | null;
      end_notes: string;
    }>(data, "SELECT * FROM works WHERE title = 'The Keeper''s Log'")[0]!;
    assert.ok(keeper, 'the AO3 download keeps its title');
    assert.equal(keeper.published_at.slice(0, 10), '2016-03-04');
    assert.equal(keeper.updated_at.slice(0, 10), '2016-05-06');
    assert.equal(keeper.expected_chapters, null);
    assert.match(keeper.end_notes, /Thank you for reading/);
    const tags = query<{ name: string; type: string }>(
      data,
      'SELECT t.name, t.type FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = ? ORDER BY t.type, t.name',
      keeper.id,
    );
    assert.deepEqual(tags.map((t) => `${t.type}:${t.name}`).sort(), [
      'category:Gen',
      'character:The Keeper',
      'fandom:Original Work',
      'freeform:Lighthouses',
      'freeform:Storms',
      'rating:Mature',
      'warning:Graphic Depictions Of Violence',
    ]);
    assert.deepEqual(
      query(
        data,
        'SELECT s.title, sw.position FROM series_works sw JOIN series s ON s.id = sw.series_id WHERE sw.work_id = ?',
        keeper.id,
      ),
      [{ title: 'Coastal Records', position: 2 }],
    );
    assert.deepEqual(
      query<{ title: string }>(data, 'SELECT title FROM chapters WHERE work_id = ? ORDER BY position', keeper.id).map(
        (c) => c.title,
      ),
      ['First Watch', 'Second Watch'],
    );

    const again = await quire(['import', folder, '--as', 'ada', '--fandom', 'Original Work', '--data', data]);
    assertExit(again, 1);
    assert.equal(count(data, 'works'), works, 'nothing new');
    assert.match(again.stdout, /imported 0, already imported [34],/i);
  });

  test('a zip of files, with --json report; flags override what the files say', async () => {
    const data = dataWithAda();
    const zip = path.join(data, 'works.zip');
    fs.writeFileSync(
      zip,
      zipSync({
        'a/keeper.html': strToU8(AO3_HTML),
        'b/storm.txt': strToU8('The Storm\n\nRain on the glass all night.\n'),
        '__MACOSX/._storm.txt': strToU8('junk'),
      }),
    );
    const r = await quire([
      'import',
      zip,
      '--as',
      'ada',
      '--fandom',
      'Original Work',
      '--rating',
      'teen',
      '--json',
      '--data',
      data,
    ]);
    assertExit(r, 0);
    const report = JSON.parse(r.stdout) as {
      imported: number;
      failed: number;
      files: Array<{ status: string; file: string }>;
    };
    assert.equal(report.imported, 2);
    assert.equal(report.failed, 0);
    assert.ok(report.files.every((f) => f.file.startsWith(zip + ':')));
    assert.deepEqual(
      query<{ name: string }>(
        data,
        "SELECT DISTINCT t.name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE t.type = 'rating'",
      ).map((x) => x.name),
      ['Teen And Up Audiences'],
    );
  });

  test('a file without a fandom fails with the form’s message and writes nothing', async () => {
    const data = dataWithAda();
    const f = path.join(data, 'lonely.txt');
    fs.writeFileSync(f, 'A short piece about a quiet pier at night.\n');
    const r = await quire(['import', f, '--as', 'ada', '--data', data]);
    assertExit(r, 1);
    assert.match(r.stderr, /Add at least one fandom/);
    assert.equal(count(data, 'works'), 0);
  });
});
