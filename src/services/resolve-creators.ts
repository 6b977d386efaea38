import type { Executor } from '../store/executor.js';
import { findPseudsByNames, listPseudsOfUsers, type PseudWithUser } from '../store/pseud.store.js';
import type { FieldErrors } from '../domain/work-input.js';

/**
 * `pseudIds`: the writer's own pseuds, credited at once. `invitePseudIds`: other members' pseuds
 * named as co-creators, who are only invited: they are credited when they accept.
 */
export type ResolvedCreators =
  { ok: true; pseudIds: number[]; invitePseudIds: number[] } | { ok: false; errors: FieldErrors };

/** What choosing creators needs from the database, loaded up front (for one post or a batch). */
export interface CreatorLookups {
  /** The writer's pseuds (with their username). */
  pseudsOf(userId: number): PseudWithUser[];
  /** findPseudsByName's answer for a name key. */
  byName(key: string): PseudWithUser[];
  /** Any pseud the look-ups found, by id. */
  pseud(id: number): PseudWithUser | undefined;
}

/** A co-creator as typed: "pseud", "username" or "pseud (username)". */
function parseCoCreator(raw: string): { key: string; username: string | undefined } {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(raw);
  return { key: (m?.[1] ?? raw).trim().toLowerCase(), username: m?.[2]?.toLowerCase() };
}

/** The name keys `chooseCreators` will look up for these co-creators. */
export const coCreatorKeys = (coCreators: string[]): string[] => coCreators.map((raw) => parseCoCreator(raw).key);

/**
 * Turns the writer's chosen pseuds and the co-creator names they typed into pseud ids.
 * A co-creator is named by pseud, by username (their default pseud), or as "pseud (username)";
 * naming one of the writer's own pseuds credits it like a chosen one.
 */
export function chooseCreators(
  l: CreatorLookups,
  userId: number,
  ownPseudIds: number[],
  coCreators: string[],
): ResolvedCreators {
  const mine = l.pseudsOf(userId);
  for (const id of ownPseudIds) {
    if (!mine.some((p) => p.id === id))
      return { ok: false, errors: { pseuds: 'You can only post under your own pseuds.' } };
  }
  const ids = [...ownPseudIds];
  const invite: number[] = [];
  if (ids.length === 0) {
    const def = mine.find((p) => p.is_default === 1);
    if (!def) return { ok: false, errors: { pseuds: 'Your account has no pseud; create one first.' } };
    ids.push(def.id);
  }
  for (const raw of coCreators) {
    const { key, username } = parseCoCreator(raw);
    let found = l.byName(key);
    if (username) found = found.filter((p) => p.username.toLowerCase() === username);
    if (found.length === 0) return { ok: false, errors: { coCreators: `There is no user or pseud named “${raw}”.` } };
    if (found.length > 1) {
      const options = found.map((p) => `${p.name} (${p.username})`).join(', ');
      return { ok: false, errors: { coCreators: `“${raw}” matches several pseuds; write one of: ${options}.` } };
    }
    const p = found[0]!;
    (p.user_id === userId ? ids : invite).push(p.id);
  }
  return { ok: true, pseudIds: [...new Set(ids)], invitePseudIds: [...new Set(invite)] };
}

/** Loads what chooseCreators needs for these writers and co-creator names, in two queries. */
export async function loadCreatorLookups(
  db: Executor,
  userIds: number[],
  coCreators: string[],
): Promise<CreatorLookups> {
  const pseuds = await listPseudsOfUsers(db, [...new Set(userIds)]);
  const byName = await findPseudsByNames(db, [...new Set(coCreatorKeys(coCreators))]);
  const byUser = new Map<number, PseudWithUser[]>();
  const byId = new Map<number, PseudWithUser>();
  for (const p of pseuds) {
    byUser.set(p.user_id, [...(byUser.get(p.user_id) ?? []), p]);
    byId.set(p.id, p);
  }
  for (const list of byName.values()) for (const p of list) byId.set(p.id, p);
  return {
    pseudsOf: (id) => byUser.get(id) ?? [],
    byName: (key) => byName.get(key) ?? [],
    pseud: (id) => byId.get(id),
  };
}

/** chooseCreators for one post. */
export async function resolveCreators(
  db: Executor,
  userId: number,
  ownPseudIds: number[],
  coCreators: string[],
): Promise<ResolvedCreators> {
  return chooseCreators(await loadCreatorLookups(db, [userId], coCreators), userId, ownPseudIds, coCreators);
}
