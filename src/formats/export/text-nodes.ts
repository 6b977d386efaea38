import { Parser } from 'htmlparser2';
import { countWords } from '../../domain/word-count.js';

/*
 * Test helper: the text nodes of an HTML/XHTML fragment as the word counter
 * sees them (a node ends at any tag), without the alt text the EPUB puts
 * where a remote image was. Comparing these lists before and after the XHTML
 * conversion shows that no text was lost, moved, merged or split.
 */
export function textNodes(html: string): string[] {
  const out: string[] = [];
  let pending = '';
  let inAlt = 0;
  const flush = (): void => {
    if (pending !== '' && inAlt === 0) out.push(pending);
    pending = '';
  };
  const parser = new Parser(
    {
      ontext(data) {
        pending += data;
      },
      onopentag(name, attrs) {
        flush();
        if (inAlt > 0 || (name === 'span' && attrs.class === 'image-alt')) inAlt++;
      },
      onclosetag() {
        flush();
        if (inAlt > 0) inAlt--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

/**
 * The text nodes that carry something: whitespace between table parts may
 * move, and characters XML cannot hold (a form feed) become spaces.
 */
export function meaningfulTextNodes(html: string): string[] {
  return (
    textNodes(html)
      // eslint-disable-next-line no-control-regex
      .map((t) => t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ' '))
      .filter((t) => t.trim() !== '')
  );
}

/** Words the EPUB adds: the alt text of the images it leaves out. */
export function altTextWords(xhtml: string): number {
  return [...xhtml.matchAll(/<span class="image-alt">([^<]*)<\/span>/g)].reduce(
    (n, m) => n + countWords(m[1] ?? ''),
    0,
  );
}
