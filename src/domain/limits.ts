/** Character limits from docs/glossary.md ("Text"). */
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
  /** The most chapters a work may have: as many as it may expect (5,000 short chapters cost little, see below). */
  chaptersMax: 5000,
  /**
   * The most chapter text (characters of stored HTML, all chapters together) one work may hold.
   * Every save rebuilds the work's search text from all its chapters at once, and that peaks near
   * thirteen bytes of heap per character: one chapter edit of a work of 8M characters peaked at
   * 117 MB (20 chapters of 400,000, or 5,000 of 1,600), 12M at 177 MB, 16M at 219 MB, and 16M
   * aborted under a 150 MB heap. 8M (about 1.4M words) leaves half of `npm start`'s 256 MB heap to
   * everything else; longer works are split into a series.
   */
  workCharsMax: 8_000_000,
  /**
   * How deeply HTML elements may nest in anything a writer posts. Real text goes a few levels deep
   * (a quote inside a quoted message, lists inside lists, a work skin's chat boxes: rarely past
   * 20); 100 leaves room for all of it and stays under the 200 at which the exporter stops keeping
   * formatting. Checked before sanitizing, whose parser costs time in proportion to the depth for
   * every element (70,000 nested <b> took 18–28 s).
   */
  htmlDepthMax: 100,
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
