import type { Kysely } from 'kysely';
import type { DB, PseudRow } from '../store/schema.js';
import { findUserByUsername } from '../store/user.store.js';
import { findPseud, listPseudsOfUser } from '../store/pseud.store.js';
import { canViewPublicPage, type Viewer } from '../policies/index.js';

export interface Profile {
  userId: number;
  username: string;
  joinedAt: string;
  pseuds: PseudRow[];
}

/** A member's public profile: username, join date, pseuds. */
export async function findProfile(db: Kysely<DB>, viewer: Viewer, username: string): Promise<Profile | undefined> {
  canViewPublicPage(viewer, 'profile');
  const user = await findUserByUsername(db, username);
  if (!user) return undefined;
  return {
    userId: user.id,
    username: user.username,
    joinedAt: user.created_at,
    pseuds: await listPseudsOfUser(db, user.id),
  };
}

export async function findProfilePseud(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
  pseud: string,
): Promise<{ profile: Profile; pseud: PseudRow } | undefined> {
  const profile = await findProfile(db, viewer, username);
  if (!profile) return undefined;
  const p = await findPseud(db, profile.userId, pseud);
  return p ? { profile, pseud: p } : undefined;
}
