/**
 * Whether a request's Accept-Encoding allows a gzip body (RFC 9110 §12.5.3): `gzip` (or its old
 * alias `x-gzip`) listed with a weight above zero, or `*` above zero with gzip not refused.
 * No header means any coding is acceptable in principle, but clients that send none (scripts,
 * old tools) rarely decode one: they get the plain bytes, as most servers do.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  // Browsers send a handful of distinct values; parsing one cost a cached page ~3 % of its time.
  let known = answers.get(header);
  if (known === undefined) {
    known = parse(header);
    // Headers come from clients: keep at most a few answers, forgetting all when full.
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(header, known);
  }
  return known;
}

const MAX_ANSWERS = 64;
const answers = new Map<string, boolean>();

function parse(header: string): boolean {
  let gzip: boolean | undefined;
  let any: boolean | undefined;
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    let weight = 1;
    for (const p of params) {
      // A weight that is not a number refuses: a garbled header gets the plain bytes.
      const m = /^\s*q\s*=(.*)$/i.exec(p);
      if (m) weight = m[1]!.trim() === '' ? Number.NaN : Number(m[1]);
    }
    const ok = Number.isFinite(weight) && weight > 0;
    if (name === '*') any = ok;
    // A refusal under either name wins over an acceptance under the other.
    else gzip = gzip === false ? false : ok;
  }
  return gzip ?? any ?? false;
}
