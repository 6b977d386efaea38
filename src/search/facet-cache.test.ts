import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { guestViewer } from '../policies/index.js';
import { cachedWorkFacets } from './facet-cache.js';
import { workFacets } from './work-facets.js';
import { createSearchState } from './search-state.js';

const countOf = (facets: Awaited<ReturnType<typeof workFacets>>, name: string) =>
  facets.freeform?.find((f) => f.name === name)?.count;

eachDialect('the sidebar counts of a filter are reused across its pages and sorts', async (t) => {
  const writer = await buildUser(t.db);
  const first = await buildWork(t.db, writer, { meta: { freeforms: ['Lighthouses'] } });
  await buildWork(t.db, writer, { meta: { freeforms: ['Lighthouses'] } });
  const search = createSearchState(t.db);
  const guest = guestViewer();
  assert.equal(countOf(await cachedWorkFacets(search, guest, { sort: 'kudos', page: 1 }), 'Lighthouses'), 2);

  // A change the change log does not see (no stamp moves): only a reused answer still says 2.
  const tag = await t.db.selectFrom('tags').select('id').where('name', '=', 'Lighthouses').executeTakeFirstOrThrow();
  await t.db.deleteFrom('work_tags').where('work_id', '=', first).where('tag_id', '=', tag.id).execute();
  assert.equal(countOf(await workFacets(search, guest, {}), 'Lighthouses'), 1);
  assert.equal(countOf(await cachedWorkFacets(search, guest, { sort: 'title', page: 3 }), 'Lighthouses'), 2);
  // Another filter is counted afresh.
  assert.equal(countOf(await cachedWorkFacets(search, guest, { complete: false }), 'Lighthouses'), 1);
});
