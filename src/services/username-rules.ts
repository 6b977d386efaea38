import type { Executor } from '../store/executor.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { UsernameSchema, zodProblem } from '../domain/work-input.js';
import { findUserByUsername } from '../store/user.store.js';
import { findRenamed } from '../store/rename.store.js';

/**
 * Why a member may not take this username, or undefined: the form rules, the orphan account's
 * name, a member's name, or another member's former name (it still redirects to them).
 * `userId`: the member asking, whose own former names are theirs to take back.
 */
export async function usernameProblem(db: Executor, username: string, userId?: number): Promise<string | undefined> {
  const shape = zodProblem(UsernameSchema, username);
  if (shape) return shape;
  const name = username.trim();
  if (name.toLowerCase() === ORPHAN_ACCOUNT) return 'That username is reserved.';
  const holder = await findUserByUsername(db, name);
  if (holder) return holder.id === userId ? 'That is already your username.' : 'That username is taken.';
  const renamed = await findRenamed(db, name);
  if (renamed && renamed.userId !== userId) return 'That username is taken.';
  return undefined;
}
