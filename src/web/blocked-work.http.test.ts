import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { blockTag, muteUser } from '../services/blocklist.js';
import { createAccessToken } from '../services/access-tokens.js';
import { setViewAdultPreference } from '../services/preferences.js';

eachDialect(
  'a work the reader excluded, opened by its address, says why first and shows it once asked',
  async ({ db }) => {
    const writer = await buildUser(db);
    const body = 'The harbour bell rang twice, and the boats came in.';
    const id = await buildWork(db, writer, {
      meta: { warnings: ['Rape/Non-Con'] },
      body,
      moreChapters: [{ body: 'A second chapter, quiet as the first.' }],
    });
    const reader = await buildUser(db);
    assert.ok((await blockTag(db, reader.viewer(), 'Rape/Non-Con')).ok);
    const member = new Client(testApp(db));
    await member.login(reader.username, reader.password);

    for (const path of [`/works/${id}`, `/works/${id}/chapters/2`, `/works/${id}/download.html`]) {
      const notice = await (await member.get(path)).text();
      assert.match(notice, /This work is hidden by your blocklist \(Rape\/Non-Con\)\./, path);
      assert.ok(!notice.includes(body) && !notice.includes('A second chapter'), path);
      assert.match(
        notice,
        new RegExp(`href="${path.replace(/[.?]/g, '\\$&')}\\?show_blocked=1"[^>]*>\\s*Show it anyway`),
        path,
      );
    }
    assert.ok((await (await member.get(`/works/${id}?show_blocked=1`)).text()).includes(body));
    const api = await member.get(`/api/v1/works/${id}/chapters/1`);
    assert.equal(api.status, 403);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'blocked');
    assert.equal((await member.get(`/api/v1/works/${id}/chapters/1?show_blocked=1`)).status, 200);

    // A muted creator's work says so; guests and the writer are never asked.
    const other = await buildUser(db);
    const theirs = await buildWork(db, other, {});
    assert.ok((await muteUser(db, reader.viewer(), other.username)).ok);
    assert.match(
      await (await member.get(`/works/${theirs}`)).text(),
      new RegExp(`hidden by your blocklist \\(works by ${other.username}\\)`),
    );
    assert.ok((await (await new Client(member.app).get(`/works/${id}`)).text()).includes(body));
  },
);

eachDialect(
  'OPDS offers an adult work’s download only to a token of a member who turned adult works on',
  async ({ db }) => {
    const writer = await buildUser(db);
    const id = await buildWork(db, writer, { meta: { title: 'Catalog Explicit', rating: 'Explicit' } });
    const reader = await buildUser(db);
    const t = await createAccessToken(db, reader.viewer(), { name: 'e-reader' });
    assert.ok(t.ok);
    const app = testApp(db);
    const auth = { authorization: `Bearer ${t.value.secret}` };
    const acquisition = new RegExp(
      `rel="http://opds-spec.org/acquisition/open-access"[^>]*href="http://localhost/works/${id}/download.epub"|href="http://localhost/works/${id}/download.epub"[^>]*rel="http://opds-spec.org/acquisition/open-access"`,
    );
    assert.doesNotMatch(await (await new Client(app).get('/opds/recent')).text(), acquisition);
    assert.doesNotMatch(await (await new Client(app).get('/opds/recent', auth)).text(), acquisition);
    await setViewAdultPreference(db, reader.viewer(), true);
    assert.match(await (await new Client(app).get('/opds/recent', auth)).text(), acquisition);
    // What the link leads to is the file, for that token, and the adult gate for anyone else.
    const file = await new Client(app).get(`/works/${id}/download.epub`, auth);
    assert.equal(file.headers.get('content-type'), 'application/epub+zip');
    assert.match(await (await new Client(app).get(`/works/${id}/download.epub`)).text(), /could have adult content/);
  },
);
