// End-to-end: a writer signs up and confirms their address by the link an SMTP server received,
// posts an Explicit two-chapter work (with a preview first), logs out, and a guest reads it
// through the adult-content interstitial, chapter by chapter, as the entire work, and on a
// phone-sized screen; then the writer resets a forgotten password by mail, and reports a rude
// comment that a moderator hides before suspending its author. Real clicks and typing in Chromium.
//
// Run: node --import tsx --test e2e/archive.e2e.ts   (or: node scripts/test.mjs e2e/archive.e2e.ts)
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { journey, openPage, type BrowserPage } from './browser.js';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { linkIn, startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { buildUser } from '../test/factories.js';
import { commentOn } from '../test/leak-fixture.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');

// Everything typed into the forms. The prose is our own, short and neutral.
const USER = {
  username: `keeper_${process.pid}`,
  email: `keeper_${process.pid}@example.test`,
  password: 'lamp-oil and gulls 42',
};
const WORK = {
  title: 'The Keeper of Gull Point',
  rating: 'Explicit',
  warning: 'Rape/Non-Con',
  fandom: 'Original Work',
  summary: 'A lighthouse, a long winter, and a logbook.',
  notes: 'Written for a prompt about lighthouses.',
  endNotes: 'Thank you for reading to the end.',
  expectedChapters: '2',
};
const CH1 = [
  'The lighthouse on Gull Point had stood for ninety years, and every evening its keeper climbed the hundred and twelve steps to wind the clockwork.',
  'When the fog rolled in from the west, she lit the lamp early and listened for the foghorns of the fishing boats answering one another.',
];
const CH2_TITLE = 'The Supply Boat';
const CH2 = [
  'In the spring the supply boat brought paint, new rope, and a crate of oranges from the mainland.',
  'She painted the railing white and wrote the name of every passing boat in the logbook, one line each.',
];
const body = (paras: string[]) => paras.join('\n\n');

let server: Running | undefined;
let smtp: TestSmtp | undefined;
let dataDir: string | undefined;
let opened: BrowserPage | undefined;
let page: Page;
let workUrl = '';
/** Documents (not assets) that came back with an error status: shown when a step fails. */
const badResponses: string[] = [];
const { shot, step } = journey(() => page, ARTIFACTS, 'e2e-failure.png', badResponses);

const mainText = () => page.locator('main').innerText();

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, 'e2e-failure.png'), { force: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
  smtp = await startTestSmtp();
  server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined, smtpUrl: smtp.url },
    ),
  );
  // launch() gives the browser a fresh temporary profile and deletes it on close.
  opened = await openPage(server.url, badResponses);
  page = opened.page;
});

after(async () => {
  await opened?.close();
  await server?.close().catch(() => undefined);
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

step('1. a new member signs up and is logged in', async () => {
  await page.goto('/');
  await page.locator('header.site').getByRole('link', { name: 'Sign Up', exact: true }).click();
  await page.waitForURL('**/signup');
  await page.getByLabel('Username').fill(USER.username);
  await page.getByLabel('Email').fill(USER.email);
  await page.getByLabel('Password', { exact: true }).fill(USER.password);
  await page.getByLabel('Confirm password').fill(USER.password);
  await page.getByLabel('I am 13 years of age or older.').check();
  await page.getByLabel('I have read and accept the Terms of Service.').check();
  await page.getByRole('button', { name: 'Create Account' }).click();
  await page.waitForURL(`**/users/${USER.username}`);
  const header = page.locator('header.site');
  await header.getByRole('button', { name: 'Log Out' }).waitFor();
  await header.getByRole('link', { name: USER.username, exact: true }).waitFor();
  assert.equal(
    await header.getByRole('link', { name: 'Log In' }).count(),
    0,
    'the header still offers "Log In" after sign-up',
  );
});

/** Mails of the journey already looked at. */
let mailsRead = 0;

/** The link in the next mail the SMTP server received (the job runner sends it within moments). */
async function nextMailLink(pathPrefix: string): Promise<string> {
  for (let i = 0; i < 200 && smtp!.received.length <= mailsRead; i++) await new Promise((r) => setTimeout(r, 50));
  const mail = smtp!.received[mailsRead++];
  assert.ok(mail, 'no mail arrived');
  const link = linkIn(mail, pathPrefix);
  assert.ok(link, `the mail has no ${pathPrefix} link: ${mail.text}`);
  return link;
}

step('1b. the member confirms their address by the link in the mail', async () => {
  await page.getByText('Confirm your email address to post works and comment').waitFor();
  const link = await nextMailLink('/confirm?token=');
  await page.goto(link);
  await page.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
  assert.equal(await page.getByText('Confirm your email address to post').count(), 0, 'the banner stays');
});

step('2. the member previews, then posts a two-chapter Explicit work', async () => {
  await page.locator('header.site').getByRole('link', { name: 'Post New' }).click();
  await page.waitForURL('**/works/new');
  await page.getByLabel('Rating *').selectOption(WORK.rating);
  await page.getByLabel(WORK.warning).check();
  await page.getByLabel('Fandoms *').fill(WORK.fandom);
  await page.getByLabel('Work Title *').fill(WORK.title);
  await page.getByLabel('Summary', { exact: true }).fill(WORK.summary);
  await page.getByLabel('Beginning notes', { exact: true }).fill(WORK.notes);
  await page.getByLabel('End notes', { exact: true }).fill(WORK.endNotes);
  await page.getByLabel('Expected chapters').fill(WORK.expectedChapters);
  await page.getByLabel('Work text *').fill(body(CH1));

  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Preview' }).waitFor();
  const preview = page.getByRole('region', { name: 'Preview' });
  assert.equal((await preview.locator('h2.title').innerText()).trim(), WORK.title);
  const previewText = await preview.innerText();
  for (const p of CH1) assert.ok(previewText.includes(p), `the preview lacks the chapter text: ${p}`);
  assert.ok(previewText.includes(WORK.endNotes), 'the preview lacks the end notes');
  await shot('e2e-00-preview.png');

  // Nothing typed may be lost by previewing.
  assert.equal(await page.getByLabel('Work Title *').inputValue(), WORK.title);
  assert.equal(await page.getByLabel('Rating *').inputValue(), WORK.rating);
  assert.equal(await page.getByLabel(WORK.warning).isChecked(), true, 'the warning box was unticked by the preview');
  assert.equal(
    await page.locator('input[name=warnings]:checked').count(),
    1,
    'only the chosen warning should be ticked',
  );
  assert.equal(await page.getByLabel('Fandoms *').inputValue(), WORK.fandom);
  assert.equal(await page.getByLabel('Summary', { exact: true }).inputValue(), WORK.summary);
  assert.equal(await page.getByLabel('Beginning notes', { exact: true }).inputValue(), WORK.notes);
  assert.equal(await page.getByLabel('End notes', { exact: true }).inputValue(), WORK.endNotes);
  assert.equal(await page.getByLabel('Expected chapters').inputValue(), WORK.expectedChapters);
  assert.equal(await page.getByLabel('Work text *').inputValue(), body(CH1));

  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await page.waitForURL(/\/works\/\d+$/);
  workUrl = page.url();
  assert.equal((await page.locator('h1.title').innerText()).trim(), WORK.title);
  const posted = await mainText();
  for (const p of CH1) assert.ok(posted.includes(p), `the posted work lacks: ${p}`);
  assert.match(posted, /Chapters:\s*1\/2/);

  await page.getByRole('link', { name: 'Add Chapter' }).click();
  await page.waitForURL(/\/chapters\/new$/);
  await page.getByLabel('Chapter title (optional)').fill(CH2_TITLE);
  await page.getByLabel('Work text *').fill(body(CH2));
  await page.getByRole('button', { name: 'Save Chapter' }).click();
  await page.waitForURL(/\/works\/\d+\/chapters\/2$/);
  assert.ok(page.url().startsWith(`${workUrl}/chapters/`), `chapter 2 landed on another work: ${page.url()}`);
  const ch2 = await mainText();
  assert.ok(ch2.includes(`Chapter 2: ${CH2_TITLE}`), 'chapter 2 heading missing');
  for (const p of CH2) assert.ok(ch2.includes(p), `chapter 2 lacks: ${p}`);
  assert.match(ch2, /Chapters:\s*2\/2/);
});

step('3. the member logs out', async () => {
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).click();
  await page.waitForURL(`${server!.url}/`);
  const header = page.locator('header.site');
  await header.getByRole('link', { name: 'Log In', exact: true }).waitFor();
  assert.equal(await header.getByRole('button', { name: 'Log Out' }).count(), 0, 'still logged in after "Log Out"');
});

step('4. a guest opening the work meets the interstitial, not the text', async () => {
  await page.goto(workUrl);
  const gate = page.getByRole('dialog', { name: 'This work could have adult content.' });
  await gate.waitFor();
  assert.equal((await gate.locator('dd.rating').innerText()).trim(), WORK.rating);
  assert.equal((await gate.locator('dd.warning').innerText()).trim(), WORK.warning);
  const html = await page.content();
  for (const p of [...CH1, ...CH2]) assert.ok(!html.includes(p), `the interstitial leaks the work text: ${p}`);
  assert.ok(!html.includes(WORK.endNotes), 'the interstitial leaks the end notes');
  await shot('e2e-01-interstitial.png');
});

step('5. "Yes, Continue" shows chapter 1; "Next Chapter" shows chapter 2 without asking again', async () => {
  await page.getByRole('link', { name: 'Yes, Continue' }).click();
  await page.locator('h1.title').waitFor();
  const ch1 = await mainText();
  for (const p of CH1) assert.ok(ch1.includes(p), `chapter 1 lacks: ${p}`);
  assert.ok(!ch1.includes(CH2[0]!), 'chapter 1 page shows chapter 2 text');

  await page.getByRole('link', { name: 'Next Chapter →' }).first().click();
  await page.waitForURL(/\/chapters\/2$/);
  assert.equal(await page.getByRole('dialog').count(), 0, 'the interstitial came back: the consent was not remembered');
  const ch2 = await mainText();
  for (const p of CH2) assert.ok(ch2.includes(p), `chapter 2 lacks: ${p}`);
  assert.ok(!ch2.includes(CH1[0]!), 'chapter 2 page shows chapter 1 text');
  await shot('e2e-02-chapter-2.png');
});

step('6. "Entire Work" shows both chapters and the end notes', async () => {
  await page.getByRole('link', { name: 'Entire Work' }).first().click();
  await page.waitForURL(/view_full_work=true/);
  assert.equal(await page.getByRole('dialog').count(), 0, 'the interstitial came back on the entire work');
  const all = await mainText();
  for (const p of [...CH1, ...CH2]) assert.ok(all.includes(p), `the entire work lacks: ${p}`);
  assert.ok(all.indexOf(CH1[1]!) < all.indexOf(CH2[0]!), 'chapters are out of order');
  const endNotes = page.locator('#work_endnotes');
  assert.ok((await endNotes.innerText()).includes(WORK.endNotes), 'the work end notes are missing');
  await shot('e2e-03-entire-work.png');
});

step('7. a guest can read the work on a phone without sideways scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.locator('h1.title').waitFor();
  const all = await mainText();
  assert.ok(all.includes(CH2[1]!), 'the work text is missing after reload at phone width');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.equal(innerWidth, 390);
  assert.ok(scrollWidth <= 390 + 1, `the page scrolls sideways on a phone: scrollWidth ${scrollWidth} > 390`);
  await shot('e2e-04-phone.png');
  assert.deepEqual(badResponses, [], 'no page in the journey should have answered with an error status');
});

step('8. the writer resets a forgotten password by the link in the mail, and logs in with it', async () => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(USER.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByRole('status').waitFor();
  const link = await nextMailLink('/password/reset?token=');
  await page.goto(link);
  const fresh = 'a new lamp wick 17';
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm the new password').fill(fresh);
  await page.getByRole('button', { name: 'Set Password' }).click();
  await page.getByRole('heading', { name: 'Password changed' }).waitFor();
  await page.getByRole('link', { name: 'Log in with the new password' }).click();
  await page.getByLabel('Username').fill(USER.username);
  await page.getByLabel('Password', { exact: true }).fill(fresh);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).waitFor();
});

step('9. the writer reports a rude comment; a moderator hides it and suspends its author', async () => {
  const db = server!.database.db;
  const rude = await buildUser(db, { username: `skua_${process.pid}` });
  const moderator = await buildUser(db, { username: `gannet_${process.pid}`, isModerator: true });
  const workId = Number(/\/works\/(\d+)/.exec(workUrl)?.[1]);
  await commentOn(db, rude, workId, 'A rude remark about the lighthouse.');

  await page.goto(`${workUrl}?view_full_work=true`);
  const comment = page.locator('li.comment', { hasText: 'A rude remark about the lighthouse.' });
  await comment.getByRole('link', { name: 'Report' }).click();
  await page.getByLabel('Harassment or threats').check();
  await page.getByLabel('Tell the moderators more').fill('The comment mocks the story and its readers.');
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.getByRole('heading', { name: 'Report sent' }).waitFor();
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).click();

  await page.goto('/login');
  await page.getByLabel('Username').fill(moderator.username);
  await page.getByLabel('Password', { exact: true }).fill(moderator.password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).waitFor();
  await page.goto('/moderation');
  await page
    .getByRole('link', { name: /^#\d+$/ })
    .first()
    .click();
  assert.match(await mainText(), /A rude remark about the lighthouse\./, 'the moderator sees what was reported');
  await page.getByRole('button', { name: 'Take it' }).click();
  await page.getByLabel('Reason (shown to the member)').fill('Unkind to other readers.');
  await page.getByRole('button', { name: 'Hide the comment' }).click();
  await page.getByText('This comment is hidden.').waitFor();
  await page.getByRole('link', { name: `Suspend or ban ${rude.username}` }).click();
  await page.getByLabel('How long').selectOption('7');
  await page.getByLabel('Reason (shown to the member)').fill('Unkind comments.');
  await page.getByRole('button', { name: 'Suspend' }).click();
  await page.getByRole('button', { name: 'Resolve' }).click();
  assert.match(await mainText(), /State\s+Resolved/);
  await shot('e2e-05-report-resolved.png');
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).click();

  // Readers no longer see it; its author is told why and until when, and cannot comment.
  await page.goto(`${workUrl}?view_full_work=true&view_adult=true`);
  assert.ok(!(await mainText()).includes('A rude remark'), 'the hidden comment still shows to a guest');
  await page.goto('/login');
  await page.getByLabel('Username').fill(rude.username);
  await page.getByLabel('Password', { exact: true }).fill(rude.password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.getByText(/A moderator has suspended your account until/).waitFor();
  await page.goto(`${workUrl}?view_full_work=true&view_adult=true`);
  assert.match(await mainText(), /Your account is suspended: you can read, but not comment/);
  assert.deepEqual(badResponses, [], 'no page in the journey should have answered with an error status');
});
