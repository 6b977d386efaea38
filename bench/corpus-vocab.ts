/**
 * The small, neutral vocabulary generated corpora are written in (bench/corpus-spec.ts), and the
 * functions that turn a chapter's seed into text. No real fiction: sentences are built from the
 * word lists below by a few fixed templates, so common words and phrases exist ("the old
 * lighthouse") while invented nonce words give the rare terms a search benchmark needs.
 */

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (Zipf), by binary search on the CDF. */
export class Zipf {
  private readonly cdf: Float64Array;
  constructor(
    readonly n: number,
    s = 1,
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) this.cdf[k] = sum += 1 / Math.pow(k + 1, s);
    for (let k = 0; k < n; k++) this.cdf[k]! /= sum;
  }
  sample(rng: Rng): number {
    const u = rng();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// By exponent, then size: looked up once per generated word, so no key strings.
const zipfCache = new Map<number, Map<number, Zipf>>();
function zipfFor(n: number, s = 1): Zipf {
  let bySize = zipfCache.get(s);
  if (!bySize) zipfCache.set(s, (bySize = new Map<number, Zipf>()));
  let z = bySize.get(n);
  if (!z) bySize.set(n, (z = new Zipf(n, s)));
  return z;
}

/** A word of `list`, the first ones far more often than the last (Zipf). */
export function pickZipf<T>(rng: Rng, list: readonly T[], s = 1): T {
  return list[zipfFor(list.length, s).sample(rng)]!;
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** Draws from a weighted list of [value, weight]. */
export function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let u = rng() * total;
  for (const [v, w] of table) if ((u -= w) < 0) return v;
  return table[table.length - 1]![0];
}

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

const words = (s: string): string[] => s.trim().split(/\s+/);

// English, most frequent first within each list.
export const EN = {
  noun: words(`light water window door house road garden morning evening harbour lighthouse boat river tree stone table
    kitchen letter book lamp rain wind field hill bridge market station train street room chair cup tea bread bell clock
    candle map coat hat basket apple pear orchard meadow valley forest path gate fence wall roof stair attic cellar shelf
    drawer key box rope sail oar dock pier shore wave tide island cliff cave lake pond stream well fountain square tower
    village town farm barn mill workshop word world song story journey winter summer spring autumn cloud star moon sun
    snow frost fog storm gull heron sparrow owl fox hare deer horse dog cat goat sheep bee moth fern moss reed willow oak
    pine birch rose daisy violet lantern compass ledger notebook pencil ribbon button thread needle kettle spoon plate
    bowl jar bottle blanket pillow quilt mirror painting piano violin radio bicycle wagon ticket postcard envelope parcel`),
  person: words(`keeper baker teacher sailor gardener painter neighbour traveller clerk farmer friend stranger child
    grandmother captain postman musician weaver potter miller ferryman librarian`),
  adj: words(`old quiet small long grey warm cold bright dark green blue gentle slow early late narrow wide empty full soft
    heavy tall low distant hidden open silver golden wooden patient careful tired steady simple plain round sudden calm
    clear pale worn faded bare still wet dry dusty salty ordinary familiar northern southern eastern western crooked
    polished borrowed folded spare humble sturdy tidy`),
  verb: words(`walked waited watched counted carried opened closed folded painted wrote read found kept left brought turned
    followed crossed climbed mended swept gathered noticed remembered answered asked rested cooked poured sorted planted
    fixed checked measured borrowed returned whistled hummed sketched packed lit waved wandered paused settled`),
  prep: words(`on by near under across along behind beside past toward over through`),
  adverb: words(`slowly quietly carefully gently again later together alone softly patiently briefly often`),
  // Kept for prefix searches such as `wor*` (word, world, workshop, worn) and for titles.
  season: words(`spring summer autumn winter`),
};

export const ZH = {
  noun: words(`灯塔 海港 早晨 雨水 窗户 花园 河流 山谷 石头 星星 月亮 风声 茶杯 书信 钟声 小船 海鸥 灯光 码头 道路 桥梁
    森林 雪花 云朵 阳光 房间 桌子 椅子 门口 厨房 面包 苹果 果园 草地 篮子 地图 蜡烛 钥匙 邮票 信封 钢琴 自行车`),
  verb: words(`看见 走过 等待 记得 打开 关上 听到 写下 带来 留下 数着 整理 修好 画出 收起`),
  adj: words(`安静 古老 温暖 明亮 灰色 小小 遥远 柔软 清楚 普通`),
};

export const JA = {
  noun: words(`灯台 港 朝 雨 窓 庭 川 谷 石 星 月 風 茶碗 手紙 鐘 小舟 かもめ 光 桟橋 道 橋 森 雪 雲 部屋 机 椅子 台所 パン
    りんご 地図 ろうそく 鍵 切手 ピアノ`),
  verb: words(`見た 歩いた 待った 覚えていた 開けた 閉めた 聞いた 書いた 数えた 直した 描いた`),
  particle: words(`は が を に で`),
};

export const RU = {
  noun: words(`маяк гавань утро дождь окно сад река долина камень звезда луна ветер чашка письмо колокол лодка чайка свет
    причал дорога мост лес снег облако комната стол стул кухня хлеб яблоко карта свеча ключ`),
  adj: words(`тихий старый серый тёплый долгий светлый маленький далёкий мягкий простой`),
  verb: words(`увидел прошёл ждал помнил открыл закрыл услышал написал считал починил`),
  prep: words(`в на у под над за возле`),
};

/** Spanish, French and German: Latin script with diacritics, which the index folds away. */
export const LATIN: Record<
  'es' | 'fr' | 'de',
  { art: string[]; noun: string[]; adj: string[]; verb: string[]; prep: string[] }
> = {
  es: {
    art: words('el la un una'),
    noun: words(
      'faro puerto mañana lluvia ventana jardín río valle piedra estrella luna viento taza carta campana barco gaviota luz muelle camino',
    ),
    adj: words('tranquilo viejo gris cálido largo claro pequeño lejano'),
    verb: words('vio caminó esperó recordó abrió cerró escuchó escribió contó'),
    prep: words('en sobre bajo hacia con junto'),
  },
  fr: {
    art: words('le la un une'),
    noun: words(
      'phare port matin pluie fenêtre jardin rivière vallée pierre étoile lune vent tasse lettre cloche bateau mouette lumière quai chemin',
    ),
    adj: words('calme vieux gris chaud long clair petit lointain'),
    verb: words('vit marcha attendit ouvrit ferma entendit écrivit compta'),
    prep: words('dans sur sous vers avec près'),
  },
  de: {
    art: words('der die das ein eine'),
    noun: words(
      'Leuchtturm Hafen Morgen Regen Fenster Garten Fluss Tal Stein Stern Mond Wind Tasse Brief Glocke Boot Möwe Licht Steg Weg',
    ),
    adj: words('still alt grau warm lang hell klein fern'),
    verb: words('sah ging wartete öffnete schloss hörte schrieb zählte'),
    prep: words('in auf unter neben mit über'),
  },
};

const SYLLABLES = words('ka lo mir ven tas or el dun pra sil ber tho ne qua ri zan');

/** The i-th invented word (i < 65,536): four syllables spelling i in base 16, e.g. "kalomirven". */
export function nonceWord(i: number): string {
  let s = '';
  for (let d = 3; d >= 0; d--) s += SYLLABLES[(i >> (d * 4)) & 15];
  return s;
}

const NAME_PARTS = words('ma ra ten osk vel in bar dal e ri so fen lu ak mo tir an ce dov yl');

/** An invented personal name part ("Maraten"), capitalised. */
export function inventedName(rng: Rng, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += pick(rng, NAME_PARTS);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// No inner helper functions here: this runs once per generated sentence, and each closure made per
// call costs (tsx wraps every function expression to keep its name).
function enSentence(rng: Rng): string[] {
  switch (Math.floor(rng() * 5)) {
    case 0:
      return [
        'the',
        pickZipf(rng, EN.adj),
        pickZipf(rng, EN.person),
        pickZipf(rng, EN.verb),
        'the',
        pickZipf(rng, EN.noun),
        pickZipf(rng, EN.prep),
        'the',
        pickZipf(rng, EN.adj),
        pickZipf(rng, EN.noun),
      ];
    case 1:
      return [
        'a',
        pickZipf(rng, EN.noun),
        'and',
        'a',
        pickZipf(rng, EN.noun),
        pickZipf(rng, EN.prep),
        'the',
        pickZipf(rng, EN.noun),
      ];
    case 2:
      return [
        'the',
        pickZipf(rng, EN.person),
        pickZipf(rng, EN.verb),
        pickZipf(rng, EN.adverb),
        'and',
        pickZipf(rng, EN.verb),
        'the',
        pickZipf(rng, EN.adj),
        pickZipf(rng, EN.noun),
      ];
    case 3:
      return [
        'in',
        'the',
        pick(rng, EN.season),
        'the',
        pickZipf(rng, EN.noun),
        'was',
        pickZipf(rng, EN.adj),
        'and',
        'the',
        pickZipf(rng, EN.noun),
        'was',
        pickZipf(rng, EN.adj),
      ];
    default:
      return [
        'nobody',
        pickZipf(rng, EN.verb),
        'the',
        pickZipf(rng, EN.noun),
        pickZipf(rng, EN.prep),
        'the',
        pickZipf(rng, EN.adj),
        pickZipf(rng, EN.noun),
        'that',
        'morning',
      ];
  }
}

function latinSentence(rng: Rng, w: (typeof LATIN)['es']): string[] {
  return [
    pick(rng, w.art),
    pickZipf(rng, w.noun),
    pickZipf(rng, w.adj),
    pickZipf(rng, w.verb),
    pick(rng, w.prep),
    pick(rng, w.art),
    pickZipf(rng, w.noun),
  ];
}

function ruSentence(rng: Rng): string[] {
  return [
    pickZipf(rng, RU.adj),
    pickZipf(rng, RU.noun),
    pickZipf(rng, RU.verb),
    pick(rng, RU.prep),
    pickZipf(rng, RU.noun),
  ];
}

/** CJK sentences are written without spaces; each character counts as a word. */
function cjkSentence(rng: Rng, lang: 'zh' | 'ja'): string {
  if (lang === 'zh')
    return `${pickZipf(rng, ZH.adj)}的${pickZipf(rng, ZH.noun)}${pickZipf(rng, ZH.verb)}了${pickZipf(rng, ZH.noun)}。`;
  return `${pickZipf(rng, JA.noun)}${pick(rng, JA.particle)}${pickZipf(rng, JA.noun)}の${pickZipf(rng, JA.noun)}を${pickZipf(rng, JA.verb)}。`;
}

function sentenceWords(rng: Rng, language: string): string[] {
  if (language === 'ru') return ruSentence(rng);
  if (language === 'es' || language === 'fr' || language === 'de') return latinSentence(rng, LATIN[language]);
  return enSentence(rng);
}

/** How many distinct nonce words a corpus of `works` works draws from (most used once). */
export const nonceCount = (works: number): number => Math.min(65_536, Math.max(500, Math.round(works / 2)));

/**
 * Plain text of about `words` words: paragraphs of 2–5 sentences separated by blank lines, no
 * characters that HTML would escape. Deterministic for (seed, words, language, nonces).
 */
export function renderText(seed: number, words: number, language: string, nonces: number): string {
  const rng = mulberry32(seed);
  const paragraphs: string[] = [];
  let count = 0;
  // A third of texts carry one uniformly drawn invented word: the rare terms of a full-text search.
  const nonceAt = rng() < 0.3 ? Math.floor(rng() * words) : -1;
  while (count < words) {
    const sentences: string[] = [];
    const n = 2 + Math.floor(rng() * 4);
    for (let i = 0; i < n && count < words; i++) {
      if (language === 'zh' || language === 'ja') {
        const s = cjkSentence(rng, language);
        sentences.push(s);
        count += s.length - 1;
        continue;
      }
      const ws = sentenceWords(rng, language);
      if (nonceAt >= count && nonceAt < count + ws.length)
        ws.splice(1 + Math.floor(rng() * (ws.length - 1)), 0, nonceWord(Math.floor(rng() * nonces)));
      // A long Zipf tail of invented words, as real prose has: a few common, most seen once or twice.
      else if (rng() < 0.1)
        ws.splice(1 + Math.floor(rng() * (ws.length - 1)), 0, nonceWord(zipfFor(nonces, 1).sample(rng)));
      count += ws.length;
      sentences.push(cap(ws.join(' ')) + '.');
    }
    paragraphs.push(sentences.join(language === 'zh' || language === 'ja' ? '' : ' '));
  }
  return paragraphs.join('\n\n');
}

/** A one-line summary in the work's language. */
export function renderSummary(rng: Rng, language: string): string {
  if (language === 'zh' || language === 'ja') return cjkSentence(rng, language);
  return cap(sentenceWords(rng, language).join(' ')) + '.';
}

/** A title in the work's language (not yet unique: the generator makes it so). */
export function renderTitle(rng: Rng, language: string): string {
  switch (language) {
    case 'zh':
      return `${pickZipf(rng, ZH.adj)}的${pickZipf(rng, ZH.noun)}`;
    case 'ja':
      return `${pickZipf(rng, JA.noun)}の${pickZipf(rng, JA.noun)}`;
    case 'ru':
      return cap(`${pickZipf(rng, RU.adj)} ${pickZipf(rng, RU.noun)}`);
    case 'es':
    case 'fr':
    case 'de': {
      const w = LATIN[language];
      return cap(`${pick(rng, w.art)} ${pickZipf(rng, w.noun)} ${pickZipf(rng, w.adj)}`);
    }
  }
  const n = () => cap(pickZipf(rng, EN.noun, 0.7));
  const a = () => cap(pickZipf(rng, EN.adj, 0.7));
  switch (Math.floor(rng() * 6)) {
    case 0:
      return `The ${a()} ${n()}`;
    case 1:
      return `${a()} ${n()}`;
    case 2:
      return `A ${n()} in ${cap(pick(rng, EN.season))}`;
    case 3:
      return `${n()} and ${n()}`;
    case 4:
      return `Under the ${a()} ${n()}`;
    default:
      return `What the ${cap(pickZipf(rng, EN.person))} ${cap(pickZipf(rng, EN.verb))}`;
  }
}
