import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { guestViewer } from '../policies/index.js';
import { wrangleTag } from '../services/wrangle-tag.js';
import { queryWorks } from './works-query.js';
import { createSearchState } from './search-state.js';

// resolveFilter remembers tag look-ups and expansions per change number: each wrangling change must
// show in the very next listing, as it did when every listing read the tags afresh.
eachDialect(
  'a listing right after each wrangling change uses the new tag graph (remembered expansions are dropped)',
  async ({ db }) => {
    const search = createSearchState(db);
    const writer = await buildUser(db);
    const wrangler = await buildUser(db, { isWrangler: true });
    const lamps = await buildWork(db, writer, { meta: { freeforms: ['Harbour Lamps'] } });
    const lanterns = await buildWork(db, writer, { meta: { freeforms: ['harbour lanterns'] } });
    const beacons = await buildWork(db, writer, { meta: { freeforms: ['Beacon Keeping'] } });
    const ids = async (include: string[]) =>
      (await queryWorks(search, guestViewer(), { include })).works.map((w) => w.id).sort((a, b) => a - b);
    const wrangle = async (tag: string, action: Parameters<typeof wrangleTag>[3]) =>
      assert.ok((await wrangleTag(db, wrangler.viewer(), tag, action)).ok);

    assert.deepEqual(await ids(['Harbour Lamps']), [lamps]);
    await wrangle('Harbour Lamps', { kind: 'canonical', canonical: true });
    assert.deepEqual(await ids(['Harbour Lamps']), [lamps]);
    await wrangle('harbour lanterns', { kind: 'synonym', of: 'Harbour Lamps' });
    assert.deepEqual(await ids(['Harbour Lamps']), [lamps, lanterns]);
    await wrangle('Beacon Keeping', { kind: 'canonical', canonical: true });
    await wrangle('Beacon Keeping', { kind: 'add-meta', meta: 'Harbour Lamps' });
    assert.deepEqual(await ids(['Harbour Lamps']), [lamps, lanterns, beacons]);
    await wrangle('harbour lanterns', { kind: 'synonym', of: null });
    assert.deepEqual(await ids(['Harbour Lamps']), [lamps, beacons]);
    await wrangle('Harbour Lamps', { kind: 'rename', name: 'Harbour Lamplight' });
    const renamed = await queryWorks(search, guestViewer(), { include: ['Harbour Lamps'] });
    assert.equal(renamed.total, 0, 'the old name is no longer a tag');
    assert.deepEqual(await ids(['Harbour Lamplight']), [lamps, beacons]);
  },
);
