import { ImportError } from '../portable-work.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Bytes of a text format (.txt, .md, .html) as a string with \n newlines. UTF-8, with or without a
 * BOM; UTF-16 only with its BOM (what Windows Notepad writes as "Unicode"). Anything else is
 * refused: guessing a legacy encoding turns a misnamed binary into pages of mojibake.
 * `fallbackEncoding` (from an HTML `<meta charset>`) is tried when the bytes are not UTF-8.
 */
export function decodeText(bytes: Uint8Array, fallbackEncoding?: (bytes: Uint8Array) => string | undefined): string {
  if (isZip(bytes)) throw new ImportError('not a text file (it is a zip archive)');
  const text = decode(bytes, fallbackEncoding);
  if (text === undefined || looksBinary(text)) throw new ImportError('not a text file (binary data)');
  return text.replace(/\r\n?/g, '\n');
}

function decode(bytes: Uint8Array, fallbackEncoding?: (bytes: Uint8Array) => string | undefined): string | undefined {
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  const body = bytes.subarray(start);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    if (encoding !== 'utf-8' || !fallbackEncoding) return undefined;
  }
  const label = fallbackEncoding(body);
  if (!label) return undefined;
  try {
    const decoder = new TextDecoder(label, { fatal: true });
    // A page that claims UTF-8 and is not has nothing better to try.
    return decoder.encoding === 'utf-8' ? undefined : decoder.decode(body);
  } catch {
    return undefined;
  }
}

/** NUL anywhere, or many other control characters near the start, mean this is not text. */
function looksBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const n = Math.min(text.length, 65536);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Tab, newlines, vertical tab, form feed and escape turn up in real text files.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) || c === 0x7f)
      controls++;
  }
  return controls * 10 > n;
}

/** The encoding an HTML file declares in its first 4 KiB (`<meta charset>` or http-equiv). */
export function declaredHtmlEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m?.[1];
}
