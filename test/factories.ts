import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { createAccount } from '../src/services/create-account.js';
import { postWork, type PostWorkInput } from '../src/services/post-work.js';
import { memberViewer, type Viewer } from '../src/policies/index.js';
import type { WorkMetaInput } from '../src/domain/work-input.js';
import { setRole, setWrangler } from '../src/store/user.store.js';
import { NO_RATE_LIMITS } from '../src/services/rate-limits.js';
import { CommitQueue } from '../src/store/commit-queue.js';

let seq = 0;
const next = () => `${process.pid}${++seq}`;

export interface TestUser {
  id: number;
  username: string;
  password: string;
  viewer: () => Viewer;
}

/** Builds a member (argon2 hashing included: these are real accounts). */
export async function buildUser(
  db: Kysely<DB>,
  over: { username?: string; password?: string; isAdmin?: boolean; isWrangler?: boolean; isModerator?: boolean } = {},
): Promise<TestUser> {
  const username = over.username ?? `reader_${next()}`;
  const password = over.password ?? 'correct horse battery';
  const r = await createAccount(db, {
    username,
    email: `${username}@example.test`,
    password,
    isAdmin: over.isAdmin,
    requireConsent: false,
  });
  if (!r.ok) throw new Error(`buildUser: ${JSON.stringify(r.errors)}`);
  const id = r.value.userId;
  if (over.isWrangler) await setWrangler(db, id, true);
  if (over.isModerator) await setRole(db, id, 'moderator', true);
  return {
    id,
    username,
    password,
    viewer: () =>
      memberViewer({
        id,
        username,
        isAdmin: over.isAdmin === true,
        isWrangler: over.isWrangler === true,
        ...(over.isModerator ? { isModerator: true } : {}),
        viewAdult: false,
      }),
  };
}

export const neutralProse = (n = 1) =>
  Array.from(
    { length: n },
    (_, i) =>
      `The lighthouse keeper counted the gulls on the rail, morning ${i + 1}. Nothing else happened, and that was fine.`,
  ).join('\n\n');

/** Posts a work with sensible defaults; pass `meta` fields to change any of them. */
export async function buildWork(
  db: Kysely<DB>,
  by: TestUser,
  over: { meta?: WorkMetaInput; body?: string; draft?: boolean; moreChapters?: PostWorkInput['moreChapters'] } = {},
): Promise<number> {
  const r = await postWork(db, by.viewer(), {
    meta: {
      title: `A Quiet Harbour ${next()}`,
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: ['Original Work'],
      summary: 'Gulls, a lamp, a long afternoon.',
      ...over.meta,
    },
    chapter: { body: over.body ?? neutralProse(3) },
    moreChapters: over.moreChapters,
    draft: over.draft === true,
  });
  if (!r.ok) throw new Error(`buildWork: ${JSON.stringify(r.errors)}`);
  return r.value.workId;
}

/** What a service that writes kudos or comments needs, for tools acting for many readers at once. */
export const toolWrites = (db: Kysely<DB>) => ({
  address: '127.0.0.1',
  limits: NO_RATE_LIMITS,
  commits: new CommitQueue(db),
});
