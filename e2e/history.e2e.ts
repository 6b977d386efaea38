// End-to-end: a reader picks up where they stopped. They read a work to its second chapter, its writer
// posts a third, the reader sees "1 new chapter since you last read" on the works listing, resumes
// at chapter 2 from the work's first page, marks the work for later and finds it in their history.
// Real clicks in Chromium, on SQLite, or on PostgreSQL when history-postgres.e2e.ts sets
// QUIRE_E2E_DIALECT first.
//
// Run: node --import tsx --test e2e/history.e2e.ts   (or: node scripts/test.mjs e2e/history.e2e.ts)
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
import { addChapter } from '../src/services/chapters.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');
const DIALECT: ServedDialect = process.env.QUIRE_E2E_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const FAILURE_SHOT = `e2e-history-${DIALECT}-failure.png`;

let server: Running | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
let writer: TestUser;
let reader: TestUser;
let work = 0;
const badResponses: string[] = [];
const { step } = journey(() => page, ARTIFACTS, FAILURE_SHOT, badResponses);
const skip = servedSkip(DIALECT);

before(async () => {
  if (skip) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, FAILURE_SHOT), { force: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
  server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: await servedDatabaseUrl(DIALECT, 'history') },
    ),
  );
  const db = server.database.db;
  writer = await buildUser(db, { username: `beacon_writer_${process.pid}` });
  reader = await buildUser(db, { username: `beacon_reader_${process.pid}` });
  work = await buildWork(db, writer, {
    meta: { title: 'The Beacon Keeper' },
    moreChapters: [{ body: neutralProse(2) }],
  });
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  page = await context.newPage();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.status() >= 500)
      badResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
});

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

if (skip) console.log(`# history [${DIALECT}] skipped: ${skip}`);
else {
  step(`1. a member reads a work up to its second chapter [${DIALECT}]`, async () => {
    await page.goto('/login');
    await page.getByLabel('Username').fill(reader.username);
    await page.getByLabel('Password').fill(reader.password);
    await page.getByRole('button', { name: 'Log In' }).click();
    await page.locator('header.site').getByRole('button', { name: 'Log Out' }).waitFor();
    await page.goto(`/works/${work}`);
    assert.equal(await page.getByRole('link', { name: /Resume at Chapter/ }).count(), 0);
    await page.getByRole('link', { name: 'Next Chapter →' }).first().click();
    await page.waitForURL(`**/works/${work}/chapters/2`);
  });

  step(`2. its writer posts a chapter; the listing says so [${DIALECT}]`, async () => {
    const added = await addChapter(server!.database.db, writer.viewer(), work, { body: neutralProse(1) });
    assert.ok(added.ok);
    await page.goto('/works');
    const blurb = page.locator(`#work_${work}`);
    await blurb.getByText('since you last read').waitFor();
    assert.match(await blurb.locator('.new-chapters').innerText(), /^1 new chapter since you last read$/);
  });

  step(`3. the work's first page offers to resume at chapter 2 [${DIALECT}]`, async () => {
    await page.goto(`/works/${work}`);
    await page.getByRole('link', { name: 'Resume at Chapter 2' }).click();
    await page.waitForURL(`**/works/${work}/chapters/2`);
  });

  step(`4. marked for later, it is in the history's Marked for Later [${DIALECT}]`, async () => {
    await page.getByRole('button', { name: 'Mark for Later' }).click();
    await page.getByRole('button', { name: 'Mark as Read' }).waitFor();
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Marked for Later' }).click();
    await page.getByRole('heading', { name: 'Marked for Later' }).waitFor();
    await page.locator(`#work_${work}`).getByText('Marked for Later').waitFor();
    await page.getByRole('link', { name: 'Full History' }).click();
    assert.match(await page.locator(`#work_${work} .reading-line`).innerText(), /Last read Chapter \d/);
  });
}
