import { tokens as normalizeTokens } from '../domain/normalize.js';

/*
 * The search box language: bare words (AND-ed), "quoted phrases", AND, OR,
 * NOT (upper-case only), -word / -"phrase" / -(group) for NOT, word* for a
 * prefix, parentheses. Precedence: NOT > AND (explicit or implicit) > OR.
 * Terms are normalised exactly like the indexed text (domain/normalize.ts), and the
 * tree compiles to an FTS5 MATCH expression or a PostgreSQL tsquery.
 */

export type QueryNode =
  | { kind: 'term'; tokens: string[]; prefix: boolean }
  | { kind: 'phrase'; tokens: string[]; prefix?: boolean }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

export type ParseResult = { ok: true; node: QueryNode } | { ok: false; message: string; position: number };

export const MAX_QUERY_CHARS = 500;
export const MAX_QUERY_TERMS = 32;

type Tok =
  | { type: 'op'; op: 'AND' | 'OR' | 'NOT'; pos: number }
  | { type: 'lparen'; pos: number; negated: boolean }
  | { type: 'rparen'; pos: number }
  | { type: 'term'; pos: number; negated: boolean; node: QueryNode; raw: string };

/** Thrown inside the parser and turned into `{ ok: false }`: positions are 1-based code points. */
class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Where a NOT (or a parenthesised group) starts and how the reader wrote it (“NOT”, “-storm”), for errors. */
type Origin = { pos: number; label: string };

const q = (s: string): string => `“${s}”`;
const isSpace = (ch: string): boolean => /^\s$/u.test(ch);

/** A term or phrase node from the reader's text, or null when it has no letters or digits. */
function leaf(text: string, prefix: boolean): QueryNode | null {
  const toks = normalizeTokens(text);
  if (toks.length === 0) return null;
  // One token is a term even when quoted; several (well-known, 中文) are a phrase.
  if (toks.length === 1) return { kind: 'term', tokens: toks, prefix };
  return prefix ? { kind: 'phrase', tokens: toks, prefix: true } : { kind: 'phrase', tokens: toks };
}

function lex(chars: string[]): Tok[] {
  const out: Tok[] = [];
  let terms = 0;
  const pushTerm = (pos: number, negated: boolean, node: QueryNode | null, raw: string): void => {
    if (!node) return; // `!!!`, `""`: nothing to look for, so dropped
    if (++terms > MAX_QUERY_TERMS) {
      const msg = `The search has more than ${MAX_QUERY_TERMS} words or phrases; the one at character ${pos} is past the limit.`;
      throw new QueryError(msg, pos);
    }
    out.push({ type: 'term', pos, negated, node, raw });
  };
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    const pos = i + 1;
    if (isSpace(ch) || ch === ')') {
      if (ch === ')') out.push({ type: 'rparen', pos });
      i++;
      continue;
    }
    // A leading "-" negates the word, phrase or group it is attached to.
    const negated = ch === '-' && i + 1 < chars.length && !isSpace(chars[i + 1]!) && chars[i + 1] !== ')';
    const start = negated ? i + 1 : i;
    const first = chars[start]!;
    if (first === '(') {
      out.push({ type: 'lparen', pos, negated });
      i = start + 1;
    } else if (first === '"') {
      const close = chars.indexOf('"', start + 1);
      if (close < 0) throw new QueryError(`Unclosed quote that starts at character ${start + 1}.`, start + 1);
      let end = close + 1;
      while (chars[end] === '*') end++;
      pushTerm(
        pos,
        negated,
        leaf(chars.slice(start + 1, close).join(''), end > close + 1),
        chars.slice(i, end).join(''),
      );
      i = end;
    } else {
      let end = start;
      while (end < chars.length && !isSpace(chars[end]!) && !'()"'.includes(chars[end]!)) end++;
      const word = chars.slice(start, end).join('');
      if (!negated && (word === 'AND' || word === 'OR' || word === 'NOT')) {
        out.push({ type: 'op', op: word, pos });
      } else {
        const bare = word.replace(/\*+$/, '');
        pushTerm(pos, negated, leaf(bare, bare.length < word.length), chars.slice(i, end).join(''));
      }
      i = end;
    }
  }
  return out;
}

/** Recursive descent over the tokens; `origins` records where each NOT and group was written. */
function parseTokens(toks: Tok[], origins: WeakMap<QueryNode, Origin>): QueryNode {
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (t: Tok | undefined, op: string): t is Tok & { type: 'op' } => t?.type === 'op' && t.op === op;
  const startsOperand = (t: Tok | undefined): boolean => t?.type === 'term' || t?.type === 'lparen' || isOp(t, 'NOT');
  const negate = (child: QueryNode, origin: Origin): QueryNode => {
    if (child.kind === 'not') return child.child; // NOT NOT x is x
    const node: QueryNode = { kind: 'not', child };
    origins.set(node, origin);
    return node;
  };

  const parseOr = (): QueryNode => {
    const children = [parseAnd()];
    for (let t = peek(); isOp(t, 'OR'); t = peek()) {
      i++;
      if (!startsOperand(peek())) throw bothSides(t);
      children.push(parseAnd());
    }
    return combine('or', children);
  };
  const parseAnd = (): QueryNode => {
    const children = [parseUnary()];
    for (let t = peek(); isOp(t, 'AND') || startsOperand(t); t = peek()) {
      if (isOp(t, 'AND')) {
        i++;
        if (!startsOperand(peek())) throw bothSides(t);
      }
      children.push(parseUnary());
    }
    return combine('and', children);
  };
  const parseUnary = (): QueryNode => {
    const t = peek();
    if (!isOp(t, 'NOT')) return parsePrimary();
    i++;
    if (!startsOperand(peek()))
      throw new QueryError(`“NOT” at character ${t.pos} needs a search term after it.`, t.pos);
    return negate(parseUnary(), { pos: t.pos, label: q('NOT') });
  };
  const parsePrimary = (): QueryNode => {
    const t = toks[i++]!; // callers have checked there is one
    switch (t.type) {
      case 'term':
        return t.negated ? negate(t.node, { pos: t.pos, label: q(t.raw) }) : t.node;
      case 'lparen': {
        const next = peek();
        if (next?.type === 'rparen')
          throw new QueryError(`The parentheses at character ${t.pos} contain nothing to search for.`, t.pos);
        const inner = next ? parseOr() : undefined;
        if (!inner || peek()?.type !== 'rparen') throw new QueryError(`Unclosed “(” at character ${t.pos}.`, t.pos);
        i++;
        if (!origins.has(inner)) origins.set(inner, { pos: t.pos, label: q('(') });
        return t.negated ? negate(inner, { pos: t.pos, label: q('-(…)') }) : inner;
      }
      case 'rparen':
        throw new QueryError(`Unmatched “)” at character ${t.pos}.`, t.pos);
      case 'op':
        throw bothSides(t);
    }
  };

  const node = parseOr();
  const rest = peek(); // parseOr stops early only at a ")" it did not open
  if (rest) throw new QueryError(`Unmatched “)” at character ${rest.pos}.`, rest.pos);
  return node;
}

function bothSides(t: Tok): QueryError {
  const op = t.type === 'op' ? t.op : '?';
  return new QueryError(`${q(op)} at character ${t.pos} needs a search term on both sides.`, t.pos);
}

/** Builds an and/or node, flattening nested ones of the same kind (so NOT chains stay in one AND). */
function combine(kind: 'and' | 'or', parts: QueryNode[]): QueryNode {
  const children = parts.flatMap((c) => (c.kind === kind ? c.children : [c]));
  return children.length === 1 ? children[0]! : { kind, children };
}

/**
 * Rejects what FTS5 cannot express (its NOT is binary: `a NOT b`) or what
 * would match nearly every work, so both engines always get the same query.
 */
function validate(root: QueryNode, origins: WeakMap<QueryNode, Origin>): void {
  const posOf = (n: QueryNode): number => origins.get(n)?.pos ?? 1;
  const firstNot = (n: QueryNode): QueryNode =>
    n.kind === 'and' ? (n.children.find((c) => c.kind === 'not') ?? n) : n;
  const branches = root.kind === 'and' || root.kind === 'or' ? root.children : [root];
  if (branches.every((b) => b.kind === 'not' || (b.kind === 'and' && b.children.every((c) => c.kind === 'not')))) {
    throw new QueryError(
      'A search made only of exclusions (NOT …) matches everything; add a word to look for.',
      posOf(firstNot(branches[0]!)),
    );
  }
  const notInOr = (n: QueryNode): QueryError => {
    const label = origins.get(n)?.label ?? q('NOT');
    const example = label === q('NOT') ? '“lighthouse NOT storm”' : '“lighthouse -storm”';
    const msg = `${label} cannot stand alone on one side of “OR” (character ${posOf(n)}); put it after a word, like ${example}.`;
    return new QueryError(msg, posOf(n));
  };
  const visit = (n: QueryNode, parent: 'and' | 'or' | 'not'): void => {
    if (n.kind === 'not') {
      if (parent === 'or') throw notInOr(n);
      visit(n.child, 'not');
    } else if (n.kind === 'and' && n.children.every((c) => c.kind === 'not')) {
      if (parent === 'or') throw notInOr(firstNot(n));
      const msg = `The group at character ${posOf(n)} is made only of exclusions (NOT …); add a word to look for inside it.`;
      throw new QueryError(msg, posOf(n));
    } else if (n.kind === 'and' || n.kind === 'or') {
      n.children.forEach((c) => visit(c, n.kind));
    }
  };
  visit(root, 'and');
}

/** Parses what a reader typed into the search box. Error positions count Unicode code points from 1. */
export function parseQuery(input: string): ParseResult {
  const chars = Array.from(input);
  try {
    if (chars.length > MAX_QUERY_CHARS) {
      throw new QueryError(`The search is longer than ${MAX_QUERY_CHARS} characters.`, MAX_QUERY_CHARS + 1);
    }
    const toks = lex(chars);
    if (toks.length === 0) {
      const message = input.trim() === '' ? 'The search is empty.' : 'The search has no letters or digits to look for.';
      throw new QueryError(message, 1);
    }
    const origins = new WeakMap<QueryNode, Origin>();
    const node = parseTokens(toks, origins);
    validate(node, origins);
    return { ok: true, node };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
}

// ---- Compilers ----

function leafTokens(n: QueryNode & { tokens: string[] }): string[] {
  if (n.tokens.length === 0 || n.tokens.includes('')) throw new Error(`Cannot compile a ${n.kind} with empty tokens.`);
  return n.tokens;
}

const isLeaf = (n: QueryNode): n is QueryNode & { tokens: string[] } => n.kind === 'term' || n.kind === 'phrase';

/** An FTS5 MATCH expression. Throws on shapes FTS5 cannot express (a NOT with nothing before it). */
export function compileFts5(node: QueryNode): string {
  // Tokens are always quoted, so keywords and FTS5 syntax characters in them are inert.
  const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const operand = (n: QueryNode): string => (isLeaf(n) ? compile(n) : `(${compile(n)})`);
  const compile = (n: QueryNode): string => {
    switch (n.kind) {
      case 'term':
      case 'phrase':
        return quote(leafTokens(n).join(' ')) + (n.prefix ? ' *' : '');
      case 'and': {
        // FTS5's NOT is binary ("a NOT b"), so exclusions go after the positive part.
        const positives = n.children.filter((c) => c.kind !== 'not');
        const negatives = n.children.filter((c): c is QueryNode & { kind: 'not' } => c.kind === 'not');
        if (positives.length === 0) {
          throw new Error('FTS5 cannot express an AND made only of NOTs; "NOT" needs something before it.');
        }
        const all = positives.map(operand).join(' AND ');
        if (negatives.length === 0) return all;
        const head = positives.length === 1 ? all : `(${all})`;
        return [head, ...negatives.map((c) => operand(c.child))].join(' NOT ');
      }
      case 'or':
        if (n.children.length === 0) throw new Error('Cannot compile an empty OR.');
        return n.children.map(operand).join(' OR ');
      case 'not':
        throw new Error(
          'FTS5 cannot express a NOT outside an AND with a positive term (e.g. at the top or beside OR).',
        );
    }
  };
  return compile(node);
}

/** A string for PostgreSQL's to_tsquery('simple', …). */
export function compileTsquery(node: QueryNode): string {
  const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  // Precedence is ! > <-> > & > |: only nested and/or need parentheses, and a phrase does under "!".
  const operand = (n: QueryNode): string => (n.kind === 'and' || n.kind === 'or' ? `(${compile(n)})` : compile(n));
  const compile = (n: QueryNode): string => {
    switch (n.kind) {
      case 'term':
      case 'phrase': {
        const toks = leafTokens(n);
        return toks.map((t, i) => quote(t) + (n.prefix && i === toks.length - 1 ? ':*' : '')).join(' <-> ');
      }
      case 'and':
      case 'or':
        if (n.children.length === 0) throw new Error(`Cannot compile an empty ${n.kind.toUpperCase()}.`);
        return n.children.map(operand).join(n.kind === 'and' ? ' & ' : ' | ');
      case 'not':
        return n.child.kind === 'term' && n.child.tokens.length === 1
          ? `!${compile(n.child)}`
          : `!(${compile(n.child)})`;
    }
  };
  return compile(node);
}

/** Tokens of the terms and phrases that are not negated, for highlighting; prefix ones end in `*`. */
export function positiveTokens(node: QueryNode): string[] {
  const seen = new Set<string>();
  const visit = (n: QueryNode): void => {
    if (n.kind === 'and' || n.kind === 'or') n.children.forEach(visit);
    else if (n.kind !== 'not')
      n.tokens.forEach((t, i) => seen.add(n.prefix && i === n.tokens.length - 1 ? `${t}*` : t));
  };
  visit(node);
  return [...seen];
}
