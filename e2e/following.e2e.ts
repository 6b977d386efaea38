// End-to-end: a reader keeps and follows. They bookmark a work with their own tags and notes, find
// it again by filtering their bookmarks, subscribe to a work; its writer posts a chapter in the
// chapter form, the reader finds the notification, the "1 new chapter" badge and resumes at the
// chapter they stopped at; the writer looks at their statistics' chart and its table. Real clicks
// in Chromium, on SQLite, or on PostgreSQL when following-postgres.e2e.ts sets QUIRE_E2E_DIALECT first.
//
// Run: node --import tsx --test e2e/following.e2e.ts   (or: node scripts/test.mjs e2e/following.e2e.ts)
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
import { buildUser, buildWork, neutralProse, type TestUser } from '../test/factories.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');
const DIALECT: ServedDialect = process.env.QUIRE_E2E_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const FAILURE_SHOT = `e2e-following-${DIALECT}-failure.png`;

let server: Running | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let readerPage: Page;
let writerPage: Page;
let page: Page;
let writer: TestUser;
let reader: TestUser;
let serial = 0;
let other = 0;
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
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: await servedDatabaseUrl(DIALECT, 'follow') },
    ),
  );
  const db = server.database.db;
  writer = await buildUser(db, { username: `lantern_writer_${process.pid}` });
  reader = await buildUser(db, { username: `lantern_reader_${process.pid}` });
  serial = await buildWork(db, writer, {
    meta: { title: 'The Lantern Road' },
    moreChapters: [{ body: neutralProse(2) }],
  });
  other = await buildWork(db, writer, { meta: { title: 'Salt and Cedar' } });
  browser = await launchChromium();
  readerPage = await newPage();
  writerPage = await newPage();
  page = readerPage;
  await logIn(readerPage, reader);
  await logIn(writerPage, writer);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

if (skip) console.log(`# following [${DIALECT}] skipped: ${skip}`);
else {
  step(`1. a reader bookmarks two works, one with tags and notes [${DIALECT}]`, async () => {
    page = readerPage;
    for (const [work, tags, notes] of [
      [serial, 'comfort read, reread', 'The crossing in chapter two.'],
      [other, 'someday', ''],
    ] as const) {
      await page.goto(`/works/${work}`);
      await page.getByRole('link', { name: 'Bookmarks' }).first().click();
      await page.getByLabel('Notes').fill(notes);
      await page.getByLabel('Your tags').fill(tags);
      await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
      await page.waitForURL(`**/works/${work}/bookmarks#bookmark-*`);
    }
    const mine = page.getByRole('article', { name: `Bookmark by ${reader.username}` });
    await mine.getByText('someday').waitFor();
  });

  step(`2. their bookmarks, filtered by one of their tags, show that work alone [${DIALECT}]`, async () => {
    await page.goto(`/users/${reader.username}/bookmarks`);
    await page.locator(`#work_${other}`).waitFor();
    await page.getByRole('textbox', { name: 'Bookmarker’s tags' }).fill('reread');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/bookmark_tags=reread/);
    await page.locator(`#work_${serial}`).getByText('The crossing in chapter two.').waitFor();
    assert.equal(await page.locator(`#work_${other}`).count(), 0);
  });

  step(`3. the reader reads to chapter 2 and subscribes [${DIALECT}]`, async () => {
    await page.goto(`/works/${serial}/chapters/2`);
    await page.getByRole('button', { name: 'Subscribe' }).first().click();
    await page.getByRole('button', { name: 'Unsubscribe' }).first().waitFor();
  });

  step(`4. the writer posts chapter 3 in the chapter form [${DIALECT}]`, async () => {
    page = writerPage;
    await page.goto(`/works/${serial}/chapters/new`);
    await page.getByLabel('Work text *').fill(neutralProse(1));
    await page.getByRole('button', { name: 'Save Chapter' }).click();
    await page.waitForURL(`**/works/${serial}/chapters/3`);
  });

  step(`5. the reader's notifications name the new chapter [${DIALECT}]`, async () => {
    page = readerPage;
    // The fan-out is a background job: the notification is there within moments, not at once.
    for (let tries = 0; ; tries++) {
      await page.goto('/inbox/notifications');
      if ((await page.getByText('Chapter 3 of').count()) > 0) break;
      assert.ok(tries < 50, 'no notification of chapter 3 after 50 looks');
      await page.waitForTimeout(200);
    }
    await page.getByRole('link', { name: 'The Lantern Road' }).first().waitFor();
  });

  step(`6. the works listing says 1 new chapter; the work resumes at chapter 2 [${DIALECT}]`, async () => {
    await page.goto('/works');
    const blurb = page.locator(`#work_${serial}`);
    assert.match(await blurb.locator('.new-chapters').innerText(), /^1 new chapter since you last read$/);
    await page.goto(`/works/${serial}`);
    await page.getByRole('link', { name: 'Resume at Chapter 2' }).click();
    await page.waitForURL(`**/works/${serial}/chapters/2`);
  });

  step(`7. the writer's statistics show a chart with its table [${DIALECT}]`, async () => {
    page = writerPage;
    await page.goto(`/users/${writer.username}/stats`);
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    await page.locator('svg[role="img"]').first().waitFor();
    const table = page.getByRole('region', { name: 'Figures per work' });
    await table.getByText('The Lantern Road').waitFor();
    await table.getByText('Salt and Cedar').waitFor();
  });
}
