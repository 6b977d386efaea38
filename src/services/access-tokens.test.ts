import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { guestViewer } from '../policies/index.js';
import { listAccessTokensOfUser, touchAccessToken } from '../store/access-token.store.js';
import {
  MAX_TOKENS_PER_USER,
  authenticateAccessToken,
  createAccessToken,
  listAccessTokens,
  revokeAccessToken,
} from './access-tokens.js';

eachDialect(
  'access tokens: the secret once, the member behind it, last use at most once a minute, revocation',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'Token_Keeper' });
    const created = await createAccessToken(db, u.viewer(), { name: '  My   e-reader ' });
    assert.ok(created.ok);
    const { secret, token } = created.value;
    assert.match(secret, /^qpat_[A-Za-z0-9_-]{43}$/);
    assert.equal(token.name, 'My e-reader');
    assert.equal(token.hint, secret.slice(-4));
    assert.equal(token.lastUsedAt, null);
    const listed = await listAccessTokens(db, u.viewer());
    assert.ok(listed.ok);
    assert.ok(!JSON.stringify(listed.value).includes(secret));

    const user = await authenticateAccessToken(db, secret);
    assert.deepEqual(user, { id: u.id, username: 'Token_Keeper', isAdmin: false, isWrangler: false, viewAdult: false });
    const first = (await listAccessTokensOfUser(db, u.id))[0]!.last_used_at;
    assert.ok(first);
    await authenticateAccessToken(db, secret);
    assert.equal(
      (await listAccessTokensOfUser(db, u.id))[0]!.last_used_at,
      first,
      'not written again within the minute',
    );
    // A use more than a minute ago is refreshed.
    await touchAccessToken(db, token.id, '2000-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z');
    await authenticateAccessToken(db, secret);
    assert.ok((await listAccessTokensOfUser(db, u.id))[0]!.last_used_at! > '2001');

    for (const wrong of ['', 'qpat_short', `${secret}x`, secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      assert.equal(await authenticateAccessToken(db, wrong), undefined, wrong);
    }
    assert.equal((await revokeAccessToken(db, guestViewer(), token.id)).ok, false);
    assert.ok((await revokeAccessToken(db, u.viewer(), token.id)).ok);
    assert.equal(await authenticateAccessToken(db, secret), undefined);
    assert.equal((await revokeAccessToken(db, u.viewer(), token.id)).ok, false, 'already revoked');
  },
);

eachDialect(
  'access tokens: a name is required and short, guests have none, a member at most the limit',
  async ({ db }) => {
    const u = await buildUser(db);
    const noName = await createAccessToken(db, u.viewer(), { name: ' ' });
    assert.ok(!noName.ok && noName.status === 400 && noName.errors.name);
    const long = await createAccessToken(db, u.viewer(), { name: 'x'.repeat(101) });
    assert.ok(!long.ok && long.status === 400);
    const guest = await createAccessToken(db, guestViewer(), { name: 'guest' });
    assert.ok(!guest.ok && guest.status === 403);
    for (let i = 0; i < MAX_TOKENS_PER_USER; i++)
      assert.ok((await createAccessToken(db, u.viewer(), { name: `t${i}` })).ok);
    const over = await createAccessToken(db, u.viewer(), { name: 'one more' });
    assert.ok(!over.ok && /at most/.test(over.errors.name ?? ''));
  },
);
