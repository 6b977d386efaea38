/** Character limits from GLOSSARY.md ("Text"). */
export const LIMITS = {
  titleMax: 255,
  summaryMax: 1250,
  notesMax: 5000,
  chapterTitleMax: 255,
  bodyMin: 10,
  bodyMax: 510_000,
  /** Shown to writers; the stored limit above leaves headroom for markup added by sanitizing. */
  bodyShownMax: 500_000,
  commentMax: 10_000,
  usernameMin: 3,
  usernameMax: 40,
  pseudMax: 40,
  passwordMin: 8,
  passwordMax: 72,
  emailMax: 254,
  expectedChaptersMax: 5000,
  /**
   * The most chapter text (characters of stored HTML) built into one download or one entire-work
   * page: both are made whole in the server's heap, which peaks near six bytes per character (an
   * EPUB of 19.8M characters peaked at 114 MB). 16M characters is about 2.7M words, more than all
   * but a handful of works; longer ones are read chapter by chapter. QUIRE_WHOLE_WORK_MAX_CHARS
   * changes it (with a heap to match: QUIRE_HEAP_MB).
   */
  wholeWorkCharsMax: 16_000_000,
} as const;

/** The largest request body the server reads: a full chapter plus metadata, with room for encoding. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
