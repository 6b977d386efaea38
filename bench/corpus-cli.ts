/**
 * Builds a benchmark corpus (npm run bench:corpus):
 *
 *   npm run bench:corpus -- --works N [--fulltext-words W] [--seed S] [--dialect sqlite|postgres] [--tags T] [--rebuild]
 *
 * Generates the AO3-shaped spec (bench/corpus-spec.ts) and loads it through the bulk loader
 * (bench/corpus-load.ts) into .tmp/bench/corpus-…/ (SQLite) or the quire_bench database
 * (PostgreSQL); see bench/corpus-db.ts. An existing corpus of the same options is kept unless --rebuild.
 */
import { parseArgs } from 'node:util';
import { generateCorpus, specTextWords } from './corpus-spec.js';
import { corpusSlug, ensureCorpus, pgCorpusUrl, pgSchemaName, sqliteDataDir } from './corpus-db.js';
import { corpusIdFrom, dialectFrom, progressBars } from './cli-options.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      works: { type: 'string' },
      'fulltext-words': { type: 'string' },
      seed: { type: 'string' },
      tags: { type: 'string' },
      dialect: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
    },
  });
  if (values.works === undefined)
    throw new Error(
      'usage: npm run bench:corpus -- --works N [--fulltext-words W] [--seed S] [--dialect sqlite|postgres] [--tags T] [--rebuild]',
    );
  const id = corpusIdFrom(values, 0);
  const dialect = dialectFrom(values.dialect);
  let t = performance.now();
  const spec = generateCorpus({
    seed: id.seed,
    works: id.works,
    ...(id.textWords !== undefined ? { textWords: id.textWords } : {}),
    ...(id.tags !== undefined ? { tags: id.tags } : {}),
  });
  const chapters = spec.works.reduce((n, w) => n + w.chapters.length, 0);
  console.log(
    `Corpus ${corpusSlug(id)}: ${id.works.toLocaleString('en')} works, ${chapters.toLocaleString('en')} chapters, ${spec.tags.length.toLocaleString('en')} free tags, ${spec.users.length.toLocaleString('en')} users, ${specTextWords(spec).toLocaleString('en')} words of text (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  const where =
    dialect === 'sqlite' ? sqliteDataDir(id) : `${new URL(pgCorpusUrl()).host}/quire_bench schema ${pgSchemaName(id)}`;
  t = performance.now();
  const bars = progressBars();
  const corpus = await ensureCorpus(dialect, id, spec, { rebuild: values.rebuild, onProgress: bars.onProgress });
  bars.stop();
  await corpus.database.close();
  if (corpus.built)
    console.log(
      `Loaded into ${where} in ${corpus.info.loadSeconds} s: ${corpus.info.worksPerSec.toLocaleString('en')} works/s (all stages).`,
    );
  else
    console.log(
      `${where} already holds this corpus (loaded ${corpus.info.loadedAt} at ${corpus.info.worksPerSec} works/s); --rebuild to load it again.`,
    );
}

await main();
