// The Server-Timing header the benchmark's breakdown reads: present, with the stages a page went
// through, only when the archive runs with QUIRE_SERVER_TIMING=1. In-process requests, both dialects.
import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { testApp } from '../../test/http.js';

/** The stage names of a Server-Timing header, each with a duration of zero or more. */
function stages(header: string | null): string[] {
  assert.ok(header, 'a Server-Timing header');
  return header.split(', ').map((entry) => {
    const m = /^([a-z]+);dur=(\d+\.\d{3})$/.exec(entry);
    assert.ok(m, `an entry like name;dur=1.234: ${entry}`);
    return m[1]!;
  });
}

eachDialect('Server-Timing: a listing and a work page say where their time went', async ({ db }) => {
  const writer = await buildUser(db, { username: 'timing_writer' });
  const work = await buildWork(db, writer, {
    meta: { title: 'The Tide Clock', rating: 'General Audiences', fandoms: ['Gull Point (TV)'], freeforms: ['Fluff'] },
  });
  const app = testApp(db, { serverTiming: true });
  const listing = await app.request('/works?sort=kudos');
  assert.equal(listing.status, 200);
  const listed = stages(listing.headers.get('server-timing'));
  for (const s of ['query', 'works', 'facets', 'counts', 'render', 'total'])
    assert.ok(listed.includes(s), `${s} in ${listed.join(', ')}`);
  // A guest's first view of a page is gzipped for the shared copy.
  const page = await app.request(`/works/${work}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(page.status, 200);
  const read = stages(page.headers.get('server-timing'));
  for (const s of ['work', 'text', 'extras', 'render', 'compress', 'total'])
    assert.ok(read.includes(s), `${s} in ${read.join(', ')}`);
});

eachDialect('Server-Timing: without QUIRE_SERVER_TIMING no answer carries it', async ({ db }) => {
  const res = await testApp(db).request('/works');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('server-timing'), null);
});
