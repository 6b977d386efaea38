import type { Kysely } from 'kysely';
import type { DB, TagRow } from '../store/schema.js';
import { canWrangle, type Viewer } from '../policies/index.js';
import { findTagByName, findSynonyms, updateTag, workIdsWithTag } from '../store/tag.store.js';
import {
  addMetaEdge,
  addParentEdge,
  directMetaTags,
  directSubTags,
  removeMetaEdge,
  removeParentEdge,
  subTagClosure,
  synonymIds,
} from '../store/tag-graph.store.js';
import { insertTagAudit } from '../store/tag-audit.store.js';
import { renameInReaderSettings } from './rename-in-reader-settings.js';
import { cleanTagName, tagKey, tagNameProblem } from '../domain/tags.js';
import { refreshCrossovers, reindexWork } from '../search/work-index.js';
import { logTagGraphChange } from '../store/work-changes.store.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

export type WrangleAction =
  | { kind: 'canonical'; canonical: boolean }
  | { kind: 'synonym'; of: string | null }
  | { kind: 'add-meta'; meta: string }
  | { kind: 'remove-meta'; meta: string }
  | { kind: 'add-parent'; fandom: string }
  | { kind: 'remove-parent'; fandom: string }
  | { kind: 'rename'; name: string };

const FIXED = new Set(['rating', 'warning', 'category']);

/** Fandom tags whose works may change crossover status when `tag`'s family changes. */
async function fandomsAffected(db: Kysely<DB>, tags: TagRow[]): Promise<number[]> {
  const fandoms = tags.filter((t) => t.type === 'fandom').map((t) => t.id);
  if (fandoms.length === 0) return [];
  const family = [...(await subTagClosure(db, fandoms))];
  return [...new Set([...family, ...(await synonymIds(db, family))])];
}

/**
 * One wrangling change to a tag, with its audit entry, in one transaction. Refuses, with the reason,
 * changes that would break the tag graph: cycles, synonyms of synonyms, mixed types, fixed tags.
 */
export async function wrangleTag(
  db: Kysely<DB>,
  viewer: Viewer,
  tagName: string,
  action: WrangleAction,
): Promise<ServiceResult<{ tag: string }>> {
  if (!canWrangle(viewer) || !viewer.user) return fail(403, { _: 'Only tag wranglers can change tags.' });
  const userId = viewer.user.id;
  const tag = await findTagByName(db, tagName);
  if (!tag) return fail(404, { _: `There is no tag “${tagName}”.` });
  if (FIXED.has(tag.type)) return fail(400, { _: `“${tag.name}” is a fixed ${tag.type} tag; it cannot be wrangled.` });
  return db.transaction().execute(async (trx) => {
    // Inside the transaction only trx may be used: SQLite has one connection, which trx holds.
    const other = async (name: string) => {
      const t = await findTagByName(trx, name);
      return t ?? fail(404, { _: `There is no tag “${name}”.` });
    };
    const now = nowIso();
    const audit = (act: string, detail: string) =>
      insertTagAudit(trx, { tagId: tag.id, tagName: tag.name, userId, action: act, detail, now });
    let touched: TagRow[] = [tag];
    switch (action.kind) {
      case 'canonical': {
        if (action.canonical === (tag.canonical === 1)) return ok({ tag: tag.name });
        if (action.canonical && tag.merger_id !== null)
          return fail(400, {
            _: `“${tag.name}” is a synonym; remove it from its canonical tag before making it canonical.`,
          });
        if (!action.canonical) {
          const links =
            (await findSynonyms(trx, tag.id)).length +
            (await directMetaTags(trx, tag.id)).length +
            (await directSubTags(trx, tag.id)).length;
          if (links > 0)
            return fail(400, {
              _: `“${tag.name}” still has synonyms or meta/sub tags; remove them before making it non-canonical.`,
            });
        }
        await updateTag(trx, tag.id, { canonical: action.canonical ? 1 : 0 });
        await audit(action.canonical ? 'made canonical' : 'made non-canonical', '');
        break;
      }
      case 'synonym': {
        if (action.of === null) {
          if (tag.merger_id === null) return ok({ tag: tag.name });
          await updateTag(trx, tag.id, { merger_id: null });
          await audit('removed synonym', '');
          break;
        }
        const target = await other(action.of);
        if ('ok' in target) return target;
        if (target.id === tag.id) return fail(400, { _: 'A tag cannot be a synonym of itself.' });
        if (target.type !== tag.type)
          return fail(400, {
            _: `“${target.name}” is a ${target.type} tag and “${tag.name}” a ${tag.type} tag; a synonym must have the same type.`,
          });
        if (target.canonical !== 1) {
          const hint =
            target.merger_id !== null
              ? ' It is itself a synonym: choose its canonical tag instead.'
              : ' Make it canonical first.';
          return fail(400, { _: `“${target.name}” is not canonical, so it cannot have synonyms.${hint}` });
        }
        if (tag.canonical === 1)
          return fail(400, {
            _: `“${tag.name}” is canonical; make it non-canonical before making it a synonym (a synonym cannot have synonyms of its own).`,
          });
        await updateTag(trx, tag.id, { merger_id: target.id });
        await audit('made synonym', `of ${target.name}`);
        touched = [tag, target];
        break;
      }
      case 'add-meta':
      case 'remove-meta': {
        const meta = await other(action.meta);
        if ('ok' in meta) return meta;
        if (action.kind === 'remove-meta') {
          await removeMetaEdge(trx, meta.id, tag.id);
          await audit('removed meta tag', meta.name);
          touched = [tag, meta];
          break;
        }
        if (meta.id === tag.id) return fail(400, { _: 'A tag cannot be its own meta tag.' });
        if (meta.type !== tag.type)
          return fail(400, {
            _: `A meta tag must have the same type: “${meta.name}” is a ${meta.type} tag, “${tag.name}” a ${tag.type} tag.`,
          });
        if (meta.canonical !== 1 || tag.canonical !== 1)
          return fail(400, { _: 'Meta and sub tags must both be canonical.' });
        // The new edge meta → tag closes a cycle when meta is already below tag.
        if ((await subTagClosure(trx, [tag.id])).has(meta.id)) {
          return fail(400, {
            _: `“${meta.name}” is already a sub tag of “${tag.name}” (directly or further down), so it cannot also be its meta tag: that would make a cycle.`,
          });
        }
        await addMetaEdge(trx, meta.id, tag.id);
        await audit('added meta tag', meta.name);
        touched = [tag, meta];
        break;
      }
      case 'add-parent':
      case 'remove-parent': {
        const fandom = await other(action.fandom);
        if ('ok' in fandom) return fandom;
        if (action.kind === 'remove-parent') {
          await removeParentEdge(trx, fandom.id, tag.id);
          await audit('removed fandom', fandom.name);
          break;
        }
        if (!['character', 'relationship', 'freeform'].includes(tag.type))
          return fail(400, { _: 'Only characters, relationships and additional tags have parent fandoms.' });
        if (fandom.type !== 'fandom' || fandom.canonical !== 1)
          return fail(400, { _: `“${fandom.name}” is not a canonical fandom tag.` });
        await addParentEdge(trx, fandom.id, tag.id);
        await audit('added fandom', fandom.name);
        break;
      }
      case 'rename': {
        const name = cleanTagName(action.name);
        const problem = tagNameProblem(name);
        if (problem) return fail(400, { name: problem });
        if (tagKey(name) !== tag.name_key && (await findTagByName(trx, name)))
          return fail(400, { name: `A tag named “${name}” already exists; make this one its synonym instead.` });
        await updateTag(trx, tag.id, { name });
        await audit('renamed', `from ${tag.name} to ${name}`);
        // Readers' blocks and saved filters name tags: they follow the rename, so no block lapses.
        await renameInReaderSettings(trx, tag.name, name);
        // Tag names are part of each work's search text.
        for (const id of await workIdsWithTag(trx, tag.id)) await reindexWork(trx, id);
        break;
      }
    }
    await refreshCrossovers(trx, await fandomsAffected(trx, touched));
    // In-memory indexes group tags by canonical; any wrangling change can regroup them.
    await logTagGraphChange(trx);
    return ok({ tag: action.kind === 'rename' ? cleanTagName(action.name) : tag.name });
  });
}
