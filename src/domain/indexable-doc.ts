import { normalizeForIndex } from './normalize.js';

// The document each work is indexed by, in both dialects: pure, so that the migrations that
// rebuild SQLite's FTS5 table (store/migrations/fts-table.ts) make it as the index does.

/**
 * A tsvector may hold at most 1 MB (PostgreSQL refuses a bigger one), and both dialects must index
 * the same text to answer alike. We estimate the tsvector's size as tokens arrive — each distinct
 * lexeme costs its bytes plus a few, each position two bytes (at most 256 kept per lexeme) — and
 * stop indexing a work's text once the estimate passes this budget.
 */
export const TSVECTOR_BUDGET_BYTES = 900_000;

/** The normalised document to index, cut at a token boundary to fit the tsvector budget. */
export function indexableDoc(text: string): string {
  const normalized = normalizeForIndex(text);
  // Each token costs at most its bytes (≤ 3 per UTF-16 unit) plus 8, and takes at least 2 units with
  // its space: a document this short cannot pass the budget, so it is kept whole without counting.
  if (7 * normalized.length + 8 <= TSVECTOR_BUDGET_BYTES) return normalized;
  const toks = normalized.split(' ');
  const seen = new Map<string, number>();
  let bytes = 0;
  let end = toks.length;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const n = seen.get(t);
    if (n === undefined) {
      bytes += Buffer.byteLength(t) + 8;
      seen.set(t, 1);
    } else if (n < 256) {
      bytes += 2;
      seen.set(t, n + 1);
    }
    if (bytes > TSVECTOR_BUDGET_BYTES) {
      end = i;
      break;
    }
  }
  return end === toks.length ? toks.join(' ') : toks.slice(0, end).join(' ');
}
