import type { Executor } from '../store/user.store.js';
import { findDefaultPseud, findPseudsByName, listPseudsOfUser } from '../store/pseud.store.js';
import type { FieldErrors } from '../domain/work-input.js';

/**
 * Turns the writer's chosen pseuds and the co-creator names they typed into pseud ids.
 * A co-creator is named by pseud, by username (their default pseud), or as "pseud (username)".
 */
export async function resolveCreators(
  db: Executor,
  userId: number,
  ownPseudIds: number[],
  coCreators: string[],
): Promise<{ ok: true; pseudIds: number[] } | { ok: false; errors: FieldErrors }> {
  const mine = await listPseudsOfUser(db, userId);
  const chosen = ownPseudIds.length > 0 ? ownPseudIds : [];
  for (const id of chosen) {
    if (!mine.some((p) => p.id === id)) return { ok: false, errors: { pseuds: 'You can only post under your own pseuds.' } };
  }
  const ids = [...chosen];
  if (ids.length === 0) {
    const def = await findDefaultPseud(db, userId);
    if (!def) return { ok: false, errors: { pseuds: 'Your account has no pseud; create one first.' } };
    ids.push(def.id);
  }
  for (const raw of coCreators) {
    const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(raw);
    const name = m?.[1] ?? raw;
    const username = m?.[2]?.toLowerCase();
    let found = await findPseudsByName(db, name);
    if (username) found = found.filter((p) => p.username.toLowerCase() === username);
    if (found.length === 0) return { ok: false, errors: { coCreators: `There is no user or pseud named “${raw}”.` } };
    if (found.length > 1) {
      const options = found.map((p) => `${p.name} (${p.username})`).join(', ');
      return { ok: false, errors: { coCreators: `“${raw}” matches several pseuds; write one of: ${options}.` } };
    }
    ids.push(found[0]!.id);
  }
  return { ok: true, pseudIds: [...new Set(ids)] };
}
