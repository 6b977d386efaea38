import { Parser } from 'htmlparser2';

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
