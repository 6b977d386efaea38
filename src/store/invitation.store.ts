import type { Executor } from './executor.js';

/** Adds an address to the invitation queue; false when it was queued already (nothing changes then). */
export async function insertInviteRequest(
  db: Executor,
  r: { email: string; ip: string; now: string },
): Promise<boolean> {
  const done = await db
    .insertInto('invite_requests')
    .values({ email: r.email, email_key: r.email.toLowerCase(), ip: r.ip, created_at: r.now, invited_at: null })
    .onConflict((oc) => oc.column('email_key').doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** How many addresses wait for an invitation. */
export async function queueLength(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('invite_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('invited_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The next `limit` waiting addresses, first come first served. */
export async function nextInviteRequests(db: Executor, limit: number): Promise<Array<{ id: number; email: string }>> {
  return db
    .selectFrom('invite_requests')
    .select(['id', 'email'])
    .where('invited_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks a queued address as invited; false when another request invited it first. */
export async function markInvited(db: Executor, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('invite_requests')
    .set({ invited_at: now })
    .where('id', '=', id)
    .where('invited_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertInviteCode(
  db: Executor,
  c: { codeHash: string; createdBy: number | null; requestId: number | null; now: string },
): Promise<void> {
  await db
    .insertInto('invite_codes')
    .values({
      code_hash: c.codeHash,
      created_by_user_id: c.createdBy,
      request_id: c.requestId,
      created_at: c.now,
      used_by_user_id: null,
      used_at: null,
    })
    .execute();
}

/** Whether a code of this hash exists and has not been used. */
export async function inviteCodeUnused(db: Executor, codeHash: string): Promise<boolean> {
  const r = await db
    .selectFrom('invite_codes')
    .select('id')
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return r !== undefined;
}

/** Spends an unused code on a new account; false when it is unknown or already spent. */
export async function spendInviteCode(db: Executor, codeHash: string, userId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('invite_codes')
    .set({ used_by_user_id: userId, used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Codes made and not yet used. */
export async function unusedCodeCount(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('invite_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
