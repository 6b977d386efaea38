import type { Executor } from '../store/executor.js';
import { highlight } from './snippet.js';

/** A short extract around the first match, split into plain and highlighted segments. */
export type Snippet = Array<{ text: string; hit: boolean }>;

/** Snippets for the works on one result page (20 at most, so reading their text is cheap). */
export async function snippetsFor(db: Executor, workIds: number[], terms: string[]): Promise<Map<number, Snippet>> {
  const out = new Map<number, Snippet>();
  if (workIds.length === 0 || terms.length === 0) return out;
  const rows = await db.selectFrom('work_text').select(['work_id', 'text']).where('work_id', 'in', workIds).execute();
  for (const r of rows) out.set(r.work_id, highlight(r.text, terms));
  return out;
}
