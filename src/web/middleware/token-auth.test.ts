import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsToken, parseAuthorization } from './token-auth.js';

test('tokens are accepted on the API, the catalog and its downloads, and feeds; not on pages or the OpenSearch description', () => {
  for (const p of [
    '/api/v1/works',
    '/opds',
    '/opds/recent',
    '/works/feed.atom',
    '/tags/Fluff/feed.atom',
    '/series/3/feed.atom',
    '/works/12/download.epub',
    '/works/12/download.txt',
  ]) {
    assert.equal(acceptsToken(p), true, p);
  }
  for (const p of [
    '/',
    '/works',
    '/account',
    '/account/tokens',
    '/opds/opensearch.xml',
    '/opdsx',
    '/works/12',
    '/works/12/download.epub/x',
    '/api',
  ]) {
    assert.equal(acceptsToken(p), false, p);
  }
});

test('Authorization: Bearer, Basic username:token, Basic token alone; anything else is unreadable', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.deepEqual(parseAuthorization('Bearer qpat_abc'), { secret: 'qpat_abc' });
  assert.deepEqual(parseAuthorization('bearer   qpat_abc  '), { secret: 'qpat_abc' });
  assert.deepEqual(parseAuthorization(`Basic ${b64('Marisol:qpat_abc')}`), { secret: 'qpat_abc', username: 'Marisol' });
  assert.deepEqual(parseAuthorization(`Basic ${b64('qpat_abc:')}`), { secret: 'qpat_abc' });
  assert.deepEqual(parseAuthorization(`Basic ${b64('user:pass:with:colons')}`), {
    secret: 'pass:with:colons',
    username: 'user',
  });
  for (const h of ['Digest x', 'Bearer', 'Basic', `Basic ${b64('no-colon')}`, 'Bearer a b'])
    assert.equal(parseAuthorization(h), undefined, h);
});
