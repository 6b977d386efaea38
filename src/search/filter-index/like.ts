/**
 * SQL LIKE with ESCAPE '\' in JavaScript, for the blocklist's wildcard patterns (resolve-filter.ts
 * turns `*Angst*` into `%angst%` on the lower-cased name key). `%` is any run of characters, `_` one
 * character (a code point, in both dialects), `\x` a literal x. SQLite's LIKE also folds ASCII case
 * (only ASCII); PostgreSQL's does not.
 */
export function likeMatcher(pattern: string, foldAsciiCase: boolean): (s: string) => boolean {
  let src = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const next = chars[++i];
      // A pattern ending in its escape character matches nothing (PostgreSQL refuses it outright).
      if (next === undefined) return () => false;
      src += literal(next, foldAsciiCase);
    } else if (c === '%') src += '.*';
    else if (c === '_') src += '.';
    else src += literal(c, foldAsciiCase);
  }
  const re = new RegExp(`${src}$`, 'su');
  return (s) => re.test(s);
}

function literal(c: string, fold: boolean): string {
  if (fold && /^[a-zA-Z]$/.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, (x) => `\\${x}`);
}
