import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { countRows } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { DEFAULT_RATE_LIMITS, TOO_MANY_PER_HOUR, rateLimitsFrom } from '../services/rate-limits.js';
import { escapeHtml } from '../domain/escape-html.js';

const signup = (username: string) => ({
  username,
  email: `${username}@example.test`,
  password: 'mudflat-walk-9',
  passwordConfirmation: 'mudflat-walk-9',
  confirmAge: '1',
  acceptTerms: '1',
});

const workForm = (title: string) => ({
  title,
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  language: 'en',
  body: 'The heron waited at the edge of the water.',
  action: 'post',
});

eachDialect(
  'limits per hour: sign-ups per address, works and chapters per account; 429 keeps the form',
  async ({ db }) => {
    const limits = { ...DEFAULT_RATE_LIMITS, signupsPerAddress: 2, worksPerAccount: 1, chaptersPerAccount: 1 };
    const app = testApp(db, {}, { rateLimits: limits });
    for (const name of ['egret_one', 'egret_two'])
      assert.equal((await new Client(app).post('/signup', signup(name))).status, 303);
    const third = await new Client(app).post('/signup', signup('egret_three'));
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('retry-after'), '3600');
    const page = await third.text();
    assert.ok(page.includes(escapeHtml(TOO_MANY_PER_HOUR.signup)));
    assert.match(page, /value="egret_three"/);
    assert.equal(await countRows(db, 'users'), 2);

    const writer = await buildUser(db);
    const client = new Client(app);
    await client.login(writer.username, writer.password);
    assert.equal((await client.post('/works/new', workForm('First Light'))).status, 303);
    const second = await client.post('/works/new', workForm('Second Light'));
    assert.equal(second.status, 429);
    const form = await second.text();
    assert.ok(form.includes(escapeHtml(TOO_MANY_PER_HOUR.work)));
    assert.match(form, /value="Second Light"/, 'the text is still in the form');
    assert.equal(await countRows(db, 'works'), 1);
    // A preview saves nothing, so it is not counted.
    assert.equal((await client.post('/works/new', { ...workForm('Third'), action: 'preview' })).status, 200);

    const workId = await buildWork(db, writer);
    const chapter = { chapterTitle: 'Ebb', body: 'The water went out again.' };
    const path = `/works/${workId}/chapters/new`;
    assert.equal((await client.post(path, chapter, { csrfFrom: path })).status, 303);
    const more = await client.post(path, chapter, { csrfFrom: path });
    assert.equal(more.status, 429);
    assert.ok((await more.text()).includes(escapeHtml(TOO_MANY_PER_HOUR.chapter)));
    assert.equal(await countRows(db, 'chapters'), 3);
  },
);

test('QUIRE_RATE_LIMITS changes named limits and refuses anything else with its reason', () => {
  assert.equal(rateLimitsFrom(undefined), DEFAULT_RATE_LIMITS);
  const set = rateLimitsFrom('{"commentsPerAccount":20,"worksPerAccount":5}');
  assert.equal(set.commentsPerAccount, 20);
  assert.equal(set.worksPerAccount, 5);
  assert.equal(set.kudosPerAccount, DEFAULT_RATE_LIMITS.kudosPerAccount);
  assert.throws(() => rateLimitsFrom('commentsPerAccount=20'), /must be JSON/);
  assert.throws(() => rateLimitsFrom('{"commentsPerHour":20}'), /commentsPerHour|Unrecognized/);
  assert.throws(() => rateLimitsFrom('{"worksPerAccount":-1}'), /worksPerAccount/);
  assert.throws(() => rateLimitsFrom('{"worksPerAccount":1.5}'), /worksPerAccount/);
});
