import { textToHtml } from '../../src/domain/safe-html.js';
import { countWords } from '../../src/domain/word-count.js';
import type { ExportContext, PortableChapter, PortableWork } from '../../src/formats/portable-work.js';
import { AWKWARD_HTML, EVERY_ELEMENT_HTML, randomHtml } from './sample-html.js';
import { mulberry32 as random } from '../../bench/corpus-vocab.js';

/*
 * A deterministic generator of portable works for the exporter tests: short
 * neutral prose of our own, in several scripts, and the awkward HTML writers
 * paste. Every HTML field goes through the archive's sanitizer first, because
 * that is what exporters are given.
 */

/** A named sample: what to export and how. */
export interface SampleWork {
  name: string;
  work: PortableWork;
  ctx: ExportContext;
}

const SENTENCES: Record<string, readonly string[]> = {
  en: [
    'The lighthouse keeper counted the gulls on the rail.',
    'Morning fog lifted slowly from the harbour.',
    'She set the tea by the window and waited for the boat.',
    'Nothing much happened, and that was fine.',
    'The ferry was late again, so they walked along the pier.',
    'A cat slept on the warm stones of the old wall.',
    "He didn't mind the rain; the garden needed it.",
    'They talked about nothing in particular until the lamps came on.',
  ],
  zh: [
    '灯塔的看守人数着栏杆上的海鸥。',
    '早晨的雾慢慢散开了。',
    '她把茶放在窗边，等着船回来。',
    '港口很安静，只有风声。',
  ],
  ja: [
    '灯台守は手すりのカモメを数えた。',
    '朝の霧がゆっくりと晴れていった。',
    '彼女は窓辺にお茶を置いて、船を待った。',
    '港は静かで、風の音だけが聞こえた。',
  ],
  ar: [
    'عدّ حارس المنارة طيور النورس على السياج.',
    'انقشع ضباب الصباح ببطء.',
    'وضعت الشاي قرب النافذة وانتظرت عودة القارب.',
    'كان الميناء هادئًا، ولم يُسمع إلا صوت الريح.',
  ],
  he: [
    'שומר המגדלור ספר את השחפים על המעקה.',
    'ערפל הבוקר התפזר לאט.',
    'היא הניחה את התה ליד החלון וחיכתה לסירה.',
    'הנמל היה שקט, ורק הרוח נשמעה.',
  ],
  ko: ['등대지기는 난간 위의 갈매기를 세었다.', '아침 안개가 천천히 걷혔다.'],
  ru: ['Смотритель маяка считал чаек на перилах.', 'Утренний туман медленно рассеялся.'],
  th: ['ผู้ดูแลประภาคารนับนกนางนวลบนราว', 'หมอกยามเช้าค่อยๆ จางหายไป'],
};

/** Plain text paragraphs (blank-line separated), as a writer would type them. */
export function proseText(seed: number, paragraphs: number, language = 'en', sentencesPerParagraph = 4): string {
  const next = random(seed);
  const pool = SENTENCES[language] ?? SENTENCES.en!;
  const joiner = language === 'zh' || language === 'ja' ? '' : ' ';
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const s: string[] = [];
    for (let k = 0; k < sentencesPerParagraph; k++) s.push(pool[Math.floor(next() * pool.length)]!);
    out.push(s.join(joiner));
  }
  return out.join('\n\n');
}

/** Sanitized HTML paragraphs of prose. */
export function prose(seed: number, paragraphs: number, language = 'en'): string {
  return textToHtml(proseText(seed, paragraphs, language));
}

export function chapter(over: Partial<PortableChapter> = {}): PortableChapter {
  const c = { title: '', summary: '', notes: '', endNotes: '', body: prose(1, 3), ...over };
  return {
    ...c,
    summary: textToHtml(c.summary),
    notes: textToHtml(c.notes),
    endNotes: textToHtml(c.endNotes),
    body: textToHtml(c.body),
  };
}

/** A work with sensible defaults; HTML fields in `over` are sanitized as the archive would. */
export function sampleWork(over: Partial<PortableWork> = {}): PortableWork {
  const w: PortableWork = {
    title: 'A Quiet Harbour',
    creators: ['wren_writes'],
    summary: 'Gulls, a lamp, a long afternoon.',
    notes: 'Written for a friend who likes boats.',
    endNotes: 'Thank you for reading.',
    language: 'en',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['Gen'],
    fandoms: ['Original Work'],
    relationships: [],
    characters: ['The Keeper'],
    freeforms: ['Slice of Life', 'Lighthouses'],
    series: [],
    publishedAt: '2015-01-01',
    updatedAt: '2015-02-01',
    expectedChapters: 1,
    chapters: [chapter()],
    ...over,
  };
  return { ...w, summary: textToHtml(w.summary), notes: textToHtml(w.notes), endNotes: textToHtml(w.endNotes) };
}

/** The context an archive would pass for `work`. */
export function sampleContext(work: PortableWork, id = 1, over: Partial<ExportContext> = {}): ExportContext {
  const posted = work.chapters.length;
  return {
    archiveName: 'Quire Test Archive',
    siteUrl: 'https://quire.example/',
    workUrl: `https://quire.example/works/${id}`,
    identifier: `urn:uuid:00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    modifiedAt: '2015-02-01T12:34:56.789Z',
    wordCount: work.chapters.reduce((sum, c) => sum + countWords(c.body), 0),
    chapterFraction: `${posted}/${work.expectedChapters ?? '?'}`,
    completed: work.expectedChapters === posted,
    ...over,
  };
}

/** A work of about `words` words in `chapters` chapters (for timing the exporters). */
export function largeWork(words: number, chapters: number): PortableWork {
  // About 10 words a sentence, 4 sentences a paragraph.
  const paragraphs = Math.max(1, Math.round(words / 40 / chapters));
  return sampleWork({
    chapters: Array.from({ length: chapters }, (_, k) =>
      chapter({ title: `Part ${k + 1}`, body: proseText(k + 7, paragraphs) }),
    ),
    expectedChapters: chapters,
  });
}

const numbered = (n: number, make: (k: number) => PortableChapter): PortableChapter[] =>
  Array.from({ length: n }, (_, k) => make(k));

/** The works every exporter test and the epubcheck run go through. */
export function sampleWorks(): SampleWork[] {
  const works: Array<[string, PortableWork]> = [
    ['one chapter', sampleWork()],
    [
      'hundred chapters',
      sampleWork({
        title: 'The Long Winter Log',
        chapters: numbered(100, (k) =>
          chapter({
            title: k % 3 === 0 ? '' : `Day ${k + 1}`,
            body: proseText(k, 2),
            endNotes: k % 10 === 0 ? 'More soon.' : '',
          }),
        ),
        expectedChapters: null,
        updatedAt: '2016-03-04T05:06:07Z',
      }),
    ],
    [
      'chinese',
      sampleWork({
        title: '灯塔与海鸥',
        creators: ['海风'],
        language: 'zh',
        summary: proseText(2, 1, 'zh'),
        fandoms: ['原创作品'],
        chapters: numbered(2, (k) => chapter({ title: `第${k + 1}章`, body: proseText(k + 3, 4, 'zh') })),
        expectedChapters: 2,
      }),
    ],
    [
      'japanese',
      sampleWork({
        title: '港の朝',
        creators: ['しおかぜ'],
        language: 'ja',
        summary: proseText(4, 1, 'ja'),
        chapters: [
          chapter({
            body: `${prose(5, 3, 'ja')}<p><ruby>灯台<rp>(</rp><rt>とうだい</rt><rp>)</rp></ruby>の<ruby>光<rt>ひかり</rt></ruby>。</p>`,
          }),
        ],
      }),
    ],
    [
      'arabic',
      sampleWork({
        title: 'المنارة',
        creators: ['ريح البحر'],
        language: 'ar',
        summary: proseText(6, 1, 'ar'),
        chapters: numbered(3, (k) => chapter({ title: `الفصل ${k + 1}`, body: proseText(k + 8, 3, 'ar') })),
        expectedChapters: 3,
      }),
    ],
    [
      'hebrew',
      sampleWork({
        title: 'המגדלור',
        creators: ['רוח ים'],
        language: 'he',
        summary: proseText(9, 1, 'he'),
        chapters: [chapter({ body: `${prose(10, 3, 'he')}<p dir="ltr">An English line inside.</p>` })],
      }),
    ],
    [
      'everything optional empty',
      sampleWork({
        title: 'Bare',
        creators: [],
        summary: '',
        notes: '',
        endNotes: '',
        rating: null,
        warnings: [],
        categories: [],
        fandoms: [],
        characters: [],
        freeforms: [],
        publishedAt: null,
        updatedAt: null,
        expectedChapters: null,
        chapters: [chapter({ body: 'Just text.' })],
      }),
    ],
    [
      'every element and attribute',
      sampleWork({ title: 'Every Element', chapters: [chapter({ body: EVERY_ELEMENT_HTML })] }),
    ],
    ...AWKWARD_HTML.map(([name, html]): [string, PortableWork] => [
      `awkward: ${name}`,
      sampleWork({
        title: `Awkward ${name}`,
        summary: html,
        chapters: numbered(2, (k) => chapter({ title: name, body: html, notes: k === 0 ? html : '' })),
        expectedChapters: 2,
      }),
    ]),
    [
      'series',
      sampleWork({
        title: 'Second Tide',
        series: [
          { title: 'Harbour Days', position: 2 },
          { title: 'Stories & "Sketches"', position: 11 },
        ],
      }),
    ],
    [
      'many tags',
      sampleWork({
        rating: 'Mature',
        warnings: ['Choose Not To Use Archive Warnings', 'Major Character Death'],
        categories: ['F/F', 'Gen', 'Multi'],
        fandoms: ['Original Work', 'Harbour Tales'],
        relationships: ['Keeper/Gull', 'Ferry & Pier'],
        characters: ['Keeper', 'Ferryman', 'Cat'],
        freeforms: Array.from({ length: 75 }, (_, k) => `Tag number ${k + 1}`),
      }),
    ],
    [
      'long titles',
      sampleWork({
        title:
          'An Exceedingly Long Title About a Lighthouse, a Harbour, Some Gulls and the Tea That Went Cold While Everyone Waited '
            .repeat(2)
            .trim(),
        chapters: numbered(2, (k) =>
          chapter({ title: `A chapter title that also goes on for quite a while, part ${k + 1} `.repeat(4).trim() }),
        ),
        expectedChapters: 2,
      }),
    ],
    [
      'markup characters in titles',
      sampleWork({
        title: `Tom & Jerry's <Big> "Day" Out`,
        creators: ['A&B', '<admin>', 'quote"d'],
        fandoms: ['Cats & Mice'],
        relationships: ['Tom/Jerry <3'],
        chapters: numbered(2, (k) => chapter({ title: `Fish & <Chips> "${k}" 'n' more` })),
        expectedChapters: 2,
        series: [{ title: 'R&R <series>', position: 1 }],
      }),
    ],
    [
      'notes everywhere',
      sampleWork({
        creators: ['wren_writes', 'tern', 'gannet'],
        chapters: numbered(3, (k) =>
          chapter({
            title: `Part ${k + 1}`,
            summary: `Chapter ${k + 1} summary.`,
            notes: `Chapter ${k + 1} notes.`,
            endNotes: `Chapter ${k + 1} end notes.`,
          }),
        ),
        expectedChapters: 4,
      }),
    ],
    [
      'one chapter with its own title and notes',
      sampleWork({
        chapters: [chapter({ title: 'The Only One', notes: 'A chapter note.', endNotes: 'A chapter end note.' })],
      }),
    ],
    [
      'other scripts',
      sampleWork({
        title: 'Маяк 등대 ประภาคาร',
        language: 'ru',
        chapters: [
          chapter({ body: `${prose(11, 2, 'ru')}\n\n${proseText(12, 2, 'ko')}\n\n${proseText(13, 2, 'th')}` }),
        ],
      }),
    ],
    [
      'random nesting',
      sampleWork({
        title: 'Random Nesting',
        summary: randomHtml(99, 80),
        notes: randomHtml(98, 80),
        endNotes: randomHtml(97, 80),
        chapters: numbered(20, (k) =>
          chapter({ title: `Shuffle ${k + 1}`, body: randomHtml(k + 1, 300), endNotes: randomHtml(k + 500, 40) }),
        ),
        expectedChapters: 20,
      }),
    ],
    [
      'typed line breaks',
      sampleWork({
        chapters: [
          chapter({
            body: 'First line\nsecond line\n\n\n\nNew paragraph\twith a tab.\n\n  Indented with spaces.\n\u3000Ideographic indent.',
          }),
        ],
      }),
    ],
  ];
  return works.map(([name, work], k) => ({ name, work, ctx: sampleContext(work, k + 1) }));
}

/** Every tag sanitize-html keeps: the sample above must use them all. */
export { ALLOWED_TAGS } from '../../src/domain/safe-html.js';
