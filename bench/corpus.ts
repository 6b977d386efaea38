/**
 * Generated corpora for tests and benchmarks: `generateCorpus` (a deterministic, plain-data spec;
 * bench/corpus-spec.ts), and two loaders (bench/corpus-load.ts): `loadCorpusViaServices` for small
 * corpora through the archive's services one post at a time, `loadCorpusBulk` for large ones through
 * bulkPostWorks (src/services/bulk-post-works.ts).
 */
export {
  generateCorpus,
  chapterBody,
  wranglingSteps,
  specTextWords,
  defaultTagUniverse,
  type CorpusOptions,
  type CorpusSpec,
  type WorkSpec,
  type TagSpec,
  type ChapterSpec,
  type WrangleStep,
} from './corpus-spec.js';
export {
  loadCorpusViaServices,
  loadCorpusBulk,
  postInput,
  viewerOf,
  CORPUS_PASSWORD,
  type LoadedCorpus,
  type LoadedUser,
  type BulkOptions,
  type Progress,
} from './corpus-load.js';
export { EN, ZH, JA, RU, LATIN, nonceWord, mulberry32, Zipf } from './corpus-vocab.js';
