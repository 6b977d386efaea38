import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import type { ChapterValues } from '../store/chapter.store.js';
import type { TagType } from '../domain/tags.js';
import { isCrossover } from '../domain/crossover.js';
import { findWorkIdsByImportKeys, insertCreatorshipRows, insertWorks, insertWorkTagRows } from '../store/work.store.js';
import { insertChapters } from '../store/chapter.store.js';
import { insertCreatorInvitationRows } from '../store/creatorship.store.js';
import { canInviteCoCreators } from '../policies/index.js';
import { TagTypeConflict, createTags, findTagsByKeys, type TagRef } from '../store/tag.store.js';
import { metaTagClosure } from '../store/tag-graph.store.js';
import { logWorkChanges } from '../store/work-changes.store.js';
import { indexNewWorks, sortKey } from '../search/work-index.js';
import { fieldOfType, type PostWorkInput } from './post-work.js';
import { prepareBatch, type BulkPostItem, type BulkPostResult, type Ready } from './bulk-prepare.js';
import { saveWorkSeries } from './work-series.js';
import { chooseCreators, loadCreatorLookups } from './resolve-creators.js';
import { fail, nowIso, ok } from './result.js';

export type { BulkPostItem, BulkPostResult } from './bulk-prepare.js';

export interface BulkPostOptions {
  /** Works per transaction (default 1,000). */
  batchSize?: number;
  /** After each batch: how many works have been answered so far. */
  onProgress?: (done: number) => void;
}

/** A work that will be written: its input, its creators and its tags' keys in display order. */
interface Planned extends Ready {
  input: PostWorkInput;
  pseudIds: number[];
  /** Other members' pseuds named as co-creators: invited, as postWork does. */
  invitePseudIds: number[];
  tags: Array<{ type: TagType; key: string }>;
}

function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Posts many works as postWork posts each one — the same validation and sanitizing, tags found or
 * created by key, creators, chapters, series, sort keys, crossover flag, full-text entry and one
 * work_changes row per work — but `batchSize` works per transaction with multi-row statements, so
 * thousands of works take seconds. Results are in the order of `items`; an item postWork would
 * refuse is refused alone (with postWork's status and messages) and the rest of its batch is written.
 * `items` is read one batch at a time, so a generator keeps a million works' text out of memory.
 */
export async function bulkPostWorks(
  db: Kysely<DB>,
  items: Iterable<BulkPostItem>,
  opts: BulkPostOptions = {},
): Promise<BulkPostResult[]> {
  const results: BulkPostResult[] = [];
  for (const batch of batchesOf(items, Math.max(1, opts.batchSize ?? 1000))) {
    // Validation and sanitizing are pure: done before the transaction, which then only writes.
    const { ready, refused } = prepareBatch(batch);
    const written = await db.transaction().execute((trx) => writeBatch(trx, batch, ready));
    const refusedAt = new Map(refused);
    for (let k = 0; k < batch.length; k++) results.push(refusedAt.get(k) ?? written.get(k)!);
    opts.onProgress?.(results.length);
  }
  return results;
}

async function writeBatch(
  trx: Executor,
  batch: BulkPostItem[],
  prepared: Ready[],
): Promise<Map<number, BulkPostResult>> {
  const ready = prepared.map((r) => ({ ...r, input: batch[r.index]!.input }));
  const results = new Map<number, BulkPostResult>();
  const now = nowIso();
  const importKeys = [...new Set(ready.flatMap((r) => (r.input.importKey ? [r.input.importKey] : [])))];
  const imported = await findWorkIdsByImportKeys(trx, importKeys);
  const lookups = await loadCreatorLookups(
    trx,
    ready.map((r) => r.userId),
    ready.flatMap((r) => r.meta.coCreators),
  );
  const known = await findTagsByKeys(trx, [...new Set(ready.flatMap((r) => r.typed.map((t) => t.key)))]);

  // In order, as postWork one after another would: an import key seen earlier in the batch is that
  // work; a tag name first typed by an earlier work has that work's type.
  const fresh = new Map<string, { name: string; type: TagType }>();
  const keyOwner = new Map<string, number>(); // import key → index of the work that will write it
  const sameAs = new Map<number, number>(); // index → index of the earlier work with its import key
  const planned: Planned[] = [];
  for (const r of ready) {
    const key = r.input.importKey;
    const existing = key ? imported.get(key) : undefined;
    if (existing !== undefined) {
      results.set(r.index, ok({ workId: existing, existing: true }));
      continue;
    }
    if (key && keyOwner.has(key)) {
      sameAs.set(r.index, keyOwner.get(key)!);
      continue;
    }
    const creators = chooseCreators(lookups, r.userId, r.input.pseudIds ?? [], r.meta.coCreators);
    if (!creators.ok) {
      results.set(r.index, fail(400, creators.errors));
      continue;
    }
    if (creators.invitePseudIds.length > 0 && !canInviteCoCreators(batch[r.index]!.viewer, undefined)) {
      results.set(r.index, fail(403, { coCreators: 'You cannot invite co-creators.' }));
      continue;
    }
    const mine = new Map<string, { name: string; type: TagType }>();
    const tags: Planned['tags'] = [];
    let conflict: TagTypeConflict | undefined;
    for (const t of r.typed) {
      const k = t.key;
      const found = known.get(k) ?? fresh.get(k) ?? mine.get(k);
      if (found && found.type !== t.type) {
        conflict = new TagTypeConflict(found.name, found.type, t.type);
        break;
      }
      if (!found) mine.set(k, t);
      tags.push({ type: t.type, key: k });
    }
    if (conflict) {
      results.set(r.index, fail(400, { [fieldOfType(conflict.wantedType)]: conflict.message }));
      continue;
    }
    for (const [k, t] of mine) fresh.set(k, t);
    if (key) keyOwner.set(key, r.index);
    planned.push({ ...r, pseudIds: creators.pseudIds, invitePseudIds: creators.invitePseudIds, tags });
  }

  const created = await createTags(trx, [...fresh.values()], now);
  const tagOf = (key: string, type: TagType): TagRef => {
    const t = known.get(key) ?? created.get(key);
    if (!t) throw new Error(`bulkPostWorks: tag ${key} was not created`);
    // Only a concurrent writer creating the name with another type can get here; the batch fails.
    if (t.type !== type) throw new TagTypeConflict(t.name, t.type, type);
    return t;
  };
  const works = planned.map((p) => {
    const seen = new Set<number>();
    const tags = p.tags.map((t) => tagOf(t.key, t.type)).filter((t) => !seen.has(t.id) && seen.add(t.id));
    return { p, tags, creators: p.pseudIds.map((id) => lookups.pseud(id)!) };
  });
  const crossovers = await crossoverFlags(
    trx,
    works.map((w) => w.tags.filter((t) => t.type === 'fandom')),
  );

  const ids = await insertWorks(
    trx,
    works.map(({ p, creators }, k) => {
      const published = p.input.draft ? null : (p.input.publishedAt ?? now);
      return {
        title: p.meta.title,
        ...p.text,
        language: p.meta.language,
        restricted: p.meta.restricted ? 1 : 0,
        expected_chapters: p.meta.expectedChapters,
        posted: p.input.draft ? 0 : 1,
        published_at: published,
        updated_at: published ? (p.input.updatedAt ?? published) : now,
        created_at: now,
        word_count: p.chapters.reduce((n, c) => n + c.wordCount, 0),
        chapter_count: p.chapters.length,
        import_key: p.input.importKey ?? null,
        sort_title: sortKey(p.meta.title),
        sort_creator: (creators[0]?.name ?? '').toLowerCase(),
        crossover: crossovers[k] ? 1 : 0,
      };
    }),
  );
  for (const [k, { p }] of works.entries()) results.set(p.index, ok({ workId: ids[k]!, existing: false }));
  for (const [index, owner] of sameAs) {
    const first = results.get(owner)!;
    results.set(index, first.ok ? ok({ workId: first.value.workId, existing: true }) : first);
  }

  await insertWorkTagRows(
    trx,
    works.flatMap((w, k) => w.tags.map((t, position) => ({ work_id: ids[k]!, tag_id: t.id, position }))),
  );
  await insertCreatorshipRows(
    trx,
    works.flatMap((w, k) => w.p.pseudIds.map((pseud_id, position) => ({ work_id: ids[k]!, pseud_id, position }))),
  );
  await insertCreatorInvitationRows(
    trx,
    works.flatMap((w, k) => w.p.invitePseudIds.map((pseudId) => ({ workId: ids[k]!, pseudId, invitedBy: w.p.userId }))),
    now,
  );
  const chapters: Array<{ workId: number; position: number; values: ChapterValues }> = [];
  for (const [k, w] of works.entries())
    for (const [i, values] of w.p.chapters.entries()) chapters.push({ workId: ids[k]!, position: i + 1, values });
  await insertChapters(trx, chapters, now);
  for (const [k, { p }] of works.entries())
    if (p.meta.series.length > 0) await saveWorkSeries(trx, p.userId, ids[k]!, p.meta.series, now);
  await indexNewWorks(
    trx,
    works.map(({ p, tags, creators }, k) => ({
      workId: ids[k]!,
      source: {
        title: p.meta.title,
        summary: p.text.summary,
        notes: p.text.notes,
        endNotes: p.text.end_notes,
        tagNames: tags.map((t) => t.name),
        creators: creators.map((c) => ({ pseud: c.name, username: c.username })),
        chapters: p.chapters,
      },
    })),
  );
  await logWorkChanges(trx, ids);
  return results;
}

/** Each work's crossover flag from its fandom tags, as reindexWork computes it (docs/glossary.md). */
async function crossoverFlags(trx: Executor, fandomsOf: TagRef[][]): Promise<boolean[]> {
  const families = new Map<number, Set<number>>();
  const family = async (id: number) => {
    let f = families.get(id);
    if (!f) families.set(id, (f = await metaTagClosure(trx, [id])));
    return f;
  };
  const flags: boolean[] = [];
  for (const fandoms of fandomsOf) {
    const canon = [...new Set(fandoms.map((f) => f.merger_id ?? f.id))];
    if (canon.length < 2) flags.push(false);
    else {
      const fams: Array<Set<number>> = [];
      for (const id of canon) fams.push(await family(id));
      flags.push(isCrossover(fams));
    }
  }
  return flags;
}
