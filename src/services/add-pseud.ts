import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { PseudNameSchema, zodProblem } from '../domain/work-input.js';
import { findPseud, insertPseud } from '../store/pseud.store.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import { FORBIDDEN, fail, nowIso, ok, type ServiceResult } from './result.js';

const RESERVED_PSEUD_NAMES = new Set(['new']);

/** Adds a pen name to the viewer's account. */
export async function addPseud(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { name: string; description?: string },
): Promise<ServiceResult<{ pseudId: number; name: string }>> {
  const userId = viewer.user?.id;
  if (!canManageAccount(viewer, userId) || userId === undefined) return FORBIDDEN;
  const problem = zodProblem(PseudNameSchema, input.name);
  if (problem) return fail(400, { name: problem });
  const name = input.name.trim().replace(/\s+/g, ' ');
  // /users/NAME/pseuds/new is the form that adds one.
  if (RESERVED_PSEUD_NAMES.has(name.toLowerCase()))
    return fail(400, { name: `“${name}” cannot be a pseud name; choose another.` });
  if (await findPseud(db, userId, name)) return fail(400, { name: `You already have a pseud named “${name}”.` });
  const pseudId = await insertPseud(db, {
    userId,
    name,
    isDefault: false,
    description: input.description ?? '',
    now: nowIso(),
  });
  return ok({ pseudId, name });
}
