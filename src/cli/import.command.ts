import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CATEGORIES, RATINGS, WARNINGS, findFixedTag, type FixedTag } from '../domain/tags.js';
import { memberViewer } from '../policies/index.js';
import { postWork } from '../services/post-work.js';
import { findVisibleWork } from '../services/read-work.js';
import { findUserByUsername } from '../store/user.store.js';
import { presentWork } from '../web/api/work.presenter.js';
import { UsageError, configFrom, openMigrated } from './open.js';

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
  restricted?: boolean;
  draft?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function fixed(set: readonly FixedTag[], label: string, value: string): string {
  const t = findFixedTag(set, value);
  if (!t) throw new UsageError(`Unknown ${label} “${value}”. Allowed: ${set.map((x) => `${x.name} (${x.slug})`).join(', ')}.`);
  return t.name;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import plain-text files as one work, one chapter per file; prints the new work’s id')
    .argument('<files...>', 'UTF-8 text files; blank lines separate paragraphs')
    .requiredOption('--as <username>', 'the member who posts the work')
    .option('--data <dir>', 'data folder of the SQLite database')
    .option('--title <title>', 'work title (default: the first file’s name)')
    .option('--summary <text>', 'summary')
    .option('--notes <text>', 'beginning notes')
    .option('--end-notes <text>', 'end notes')
    .option('--rating <rating>', `rating: ${RATINGS.map((r) => r.slug).join(', ')} or the display name`, 'Not Rated')
    .option('--warning <warning>', `archive warning (repeatable): ${WARNINGS.map((r) => r.slug).join(', ')}`, collect, [])
    .option('--category <category>', `category (repeatable): ${CATEGORIES.map((r) => r.slug).join(', ')}`, collect, [])
    .option('--fandom <name>', 'fandom (repeatable)', collect, [])
    .option('--relationship <name>', 'relationship (repeatable)', collect, [])
    .option('--character <name>', 'character (repeatable)', collect, [])
    .option('--tag <name>', 'additional tag (repeatable)', collect, [])
    .option('--language <code>', 'language code, e.g. en, zh, ja', 'en')
    .option('--restricted', 'visible to logged-in members only')
    .option('--draft', 'save as a draft instead of posting')
    .option('--json', 'print the work as the API shows it')
    .action(async (files: string[], o: ImportOptions) => {
      // Everything is checked before the database is opened, so a bad flag writes nothing.
      const rating = fixed(RATINGS, 'rating', o.rating ?? 'Not Rated');
      const warnings = (o.warning.length ? o.warning : ['Choose Not To Use Archive Warnings']).map((w) => fixed(WARNINGS, 'archive warning', w));
      const categories = o.category.map((c) => fixed(CATEGORIES, 'category', c));
      const texts = files.map((f) => {
        try {
          return fs.readFileSync(f, 'utf8');
        } catch (e) {
          throw new UsageError(`Cannot read ${f}: ${(e as Error).message}`);
        }
      });
      const database = await openMigrated(configFrom(o));
      try {
        const user = await findUserByUsername(database.db, o.as);
        if (!user) throw new UsageError(`There is no member named “${o.as}”. Create one with: quire user create --username ${o.as} --email …`);
        const viewer = memberViewer({ id: user.id, username: user.username, isAdmin: user.is_admin === 1, viewAdult: true });
        const title = o.title ?? path.basename(files[0]!).replace(/\.[^.]+$/, '');
        const meta = {
          title,
          summary: o.summary,
          notes: o.notes,
          endNotes: o.endNotes,
          language: o.language,
          rating,
          warnings,
          categories,
          fandoms: o.fandom,
          relationships: o.relationship,
          characters: o.character,
          freeforms: o.tag,
          restricted: o.restricted === true,
          expectedChapters: String(texts.length),
        };
        // The same files with the same flags by the same member are the same import: running the
        // command twice finds the first work. Changed flags make a different work.
        const importKey = crypto
          .createHash('sha256')
          .update(JSON.stringify([user.id, meta, o.draft === true, texts]))
          .digest('hex');
        const [first, ...rest] = texts.map((body) => ({ body }));
        const r = await postWork(database.db, viewer, { meta, chapter: first!, moreChapters: rest, draft: o.draft === true, importKey });
        if (!r.ok) {
          throw new UsageError(
            `Nothing was imported:\n${Object.entries(r.errors)
              .map(([k, v]) => `  ${k}: ${v}`)
              .join('\n')}`,
          );
        }
        if (r.value.existing) process.stderr.write(`Already imported: work ${r.value.workId} has this text; nothing new was written.\n`);
        if (o.json) {
          const work = await findVisibleWork(database.db, viewer, r.value.workId);
          process.stdout.write(JSON.stringify(presentWork(work!), null, 2) + '\n');
        } else process.stdout.write(`${r.value.workId}\n`);
      } finally {
        await database.close();
      }
    });
}
