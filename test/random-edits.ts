/**
 * Random edits through the archive's own services, for the filter index's differential test: each
 * one changes the database the way a writer, a wrangler, a reader leaving kudos or (for counts no
 * service writes yet) a future feature would, and so also writes the logs the index catches up from.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import type { WorkMetaInput } from '../src/domain/work-input.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../src/domain/tags.js';
import { LANGUAGES } from '../src/domain/languages.js';
import { memberViewer } from '../src/policies/index.js';
import { postWork } from '../src/services/post-work.js';
import { answerCoCreatorInvitation, coCreatorRequests } from '../src/services/co-creator-invitations.js';
import { editWork } from '../src/services/edit-work.js';
import { addChapter } from '../src/services/chapters.js';
import { deleteWork } from '../src/services/delete-work.js';
import { wrangleTag, type WrangleAction } from '../src/services/wrangle-tag.js';
import { loadWork } from '../src/store/work.store.js';
import { leaveKudos } from '../src/services/kudos.js';
import { toolWrites } from './factories.js';
import { deleteComment, postComment } from '../src/services/comments.js';
import { logCountChange } from '../src/store/count-changes.store.js';

export type Rng = () => number;
export interface Member {
  id: number;
  username: string;
}

export interface EditContext {
  db: Kysely<DB>;
  rng: Rng;
  writers: Member[];
  wrangler: Member;
  /** Free tag names to draw from, by type. */
  pools: Record<'fandom' | 'relationship' | 'character' | 'freeform', string[]>;
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const some = <T>(rng: Rng, list: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: Math.floor(rng() * (max + 1)) }, () => pick(rng, list))),
];
const viewer = (m: Member, isWrangler = false) =>
  memberViewer({ id: m.id, username: m.username, isAdmin: false, isWrangler, viewAdult: false });
let fresh = 0;

/** A tag name no one used yet; some contain "angst", which a wildcard block in the test matches. */
function newTagName(rng: Rng): string {
  fresh++;
  return pick(rng, [`Edited Tag ${fresh}`, `Angst Variant ${fresh}`, `quiet_${fresh}`, `Ünïcode ${fresh} 灯塔`]);
}

function randomMeta(c: EditContext, title: string): WorkMetaInput {
  const { rng, pools } = c;
  return {
    title,
    summary: 'A summary.',
    language: rng() < 0.7 ? 'en' : pick(rng, LANGUAGES).code,
    rating: pick(rng, RATINGS).name,
    warnings: [...new Set([pick(rng, WARNINGS), ...some(rng, WARNINGS, 1)])].map((w) => w.name),
    categories: some(rng, CATEGORIES, 2).map((x) => x.name),
    fandoms: [pick(rng, pools.fandom), ...some(rng, pools.fandom, 1)],
    relationships: some(rng, pools.relationship, 2),
    characters: some(rng, pools.character, 3),
    freeforms: [...some(rng, pools.freeform, 5), ...(rng() < 0.3 ? [newTagName(rng)] : [])],
    restricted: rng() < 0.2,
    expectedChapters: rng() < 0.5 ? null : 1 + Math.floor(rng() * 3),
    series:
      rng() < 0.25
        ? [
            rng() < 0.5
              ? `Series ${Math.floor(rng() * 5)}`
              : { title: `Series ${Math.floor(rng() * 5)}`, position: 1 + Math.floor(rng() * 4) },
          ]
        : [],
  };
}

async function randomWorkId(c: EditContext): Promise<number | undefined> {
  const ids = (await c.db.selectFrom('works').select('id').execute()).map((r) => r.id);
  return ids.length ? pick(c.rng, ids) : undefined;
}

/** The work's metadata as the edit form would send it back. */
async function currentMeta(c: EditContext, id: number): Promise<{ meta: WorkMetaInput; editor: Member } | undefined> {
  const w = await loadWork(c.db, id);
  const first = w?.creators[0];
  if (!w || !first) return undefined;
  return {
    editor: { id: first.userId, username: first.username },
    meta: {
      title: w.title,
      language: w.language,
      rating: w.tags.rating[0] ?? 'Not Rated',
      warnings: w.tags.warning,
      categories: w.tags.category,
      fandoms: w.tags.fandom.length ? w.tags.fandom : ['Original Work'],
      relationships: w.tags.relationship,
      characters: w.tags.character,
      freeforms: w.tags.freeform,
      coCreators: w.creators.slice(1).map((x) => x.username),
      restricted: w.restricted,
      expectedChapters: w.expectedChapters,
      series: w.series.map((s) => ({ title: s.title, position: s.position })),
    },
  };
}

async function tagNames(
  c: EditContext,
  where: { type?: string; canonical?: number; synonym?: boolean },
): Promise<string[]> {
  let q = c.db.selectFrom('tags').select('name').where('type', 'not in', ['rating', 'warning', 'category']);
  if (where.type) q = q.where('type', '=', where.type);
  if (where.canonical !== undefined) q = q.where('canonical', '=', where.canonical);
  if (where.synonym === false) q = q.where('merger_id', 'is', null);
  return (await q.orderBy('id').execute()).map((r) => r.name);
}

async function randomWrangle(c: EditContext): Promise<string> {
  const { rng } = c;
  const type = pick(rng, ['freeform', 'freeform', 'character', 'fandom'] as const);
  const loose = await tagNames(c, { type, canonical: 0, synonym: false });
  const canon = await tagNames(c, { type, canonical: 1 });
  if (!loose.length || !canon.length) return 'wrangle: nothing to do';
  const tag = pick(rng, rng() < 0.5 ? loose : canon);
  const fandoms = type === 'fandom' ? [] : await tagNames(c, { type: 'fandom', canonical: 1 });
  const action: WrangleAction = pick(rng, [
    { kind: 'synonym', of: pick(rng, canon) },
    { kind: 'synonym', of: pick(rng, canon) },
    { kind: 'canonical', canonical: true },
    { kind: 'add-meta', meta: pick(rng, canon) },
    { kind: 'remove-meta', meta: pick(rng, canon) },
    { kind: 'rename', name: `${tag} ${rng() < 0.5 ? 'Angst' : 'Renamed'} ${++fresh}` },
    ...(fandoms.length ? [{ kind: 'add-parent', fandom: pick(rng, fandoms) } as const] : []),
  ]);
  const r = await wrangleTag(c.db, viewer(c.wrangler, true), tag, action);
  return `wrangle ${tag} ${JSON.stringify(action)}: ${r.ok ? 'ok' : 'refused'}`;
}

/** One random change; returns what it did, for assertion messages. */
export async function randomEdit(c: EditContext): Promise<string> {
  const { rng, db } = c;
  const roll = rng();
  if (roll < 0.25) {
    const by = pick(rng, c.writers);
    const meta = randomMeta(c, `Edited Work ${++fresh}`);
    if (rng() < 0.1) meta.coCreators = [pick(rng, c.writers).username].filter((u) => u !== by.username);
    const r = await postWork(db, viewer(by), {
      meta,
      chapter: { body: 'Words. '.repeat(1 + Math.floor(rng() * 400)) },
      draft: rng() < 0.1,
    });
    // A named co-creator is only invited; accepting credits them, a later change the index must follow.
    const named = r.ok && Array.isArray(meta.coCreators) ? meta.coCreators : [];
    for (const co of c.writers.filter((w) => named.includes(w.username))) {
      const mine = await coCreatorRequests(db, viewer(co), co.id);
      for (const inv of mine.ok ? mine.value.pending : [])
        if (r.ok && inv.workId === r.value.workId) await answerCoCreatorInvitation(db, viewer(co), inv.id, true);
    }
    return `post: ${r.ok ? r.value.workId : `refused ${JSON.stringify(r)}`}`;
  }
  if (roll < 0.8) {
    const id = await randomWorkId(c);
    if (id === undefined) return 'no work';
    if (roll < 0.38) {
      const cur = await currentMeta(c, id);
      if (!cur) return 'no work';
      const m = {
        ...cur.meta,
        ...pick(rng, [
          { restricted: !cur.meta.restricted },
          { freeforms: randomMeta(c, '').freeforms },
          { fandoms: randomMeta(c, '').fandoms },
          { title: `${pick(rng, ['The ', 'a ', 'Ω ', '', '𝔄 '])}Retitled ${++fresh}` },
          { language: pick(rng, LANGUAGES).code },
          { expectedChapters: rng() < 0.5 ? null : 1 + Math.floor(rng() * 3) },
          { series: randomMeta(c, '').series },
        ]),
      };
      const r = await editWork(db, viewer(cur.editor), id, { meta: m });
      return `edit ${id}: ${r.ok ? 'ok' : JSON.stringify(r)}`;
    }
    if (roll < 0.55) {
      const cur = await currentMeta(c, id);
      if (!cur) return 'no work';
      const r = await addChapter(db, viewer(cur.editor), id, {
        body: 'More words. '.repeat(1 + Math.floor(rng() * 300)),
      });
      return `chapter ${id}: ${r.ok ? 'ok' : 'refused'}`;
    }
    if (roll < 0.6) {
      const cur = await currentMeta(c, id);
      if (!cur) return 'no work';
      const r = await deleteWork(db, viewer(cur.editor), id);
      return `delete ${id}: ${r.ok ? 'ok' : 'refused'}`;
    }
    if (roll >= 0.7 && roll < 0.8) {
      // A comment through the service, or a deletion of the work's first one: its count change logged.
      const first = await db
        .selectFrom('comments')
        .select('id')
        .where('work_id', '=', id)
        .orderBy('id')
        .executeTakeFirst();
      const who = viewer(pick(rng, c.writers));
      if (first && rng() < 0.3) {
        const cur = await currentMeta(c, id);
        const r = cur ? await deleteComment(db, viewer(cur.editor), first.id, rng() < 0.5) : undefined;
        return `uncomment ${id}: ${r?.ok ? 'ok' : 'refused'}`;
      }
      const r = await postComment(
        db,
        who,
        first && rng() < 0.5 ? { parentId: first.id } : { workId: id, chapterId: null },
        { body: `A comment, number ${++fresh}.` },
        toolWrites(db),
      );
      return `comment ${id}: ${r.ok ? 'ok' : 'refused'}`;
    }
    if (roll < 0.8) {
      // A kudos through the service (refused for a creator, or a second time): its count change logged.
      const r = await leaveKudos(db, viewer(pick(rng, c.writers)), id, undefined, toolWrites(db));
      return `kudos ${id}: ${r.ok ? 'ok' : 'refused'}`;
    }
    // Counts written in batches or not by a service yet (hits, bookmarks), set as those are: in the
    // count log, not the change log (ADR 010).
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('works')
        .set({
          hits_count: Math.floor(rng() * 500),
          bookmarks_count: Math.floor(rng() * 10),
        })
        .where('id', '=', id)
        .execute();
      await logCountChange(trx, id);
    });
    return `counts ${id}`;
  }
  return randomWrangle(c);
}
