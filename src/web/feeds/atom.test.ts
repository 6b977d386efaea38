import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFeed } from '../../../test/atom.js';
import { renderAtom, rfc3339, xmlEscape } from './atom.js';

test('text that XML cannot carry is dropped and markup characters are escaped, so the feed always parses', () => {
  const nasty = `Tom & Jerry <script>"quotes" 'apos'\u0000\u0001\u000b\uFFFE\uD800 end`;
  const xml = renderAtom({
    id: 'http://example.test/works?include=a&b',
    title: nasty,
    updated: rfc3339('2024-05-01T10:00:00.123Z'),
    authors: [{ name: nasty, uri: 'http://example.test/users/x?y=1&z=2' }],
    links: [
      {
        rel: 'self',
        href: 'http://example.test/works/feed.atom?include=a&b',
        attrs: { 'opds:facetGroup': 'A "group"' },
      },
    ],
    namespaces: { opds: 'http://opds-spec.org/2010/catalog' },
    entries: [
      {
        id: 'http://example.test/works/1',
        title: nasty,
        updated: rfc3339('2024-05-01T10:00:00.123Z'),
        authors: [{ name: 'a' }],
        links: [{ rel: 'alternate', href: 'http://example.test/works/1' }],
        content: { type: 'html', value: '<p>Gulls &amp; <em>lamps</em></p>' },
      },
    ],
  });
  const f = parseFeed(xml);
  const clean = `Tom & Jerry <script>"quotes" 'apos' end`;
  assert.equal(f.titles[0], clean);
  assert.equal(f.entries[0]!.title, clean);
  assert.equal(f.ids[0], 'http://example.test/works?include=a&b');
  assert.equal(f.links[0]!.facetGroup, 'A "group"');
  assert.equal(
    f.entries[0]!.content?.value,
    '<p>Gulls &amp; <em>lamps</em></p>',
    'HTML content survives as escaped text',
  );
  assert.equal(xmlEscape('a\u0007b'), 'ab');
});

test('timestamps are RFC 3339 in UTC; a missing or broken date falls back', () => {
  assert.equal(rfc3339('2024-05-01T10:00:00.123Z'), '2024-05-01T10:00:00.123Z');
  assert.equal(rfc3339('2024-05-01'), '2024-05-01T00:00:00.000Z');
  const fallback = new Date('2020-01-02T03:04:05.000Z');
  assert.equal(rfc3339('not a date', fallback), '2020-01-02T03:04:05.000Z');
  assert.equal(rfc3339(null, fallback), '2020-01-02T03:04:05.000Z');
});
