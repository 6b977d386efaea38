/**
 * Readers' interactions for a bulk-loaded corpus: one `kudos` row per kudos and one `comments` row
 * per comment the spec gives a work (WorkSpec.kudos, .comments), so that the works' counts and their
 * rows agree. Kudos come from members (distinct accounts, never the work's creators) and, beyond
 * a share of them, from guest sessions; comments are threads of mostly members' comments with
 * replies mostly one or two levels deep, a few three, some by the work's creator. Each work's
 * rows come from a generator seeded by the corpus seed and the work's position, so the rest of the
 * corpus does not move when this does.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { insertRows, insertRowsReturningIds } from '../src/store/bulk-insert.js';
import type { DB } from '../src/store/schema.js';
import { mulberry32, renderSummary, type Rng } from './corpus-vocab.js';
import type { CorpusSpec, WorkSpec } from './corpus-spec.js';
import type { Progress } from './corpus-load.js';

/** Kudos rows (and comments) written per transaction, about. */
const ROWS_PER_BATCH = 50_000;
/** Of a work's kudos, about this share comes from members while there are members enough. */
const MEMBER_KUDOS_SHARE = 0.6;
const GUEST_COMMENT_SHARE = 0.15;
const CREATOR_REPLY_SHARE = 0.2;
const END = Date.UTC(2026, 3, 1);

/** Per work: a generator of its own, so a work's interactions depend on nothing but the seed and its place. */
const workRng = (seed: number, index: number): Rng => mulberry32(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ index);

/** A time between `from` (ISO) and the corpus's end, ISO. */
function after(rng: Rng, from: string): string {
  const t = Date.parse(from);
  return new Date(t + Math.floor(rng() * Math.max(1000, END - t))).toISOString();
}

export interface InteractionIds {
  /** The works' ids in the order of the spec's works. */
  workIds: readonly number[];
  /** Account ids in the order of CorpusSpec.users. */
  userIds: readonly number[];
  /** Each account's default pseud, in the same order. */
  pseudIds: readonly number[];
}

/** Writes the spec's kudos and comments rows, a batch of works per transaction. */
export async function loadInteractions(
  db: Kysely<DB>,
  spec: CorpusSpec,
  ids: InteractionIds,
  onProgress?: Progress,
): Promise<{ kudos: number; comments: number }> {
  let kudos = 0;
  let comments = 0;
  let start = 0;
  while (start < spec.works.length) {
    // Works until the batch holds enough rows: a work with tens of thousands is a batch of its own.
    let end = start;
    let rows = 0;
    while (end < spec.works.length && rows < ROWS_PER_BATCH) {
      rows += spec.works[end]!.kudos + spec.works[end]!.comments;
      end++;
    }
    await db.transaction().execute(async (trx) => {
      const k: Array<Insertable<DB['kudos']>> = [];
      const c: PlannedComment[] = [];
      for (let i = start; i < end; i++) {
        const w = spec.works[i]!;
        if (w.kudos === 0 && w.comments === 0) continue;
        const rng = workRng(spec.seed, i);
        k.push(...kudosRows(rng, spec, w, i, ids));
        c.push(...plannedComments(rng, spec, w, i, ids, c.length));
      }
      await insertRows(trx, 'kudos', k);
      await insertComments(trx, c);
      kudos += k.length;
      comments += c.length;
    });
    start = end;
    onProgress?.('interactions', end, spec.works.length);
  }
  return { kudos, comments };
}

function creatorsOf(w: WorkSpec): Set<number> {
  return new Set([w.author, ...w.coAuthors]);
}

function kudosRows(
  rng: Rng,
  spec: CorpusSpec,
  w: WorkSpec,
  index: number,
  ids: InteractionIds,
): Array<Insertable<DB['kudos']>> {
  const users = spec.users.length;
  const creators = creatorsOf(w);
  const members = Math.min(Math.round(w.kudos * MEMBER_KUDOS_SHARE), users - creators.size);
  const rows: Array<Insertable<DB['kudos']>> = [];
  // Distinct members: a run of consecutive accounts from a random one, skipping the creators.
  let u = Math.floor(rng() * users);
  while (rows.length < members) {
    if (!creators.has(u))
      rows.push({ work_id: ids.workIds[index]!, user_id: ids.userIds[u]!, guest_key: null, created_at: '' });
    u = (u + 1) % users;
  }
  for (let g = 0; rows.length < w.kudos; g++)
    rows.push({ work_id: ids.workIds[index]!, user_id: null, guest_key: `corpus-${index}-${g}`, created_at: '' });
  const times = rows.map(() => after(rng, w.publishedAt)).sort();
  for (const [k, r] of rows.entries()) r.created_at = times[k]!;
  return rows;
}

interface PlannedComment {
  /** Index into the batch's list of the comment replied to, or -1 for a top-level comment. */
  parent: number;
  depth: number;
  row: Insertable<DB['comments']>;
}

/** A work's comments, parents before their replies, oldest first. */
function plannedComments(
  rng: Rng,
  spec: CorpusSpec,
  w: WorkSpec,
  index: number,
  ids: InteractionIds,
  /** Where the work's comments start in the batch's list: parents are indices into that list. */
  base: number,
): PlannedComment[] {
  if (w.comments === 0) return [];
  const users = spec.users.length;
  const creators = [...creatorsOf(w)];
  const times = Array.from({ length: w.comments }, () => after(rng, w.publishedAt)).sort();
  const out: PlannedComment[] = [];
  // Indices (within `out`) of this work's comments at depth 0, 1, 2…: a reply mostly answers a top-level comment.
  const byDepth: number[][] = [[]];
  for (let k = 0; k < w.comments; k++) {
    let parent = -1;
    let depth = 0;
    if (k > 0 && rng() < 0.35) {
      const r = rng();
      const d = r < 0.65 || byDepth.length < 2 ? 0 : r < 0.95 || byDepth.length < 3 ? 1 : 2;
      const level = byDepth[d]!;
      parent = level[Math.floor(rng() * level.length)]!;
      depth = d + 1;
    }
    const reply = parent >= 0;
    const byCreator = reply && rng() < CREATOR_REPLY_SHARE;
    const guest = !byCreator && rng() < GUEST_COMMENT_SHARE;
    const user = byCreator ? creators[0]! : Math.floor(rng() * users);
    const sentences = 1 + Math.floor(rng() * 3);
    const body = Array.from({ length: sentences }, () => renderSummary(rng, w.language)).join(' ');
    (byDepth[depth] ??= []).push(base + out.length);
    out.push({
      parent,
      depth,
      row: {
        work_id: ids.workIds[index]!,
        chapter_id: null,
        parent_id: null,
        thread_id: null,
        depth,
        user_id: guest ? null : ids.userIds[user]!,
        pseud_id: guest ? null : ids.pseudIds[user]!,
        guest_name: guest ? `Guest reader ${1 + Math.floor(rng() * 9999)}` : null,
        guest_email: null,
        body,
        status: 'published',
        frozen: 0,
        created_at: times[k]!,
        edited_at: null,
      },
    });
  }
  return out;
}

/**
 * Inserts a batch's comments level by level (top-level ones first), so that each reply's parent and
 * thread ids are known when it is written; top-level comments are their own thread.
 */
async function insertComments(db: Kysely<DB>, planned: PlannedComment[]): Promise<void> {
  if (planned.length === 0) return;
  const id = new Array<number>(planned.length);
  const thread = new Array<number>(planned.length);
  for (let depth = 0; ; depth++) {
    const level: number[] = [];
    for (let k = 0; k < planned.length; k++) if (planned[k]!.depth === depth) level.push(k);
    if (level.length === 0) break;
    const rows = level.map((k) => {
      const p = planned[k]!;
      return p.parent < 0 ? p.row : { ...p.row, parent_id: id[p.parent]!, thread_id: thread[p.parent]! };
    });
    const got = await insertRowsReturningIds(db, 'comments', rows);
    for (const [j, k] of level.entries()) {
      id[k] = got[j]!;
      thread[k] = planned[k]!.parent < 0 ? got[j]! : thread[planned[k]!.parent]!;
    }
    if (depth === 0)
      await sql`update comments set thread_id = id where thread_id is null and id between ${got[0]!} and ${got[got.length - 1]!}`.execute(
        db,
      );
  }
}
