import { NO_COUNTS, readCounts } from '../store/count-changes.store.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CATEGORIES, RATINGS, WARNINGS, findFixedTag, type FixedTag } from '../domain/tags.js';
import { memberViewer, type Viewer } from '../policies/index.js';
import { postWork } from '../services/post-work.js';
import { importWorks, type ImportOverrides } from '../services/import-work.js';
import { findVisibleWork } from '../services/read-work.js';
import { findUserByUsername } from '../store/user.store.js';
import { presentWork } from '../web/api/work.presenter.js';
import { importWork as readWorkFile } from '../formats/import/index.js';
import { ImportError, type PortableWork } from '../formats/portable-work.js';
import { UsageError, configFrom, openMigrated } from './open.js';
import { expandSources, type ImportSource } from './import-sources.js';
import { ImportReport } from './import-report.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

interface ImportOptions {
  as: string;
  data?: string;
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  rating?: string;
  warning: string[];
  category: string[];
  fandom: string[];
  relationship: string[];
  character: string[];
  tag: string[];
  language?: string;
  series?: string;
  restricted?: boolean;
  draft?: boolean;
  chapters?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function fixed(set: readonly FixedTag[], label: string, value: string): string {
  const t = findFixedTag(set, value);
  if (!t)
    throw new UsageError(
      `Unknown ${label} “${value}”. Allowed: ${set.map((x) => `${x.name} (${x.slug})`).join(', ')}.`,
    );
  return t.name;
}

/** The flags as overrides; fixed tags are checked here, before the database is opened. */
function overridesFrom(o: ImportOptions): ImportOverrides {
  return {
    title: o.title,
    summary: o.summary,
    notes: o.notes,
    endNotes: o.endNotes,
    rating: o.rating === undefined ? undefined : fixed(RATINGS, 'rating', o.rating),
    warnings: o.warning.map((w) => fixed(WARNINGS, 'archive warning', w)),
    categories: o.category.map((c) => fixed(CATEGORIES, 'category', c)),
    fandoms: o.fandom,
    relationships: o.relationship,
    characters: o.character,
    freeforms: o.tag,
    language: o.language,
    series: o.series,
    restricted: o.restricted === true,
    draft: o.draft === true,
  };
}

const oneLine = (errors: Record<string, string>) => Object.values(errors).join(' ');

const sha256 = (data: string | Uint8Array) => crypto.createHash('sha256').update(data).digest('hex');

/** Old behaviour, kept for `--chapters`: plain-text files become the chapters of one work. */
async function importAsChapters(
  db: Kysely<DB>,
  viewer: Viewer,
  files: string[],
  over: ImportOverrides,
  userId: number,
) {
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const meta = {
    title: over.title ?? path.basename(files[0]!).replace(/\.[^.]+$/, ''),
    summary: over.summary,
    notes: over.notes,
    endNotes: over.endNotes,
    language: over.language ?? 'en',
    rating: over.rating ?? 'Not Rated',
    warnings: over.warnings?.length ? over.warnings : ['Choose Not To Use Archive Warnings'],
    categories: over.categories,
    fandoms: over.fandoms,
    relationships: over.relationships,
    characters: over.characters,
    freeforms: over.freeforms,
    restricted: over.restricted === true,
    expectedChapters: String(texts.length),
    series: over.series ? [over.series] : [],
  };
  // The same files with the same flags by the same member are the same import.
  const importKey = sha256(JSON.stringify([userId, meta, over.draft === true, texts]));
  const [first, ...rest] = texts.map((body) => ({ body }));
  return postWork(db, viewer, { meta, chapter: first!, moreChapters: rest, draft: over.draft === true, importKey });
}

/** Reads one source; a failure becomes a one-line reason for the report. */
function readSource(
  src: ImportSource,
  over: ImportOverrides,
  userId: number,
): { file: PortableWork; importKey: string } | { reason: string } {
  let bytes: Uint8Array;
  try {
    bytes = src.read();
  } catch (e) {
    return { reason: `cannot read it (${(e as Error).message})` };
  }
  let file;
  try {
    file = readWorkFile(src.name, bytes);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { reason: e.message };
  }
  // A file that names itself (an AO3 work URL, an EPUB identifier) is keyed on that name, so the
  // HTML and EPUB downloads of one work are one import; others on their bytes.
  const source = file.sourceId ? `source:${file.sourceId}` : `sha256:${sha256(bytes)}`;
  return { file, importKey: sha256(JSON.stringify([userId, over, source])) };
}

// Files posted per transaction: large enough for bulk posting to pay, small enough to keep the
// files' text in memory and the report moving.
const IMPORT_BATCH = 200;

/**
 * Reads and imports a batch of sources through importWorks, then reports each in order as
 * importing them one by one would; returns the last source's work id (undefined when it failed).
 */
async function importBatch(
  db: Kysely<DB>,
  viewer: Viewer,
  sources: ImportSource[],
  over: ImportOverrides,
  userId: number,
  report: ImportReport,
): Promise<number | undefined> {
  const read = sources.map((src) => readSource(src, over, userId));
  const readable = read.flatMap((r) => ('reason' in r ? [] : [r]));
  const results = await importWorks(db, viewer, readable, over);
  let next = 0;
  let last: number | undefined;
  for (const [i, src] of sources.entries()) {
    const r = read[i]!;
    last = undefined;
    if ('reason' in r) {
      report.failed(src.label, r.reason);
      continue;
    }
    const posted = results[next++]!;
    if (!posted.ok) {
      report.failed(src.label, oneLine(posted.errors));
      continue;
    }
    if (posted.value.existing) report.skipped(src.label, posted.value.workId);
    else report.imported(src.label, posted.value.workId, r.file.chapters.length);
    last = posted.value.workId;
  }
  return last;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import works from .txt, .md, .html, .epub files (AO3 downloads included), folders of them, or .zip files of them; one work per file',
    )
    .argument('<paths...>', 'files, folders (read recursively) or .zip files')
    .requiredOption('--as <username>', 'the member who posts the works')
    .option('--data <dir>', 'data folder of the SQLite database')
    .option('--chapters', 'treat the given plain-text files as the chapters of ONE work, in order')
    .option('--title <title>', 'work title (default: what the file says, else its name)')
    .option('--summary <text>', 'summary')
    .option('--notes <text>', 'beginning notes')
    .option('--end-notes <text>', 'end notes')
    .option(
      '--rating <rating>',
      `rating: ${RATINGS.map((r) => r.slug).join(', ')} or the display name (default: the file's, else Not Rated)`,
    )
    .option(
      '--warning <warning>',
      `archive warning (repeatable): ${WARNINGS.map((r) => r.slug).join(', ')}`,
      collect,
      [],
    )
    .option('--category <category>', `category (repeatable): ${CATEGORIES.map((r) => r.slug).join(', ')}`, collect, [])
    .option('--fandom <name>', 'fandom (repeatable)', collect, [])
    .option('--relationship <name>', 'relationship (repeatable)', collect, [])
    .option('--character <name>', 'character (repeatable)', collect, [])
    .option('--tag <name>', 'additional tag (repeatable)', collect, [])
    .option('--language <code>', "language code, e.g. en, zh, ja (default: the file's, else en)")
    .option('--series <title>', 'put the works in this series of yours')
    .option('--restricted', 'visible to logged-in members only')
    .option('--draft', 'save as drafts instead of posting')
    .option('--json', 'print the work as the API shows it (one work) or the report as JSON (several)')
    .addHelpText(
      'after',
      '\nFlags override what a file says. Importing the same file again finds the work it made.\nExit status: 0 when every file was imported or already there, 1 when any failed, 2 for bad flags.',
    )
    .action(async (paths: string[], o: ImportOptions) => {
      // Everything is checked before the database is opened, so a bad flag or path writes nothing.
      const over = overridesFrom(o);
      if (o.chapters) {
        for (const f of paths)
          if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new UsageError(`Cannot read ${f}: no such file.`);
      }
      const expanded = o.chapters ? undefined : expandSources(paths);
      const database = await openMigrated(configFrom(o));
      try {
        const user = await findUserByUsername(database.db, o.as);
        if (!user)
          throw new UsageError(
            `There is no member named “${o.as}”. Create one with: quire user create --username ${o.as} --email …`,
          );
        const viewer = memberViewer({
          id: user.id,
          username: user.username,
          isAdmin: user.is_admin === 1,
          viewAdult: true,
        });
        const printWork = async (workId: number) => {
          const work = await findVisibleWork(database.db, viewer, workId);
          const counts = (await readCounts(database.db, [workId])).get(workId) ?? NO_COUNTS;
          process.stdout.write(JSON.stringify(presentWork(work!, 'full', counts), null, 2) + '\n');
        };

        if (!expanded) {
          const r = await importAsChapters(database.db, viewer, paths, over, user.id);
          if (!r.ok)
            throw new UsageError(
              `Nothing was imported:\n${Object.entries(r.errors)
                .map(([k, v]) => `  ${k}: ${v}`)
                .join('\n')}`,
            );
          if (r.value.existing)
            process.stderr.write(`Already imported: work ${r.value.workId} has this text; nothing new was written.\n`);
          if (o.json) await printWork(r.value.workId);
          else process.stdout.write(`${r.value.workId}\n`);
          return;
        }

        const { sources, unreadable, ignored } = expanded;
        const single = sources.length + unreadable.length === 1;
        const report = new ImportReport({
          progress: !single && process.stderr.isTTY === true,
          total: sources.length,
          quiet: single,
        });
        for (const u of unreadable) report.failed(u.label, u.reason);
        for (const i of ignored) report.ignored(i);
        let last: number | undefined;
        for (let i = 0; i < sources.length; i += IMPORT_BATCH)
          last = await importBatch(database.db, viewer, sources.slice(i, i + IMPORT_BATCH), over, user.id, report);
        report.finish();

        if (single && last !== undefined) {
          // One file: the same output as before bulk imports existed (the id, or the work as JSON).
          if (report.counts.skipped)
            process.stderr.write(`Already imported: work ${last} has this file; nothing new was written.\n`);
          if (o.json) await printWork(last);
          else process.stdout.write(`${last}\n`);
        } else if (o.json) process.stdout.write(JSON.stringify(report.toJSON(), null, 2) + '\n');
        else report.print(process.stdout, process.stderr);
        if (report.counts.failed > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
