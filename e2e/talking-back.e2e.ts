// End-to-end: readers talk back. A guest leaves kudos and a comment (watching the character count),
// the writer sees the inbox count, replies as the work's creator, approves a held comment, and a
// member the writer blocked is refused. Real clicks and typing in Chromium, on SQLite, or on
// PostgreSQL when talking-back-postgres.e2e.ts sets QUIRE_E2E_DIALECT first.
//
// Run: node --import tsx --test e2e/talking-back.e2e.ts   (or: node scripts/test.mjs e2e/talking-back.e2e.ts)
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { journey, launchChromium } from './browser.js';
import { servedDatabaseUrl, servedSkip, type ServedDialect } from '../test/served-db.js';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { buildUser, buildWork, type TestUser } from '../test/factories.js';
import { blockUser } from '../src/services/blocklist.js';
import { setCommentSettings } from '../src/services/comments.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');
const DIALECT: ServedDialect = process.env.QUIRE_E2E_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const FAILURE_SHOT = `e2e-talking-back-${DIALECT}-failure.png`;

let server: Running | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let guest: Page;
let writerPage: Page;
let page: Page;
let writer: TestUser;
let pest: TestUser;
let open = 0;
let moderated = 0;
const badResponses: string[] = [];
const { step } = journey(() => page, ARTIFACTS, FAILURE_SHOT, badResponses);
const skip = servedSkip(DIALECT);

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  contexts.push(context);
  const p = await context.newPage();
  p.on('response', (r) => {
    // Refusals the journey asks for are expected: only unexpected ones are worth reporting.
    if (r.request().resourceType() === 'document' && r.status() >= 500)
      badResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return p;
}

async function logIn(p: Page, user: TestUser): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Username').fill(user.username);
  await p.getByLabel('Password').fill(user.password);
  await p.getByRole('button', { name: 'Log In' }).click();
  await p.locator('header.site').getByRole('button', { name: 'Log Out' }).waitFor();
}

before(async () => {
  if (skip) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, FAILURE_SHOT), { force: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
  server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: await servedDatabaseUrl(DIALECT, 'talk') },
    ),
  );
  const db = server.database.db;
  writer = await buildUser(db, { username: `foghorn_writer_${process.pid}` });
  pest = await buildUser(db, { username: `foghorn_pest_${process.pid}` });
  open = await buildWork(db, writer, { meta: { title: 'The Foghorn' } });
  moderated = await buildWork(db, writer, { meta: { title: 'Tide Tables' } });
  const held = await setCommentSettings(db, writer.viewer(), moderated, { who: 'everyone', moderated: true });
  assert.ok(held.ok);
  assert.ok((await blockUser(db, writer.viewer(), pest.username)).ok);
  browser = await launchChromium();
  guest = await newPage();
  writerPage = await newPage();
  page = guest;
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// Without a server to serve PostgreSQL from, the PostgreSQL run has no steps (servedSkip says why).
if (skip) console.log(`# talking-back [${DIALECT}] skipped: ${skip}`);
else {
  step(`1. a guest leaves kudos on a work [${DIALECT}]`, async () => {
    page = guest;
    await guest.goto(`/works/${open}`);
    await guest.getByRole('button', { name: 'Kudos ♥' }).click();
    await guest.getByText('You left kudos on this work.').waitFor();
    assert.match(await guest.locator('.kudos-givers').innerText(), /1 guest left kudos on this work!/);
    assert.equal(await guest.locator('dd.kudos').innerText(), '1');
  });

  step(`2. the guest comments with a name, watching the characters left [${DIALECT}]`, async () => {
    await guest.getByLabel('Your name').fill('Wren');
    await guest.getByLabel('Your e-mail address').fill('wren@example.org');
    const text = 'The foghorn chapter was just right.';
    await guest.getByLabel('Comment', { exact: true }).fill(text);
    await guest
      .locator('#comment_body-count')
      .getByText(`${(10_000 - text.length).toLocaleString('en')} characters left`)
      .waitFor();
    await guest.getByRole('button', { name: 'Comment', exact: true }).click();
    await guest.waitForURL('**/comments/*');
    await guest.getByText(text).waitFor();
    assert.match(await guest.locator('.byline').first().innerText(), /Wren \(Guest\)/);
    assert.doesNotMatch(await guest.content(), /wren@example\.org/);
  });

  step(`3. the writer sees the inbox count and replies as the creator [${DIALECT}]`, async () => {
    page = writerPage;
    await logIn(writerPage, writer);
    const inbox = writerPage.locator('header.site a.inbox-link');
    const label = async () => ((await inbox.textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(await label(), /Inbox \(1 unread\)/, 'what a screen reader says');
    await inbox.click();
    await writerPage.getByText('Wren (Guest) commented on').waitFor();
    await writerPage.getByRole('link', { name: 'Reply' }).first().click();
    await writerPage.getByLabel('Reply').fill('Thank you for listening to it.');
    await writerPage.getByRole('button', { name: 'Comment', exact: true }).click();
    await writerPage.waitForURL('**/comments/*');
    await writerPage.getByText('Thank you for listening to it.').waitFor();
    assert.match(await writerPage.locator('.creator-mark').first().innerText(), /Creator/);
    // Opening the comment read it: the count is gone.
    assert.doesNotMatch(await label(), /unread/);
    page = guest;
    await guest.goto(`/works/${open}`);
    await guest.locator('#comments .replies').getByText('Thank you for listening to it.').waitFor();
  });

  step(`4. a comment on a moderated work waits until the writer approves it [${DIALECT}]`, async () => {
    await guest.goto(`/works/${moderated}`);
    await guest.getByLabel('Your name').fill('Wren');
    await guest.getByLabel('Your e-mail address').fill('wren@example.org');
    await guest.getByLabel('Comment', { exact: true }).fill('Do the tides ever change?');
    await guest.getByRole('button', { name: 'Comment', exact: true }).click();
    await guest.getByText('It will appear once the work’s creator approves it.').waitFor();
    await guest.goto(`/works/${moderated}`);
    assert.doesNotMatch(await guest.locator('#comments').innerText(), /Do the tides ever change\?/);

    page = writerPage;
    await writerPage.goto(`/works/${moderated}`);
    await writerPage.getByRole('link', { name: 'Comment settings and comments awaiting approval' }).click();
    await writerPage.getByRole('heading', { name: 'Awaiting approval (1)' }).waitFor();
    await writerPage.getByRole('button', { name: 'Approve' }).click();
    await writerPage.waitForURL(`**/works/${moderated}/comments`);
    page = guest;
    await guest.goto(`/works/${moderated}`);
    await guest.locator('#comments').getByText('Do the tides ever change?').waitFor();
  });

  step(`5. a member the writer blocked can neither comment nor leave kudos [${DIALECT}]`, async () => {
    const pestPage = await newPage();
    page = pestPage;
    await logIn(pestPage, pest);
    await pestPage.goto(`/works/${open}`);
    await pestPage.getByText('You can’t comment here: you have been blocked').waitFor();
    assert.equal(await pestPage.locator('form.comment-form').count(), 0);
    await pestPage.getByRole('button', { name: 'Kudos ♥' }).click();
    await pestPage.getByText('the work’s creator has blocked you').waitFor();
    await pestPage.goto(`/works/${open}`);
    assert.equal(await pestPage.locator('dd.kudos').innerText(), '1', 'no kudos was stored');
  });
}
