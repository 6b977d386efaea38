// End-to-end: a guest filters the works listing in Chromium. The works are posted through the
// services before the browser starts; the guest ticks a rating, types a tag to include, presses
// "Sort and Filter", then excludes a warning from the tag sidebar. Screenshots at desktop and
// phone widths check the layout: sidebar beside the results, or below them behind a jump link.
//
// Run: node --import tsx --test e2e/filters.e2e.ts   (or: node scripts/test.mjs e2e/filters.e2e.ts)
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { journey, openPage, type BrowserPage } from './browser.js';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { createAccount } from '../src/services/create-account.js';
import { postWork } from '../src/services/post-work.js';
import { memberViewer } from '../src/policies/index.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');

const FANDOM = 'Gull Point (TV)';
const VIOLENCE = 'Graphic Depictions Of Violence';
const TEEN = 'Teen And Up Audiences';
/** Three works in the fandom (one warns for violence), and two elsewhere that the filter must drop. */
const WORKS = [
  {
    title: 'Lantern Season',
    rating: TEEN,
    warnings: ['No Archive Warnings Apply'],
    fandoms: [FANDOM],
    freeforms: ['Found Family'],
  },
  { title: 'Breakwater', rating: TEEN, warnings: [VIOLENCE], fandoms: [FANDOM], freeforms: ['Angst'] },
  {
    title: 'Tide Tables',
    rating: TEEN,
    warnings: ['No Archive Warnings Apply'],
    fandoms: [FANDOM],
    freeforms: ['Fluff'],
  },
  {
    title: 'Far Shore',
    rating: TEEN,
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Other Coast'],
    freeforms: ['Fluff'],
  },
  {
    title: 'Morning Ferry',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Other Coast'],
    freeforms: [],
  },
];
const IN_FANDOM = ['Breakwater', 'Lantern Season', 'Tide Tables'];

let server: Running | undefined;
let dataDir: string | undefined;
let opened: BrowserPage | undefined;
let page: Page;
const badResponses: string[] = [];
const { shot, step } = journey(() => page, ARTIFACTS, 'e2e-filters-failure.png', badResponses);

/** The titles of the blurbs on the page, sorted. */
async function listed(): Promise<string[]> {
  return (await page.locator('.results li.blurb h3.heading > a[href^="/works/"]').allInnerTexts())
    .map((s) => s.trim())
    .sort();
}

const headingCount = async () => Number(/\((\d+)\)/.exec(await page.locator('main h1').innerText())?.[1]);

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, 'e2e-filters-failure.png'), { force: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
  server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined },
    ),
  );
  // The works are posted through the services: quicker than typing them into the form.
  const db = server.database.db;
  const account = await createAccount(db, {
    username: `filters_${process.pid}`,
    email: `filters_${process.pid}@example.test`,
    password: 'lamp-oil and gulls 42',
    requireConsent: false,
  });
  if (!account.ok) throw new Error(`createAccount: ${JSON.stringify(account.errors)}`);
  const viewer = memberViewer({
    id: account.value.userId,
    username: `filters_${process.pid}`,
    isAdmin: false,
    isWrangler: false,
    viewAdult: false,
  });
  for (const w of WORKS) {
    const r = await postWork(db, viewer, {
      meta: { ...w, summary: 'Gulls, a lamp, a long afternoon.' },
      chapter: { body: 'The keeper counted the gulls on the rail.\n\nNothing else happened.' },
      draft: false,
    });
    if (!r.ok) throw new Error(`postWork ${w.title}: ${JSON.stringify(r.errors)}`);
  }
  opened = await openPage(server.url, badResponses);
  page = opened.page;
});

after(async () => {
  await opened?.close();
  await server?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

step('1. a guest opens /works and sees every work, with the sidebar beside the results', async () => {
  await page.goto('/works');
  assert.deepEqual(await listed(), WORKS.map((w) => w.title).sort());
  assert.equal(await headingCount(), WORKS.length);
  const results = await page.locator('.browse-grid > .results').boundingBox();
  const sidebar = await page.locator('.browse-grid > .sidebar').boundingBox();
  assert.ok(results && sidebar, 'the results and the sidebar are both on the page');
  assert.ok(
    sidebar.x >= results.x + results.width - 1,
    `the sidebar should be right of the results at 1200px (results ${JSON.stringify(results)}, sidebar ${JSON.stringify(sidebar)})`,
  );
  assert.ok(Math.abs(sidebar.y - results.y) < 5, 'the sidebar and the results start at the same height');
  await shot('e2e-filters-01-all.png');
});

step('2. ticking a rating and typing a tag to include, then "Sort and Filter", narrows the listing', async () => {
  const form = page.getByRole('form', { name: 'Filter works' });
  const include = form.getByRole('group', { name: 'Include', exact: true });
  await include.getByLabel(TEEN, { exact: true }).check();
  await include.getByLabel('Other tags to include').fill(FANDOM);
  await form.getByRole('button', { name: 'Sort and Filter' }).click();
  await page.waitForURL(/[?&]include=/);
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('rating'), [TEEN]);
  assert.deepEqual(url.searchParams.getAll('include'), [FANDOM]);
  assert.deepEqual(await listed(), IN_FANDOM);
  assert.equal(await headingCount(), 3);
  // The form shows what was chosen.
  assert.equal(await include.getByLabel(TEEN, { exact: true }).isChecked(), true);
  assert.equal(await include.getByLabel('Other tags to include').inputValue(), FANDOM);
  // The sidebar counts the tags of these results.
  const facets = page.getByRole('complementary', { name: 'Most used tags in these results' });
  assert.match(await facets.innerText(), new RegExp(`${VIOLENCE} \\(1\\)`));
  await shot('e2e-filters-02-filtered.png');
});

step('3. "exclude" next to the violence warning in the sidebar removes that work and keeps the others', async () => {
  await page.getByRole('link', { name: `Exclude ${VIOLENCE}`, exact: true }).click();
  await page.waitForURL(/[?&]exclude=/);
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('exclude'), [VIOLENCE]);
  assert.deepEqual(url.searchParams.getAll('include'), [FANDOM], 'the earlier filter is kept');
  const titles = await listed();
  assert.ok(!titles.includes('Breakwater'), 'the work warning for violence is still listed');
  assert.deepEqual(
    titles,
    IN_FANDOM.filter((t) => t !== 'Breakwater'),
  );
  assert.equal(await headingCount(), 2);
  // The exclusion shows as a ticked box in the form's Exclude section.
  const exclude = page.getByRole('group', { name: 'Exclude', exact: true });
  assert.equal(await exclude.getByLabel(VIOLENCE, { exact: true }).isChecked(), true);
  await shot('e2e-filters-03-excluded.png');
});

step(
  '4. on a phone the results come first, the filters below behind a jump link, without sideways scrolling',
  async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    assert.deepEqual(await listed(), ['Lantern Season', 'Tide Tables']);
    const results = await page.locator('.browse-grid > .results').boundingBox();
    const sidebar = await page.locator('.browse-grid > .sidebar').boundingBox();
    assert.ok(results && sidebar);
    assert.ok(
      results.y + results.height <= sidebar.y + 1,
      'on a phone the results come first and the filters below them',
    );
    assert.ok(await page.locator('a.jump-to-filters').isVisible(), 'a link jumps to the filters');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(
      scrollWidth <= innerWidth + 1,
      `the page scrolls sideways on a phone: scrollWidth ${scrollWidth} > ${innerWidth}`,
    );
    await shot('e2e-filters-04-phone.png');
    assert.deepEqual(badResponses, [], 'no page in the journey should have answered with an error status');
  },
);
