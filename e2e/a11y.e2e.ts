// Accessibility: axe-core checks every page type in Chromium, as a guest, a member and a tag
// wrangler, and fails on any violation of its default rules (WCAG 2.x A/AA and best practices),
// whatever its impact. The archive is seeded through the services and factories first; forms that
// lead to another state (a preview, validation errors, a new token) are sent in the browser.
//
// A new page joins PAGE_STATES; the last test fails when a page route has no state there.
//
// Run: node --import tsx --test e2e/a11y.e2e.ts   (or: node scripts/test.mjs e2e/a11y.e2e.ts)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { axeViolations, formatViolations } from './axe.js';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { buildUser, buildWork, neutralProse, toolWrites, type TestUser } from '../test/factories.js';
import { testApp } from '../test/http.js';
import { addPseud } from '../src/services/add-pseud.js';
import { wrangleTag, type WrangleAction } from '../src/services/wrangle-tag.js';
import { blockTag, muteUser } from '../src/services/blocklist.js';
import { saveFilter } from '../src/services/saved-filters.js';
import { createAccessToken } from '../src/services/access-tokens.js';
import { readWork } from '../src/services/read-work.js';
import { leaveKudos } from '../src/services/kudos.js';
import { postComment, setCommentSettings } from '../src/services/comments.js';
import { fileReport } from '../src/services/reports.js';
import { DEFAULT_RATE_LIMITS } from '../src/services/rate-limits.js';
import { bookmarkWork } from '../src/services/bookmarks.js';
import { bookmarkExternalWork } from '../src/services/bookmark-targets.js';
import { ReadingRecorder } from '../src/services/reading-recorder.js';
import { markForLater, recordReading } from '../src/services/reading-history.js';
import { memberViewer } from '../src/policies/index.js';
import { subscribe } from '../src/services/subscriptions.js';
import { createSearchState } from '../src/search/search-state.js';
import { addChapter } from '../src/services/chapters.js';
import { notificationRows } from '../test/inspect.js';
import { tagToUrlSegment } from '../src/domain/tags.js';
import { servedDatabaseUrl, servedSkip } from '../test/served-db.js';

const ARTIFACTS = path.resolve(process.env.QUIRE_ARTIFACTS ?? 'test-artifacts');

const FANDOM = 'Gull Point (TV)';
const CHARACTER = 'The Keeper';
const RELATIONSHIP = 'The Keeper/The Ferryman';
const UNWRANGLED = 'The Ferryman';
const SYNONYM = 'Slowburn';
const CANONICAL = 'Slow Burn';
const SUB_TAG = 'Tooth-Rotting Fluff';
const META_TAG = 'Fluff';
const SERIES = ['The Lighthouse Cycle', 'Winter Logbooks'];
const SEARCH = 'lighthouse';

type Who = 'guest' | 'member' | 'wrangler' | 'admin';

interface Seeded {
  member: TestUser;
  wrangler: TestUser;
  admin: TestUser;
  pseud: string;
  /** A one-chapter work in the first series. */
  single: number;
  /** Three chapters with notes and summaries, in both series. */
  multi: number;
  /** Explicit: guests and members who did not opt in meet the interstitial. */
  explicit: number;
  draft: number;
  restricted: number;
  /** Deleted by one of the states. */
  doomed: number;
  /** By a member the member muted, with a tag the member blocked. */
  blocked: number;
  series: number;
  /** The wrangler's comment on `single`, with the creator's reply under it. */
  comment: number;
  /** A General Audiences work hosted elsewhere, bookmarked by the wrangler. */
  externalWork: number;
  /** The member's report of the wrangler's comment. */
  report: number;
}

interface PageState {
  name: string;
  viewer: Who;
  path: string | ((s: Seeded) => string);
  /** The status the page answers with; 200 unless given. Not checked after `act`. */
  status?: number;
  /** Steps after opening `path` that lead to the state checked (filling and sending a form). */
  act?: (page: Page) => Promise<void>;
  /** Checked on a phone-sized screen, where some pages lay out (and hide) parts differently. */
  phone?: boolean;
  /** A selector the page must match: the part of the state that makes it worth checking. */
  shows?: string;
}

const tagPath = (name: string) => `/tags/${tagToUrlSegment(name)}`;
const work =
  (pick: (s: Seeded) => number, rest = '') =>
  (s: Seeded) =>
    `/works/${pick(s)}${rest}`;
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
const errorSummary = (page: Page) => page.locator('.error-summary').first().waitFor();

/** Every page type, in the states a reader meets it in. */
const PAGE_STATES: PageState[] = [
  // Listings and search
  { name: 'home', viewer: 'guest', path: '/' },
  { name: 'home', viewer: 'member', path: '/' },
  { name: 'works listing', viewer: 'guest', path: '/works' },
  { name: 'works listing with the blocklist notice', viewer: 'member', path: '/works', shows: '.notice.blocked' },
  {
    name: 'works listing, filtered',
    viewer: 'guest',
    path: `/works?rating=Teen+And+Up+Audiences&include=${encodeURIComponent(FANDOM)}&exclude=Explicit&sort=title&complete=false&wordsFrom=10`,
  },
  { name: 'works listing on a phone', viewer: 'guest', path: '/works', phone: true },
  {
    name: 'works listing, nothing matches, with a filter message',
    viewer: 'guest',
    path: '/works?include=No+Such+Tag+At+All&updatedFrom=yesterday',
  },
  {
    name: 'search with results and snippets',
    viewer: 'guest',
    path: `/search?q=${SEARCH}`,
    shows: 'li.blurb .snippet mark',
  },
  {
    name: 'search with results and snippets',
    viewer: 'member',
    path: `/search?q=${SEARCH}`,
    shows: 'li.blurb .snippet mark',
  },
  { name: 'search, empty', viewer: 'guest', path: '/search' },
  { name: 'tag works listing', viewer: 'guest', path: `${tagPath(FANDOM)}/works` },
  { name: 'tag works listing', viewer: 'member', path: `${tagPath(FANDOM)}/works` },
  { name: 'series', viewer: 'guest', path: (s) => `/series/${s.series}` },
  { name: 'series', viewer: 'member', path: (s) => `/series/${s.series}` },
  // Tags and wrangling
  { name: 'canonical fandom tag', viewer: 'guest', path: tagPath(FANDOM) },
  { name: 'character tag with a parent fandom', viewer: 'guest', path: tagPath(CHARACTER) },
  { name: 'synonym tag', viewer: 'guest', path: tagPath(SYNONYM) },
  { name: 'sub tag with a meta tag', viewer: 'guest', path: tagPath(SUB_TAG) },
  { name: 'canonical tag with a synonym', viewer: 'guest', path: tagPath(CANONICAL) },
  { name: 'relationship tag', viewer: 'guest', path: tagPath(RELATIONSHIP) },
  { name: 'rating tag', viewer: 'guest', path: tagPath('Explicit') },
  { name: 'rating tag works listing', viewer: 'member', path: `${tagPath('Teen And Up Audiences')}/works` },
  {
    name: 'fandom tag with wrangling tools',
    viewer: 'wrangler',
    path: tagPath(FANDOM),
    shows: 'section.wrangling form',
  },
  { name: 'unwrangled tag with wrangling tools', viewer: 'wrangler', path: tagPath(UNWRANGLED) },
  { name: 'synonym tag with wrangling tools', viewer: 'wrangler', path: tagPath(SYNONYM) },
  { name: 'sub tag with wrangling tools', viewer: 'wrangler', path: tagPath(SUB_TAG) },
  {
    name: 'wrangling form sent without a tag',
    viewer: 'wrangler',
    path: tagPath(UNWRANGLED),
    act: async (page) => {
      await page.getByRole('button', { name: 'Make synonym of' }).click();
      await page.getByRole('alert').waitFor();
    },
  },
  { name: 'unwrangled tags of a fandom', viewer: 'wrangler', path: `${tagPath(FANDOM)}/unwrangled`, shows: 'tbody tr' },
  { name: 'wrangling log', viewer: 'wrangler', path: '/wrangling', shows: 'main li' },
  { name: 'wrangling log refused', viewer: 'guest', path: '/wrangling', status: 403 },
  // People
  { name: 'user', viewer: 'guest', path: (s) => `/users/${s.member.username}` },
  { name: 'own user page', viewer: 'member', path: (s) => `/users/${s.member.username}` },
  {
    name: 'user page with the mute button',
    viewer: 'wrangler',
    path: (s) => `/users/${s.member.username}`,
    shows: 'form[action="/account/blocklist/mute"]',
  },
  { name: 'pseud', viewer: 'guest', path: (s) => `/users/${s.member.username}/pseuds/${encodeURIComponent(s.pseud)}` },
  { name: 'drafts', viewer: 'member', path: (s) => `/users/${s.member.username}/drafts` },
  { name: 'new pseud form', viewer: 'member', path: (s) => `/users/${s.member.username}/pseuds/new` },
  {
    name: 'co-creator requests, one waiting',
    viewer: 'wrangler',
    path: (s) => `/users/${s.wrangler.username}/co-creator-requests`,
    shows: 'ul.co-creator-requests li',
  },
  {
    name: 'co-creator requests, none',
    viewer: 'member',
    path: (s) => `/users/${s.member.username}/co-creator-requests`,
  },
  // Reading
  { name: 'one-chapter work', viewer: 'guest', path: work((s) => s.single) },
  { name: 'multi-chapter work, chapter 1', viewer: 'guest', path: work((s) => s.multi), shows: 'nav.chapters' },
  { name: 'chapter 2 of 3', viewer: 'guest', path: work((s) => s.multi, '/chapters/2') },
  { name: 'chapter 2 of 3 on a phone', viewer: 'guest', path: work((s) => s.multi, '/chapters/2'), phone: true },
  { name: 'last chapter, with end notes', viewer: 'guest', path: work((s) => s.multi, '/chapters/3') },
  {
    name: 'entire work',
    viewer: 'guest',
    path: work((s) => s.multi, '?view_full_work=true'),
    shows: '#chapter-3 .module.notes',
  },
  { name: 'adult-content interstitial', viewer: 'guest', path: work((s) => s.explicit), shows: '[role="dialog"]' },
  { name: 'adult-content interstitial', viewer: 'wrangler', path: work((s) => s.explicit), shows: '[role="dialog"]' },
  { name: 'adult work after the interstitial', viewer: 'guest', path: work((s) => s.explicit, '?view_adult=true') },
  {
    name: 'own multi-chapter work with creator tools',
    viewer: 'member',
    path: work((s) => s.multi),
    shows: '.actions a[href$="/edit"]',
  },
  { name: 'own entire work with creator tools', viewer: 'member', path: work((s) => s.multi, '?view_full_work=true') },
  { name: 'own draft', viewer: 'member', path: work((s) => s.draft) },
  { name: 'members-only work', viewer: 'wrangler', path: work((s) => s.restricted) },
  {
    name: 'work hidden by the blocklist',
    viewer: 'member',
    path: work((s) => s.blocked),
    shows: '[role="alertdialog"]',
  },
  { name: 'missing chapter', viewer: 'guest', path: work((s) => s.multi, '/chapters/9'), status: 404 },
  // Kudos and comments
  {
    name: 'work with kudos and comments',
    viewer: 'guest',
    path: work((s) => s.single),
    shows: '#comments .replies .comment',
  },
  {
    name: 'work with the comment form',
    viewer: 'wrangler',
    path: work((s) => s.single),
    shows: '#comments form.comment-form',
  },
  {
    name: 'comment not posted, text kept',
    viewer: 'wrangler',
    path: work((s) => s.single),
    status: 422,
    act: async (page) => {
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      await errorSummary(page);
    },
  },
  { name: 'all comments of a work', viewer: 'guest', path: work((s) => s.single, '/comments') },
  // Bookmarks
  { name: 'bookmarks of a work', viewer: 'guest', path: work((s) => s.single, '/bookmarks'), shows: '.bookmarks .rec' },
  {
    name: 'bookmark form with an error',
    viewer: 'member',
    path: work((s) => s.single, '/bookmarks'),
    status: 422,
    act: async (page) => {
      await page.getByLabel('Your tags').fill('fine, not*fine');
      await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
      await errorSummary(page);
    },
  },
  {
    name: 'a member’s bookmarks, filtered',
    viewer: 'guest',
    path: (s) => `/users/${s.wrangler.username}/bookmarks?bookmark_tags=comfort+read&rec=1`,
    shows: '.own-bookmark .rec',
  },
  {
    name: 'own bookmarks of series',
    viewer: 'wrangler',
    path: (s) => `/users/${s.wrangler.username}/bookmarks?type=series`,
  },
  {
    name: 'bookmarks of a series',
    viewer: 'member',
    path: (s) => `/series/${s.series}/bookmarks`,
    shows: '#bookmark-form',
  },
  {
    name: 'external work form with an error',
    viewer: 'member',
    path: '/external_works/new',
    status: 422,
    act: async (page) => {
      await page.getByLabel('URL').fill('javascript:alert(1)');
      await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
      await errorSummary(page);
    },
  },
  {
    name: 'external work with its bookmark',
    viewer: 'member',
    path: '/external_works/new',
    act: async (page) => {
      await page.getByLabel('URL').fill('https://example.org/the-far-lamp');
      await page.getByLabel('Title').fill('The Far Lamp');
      await page.getByLabel('Creator').fill('elsewhere');
      await page.getByLabel('Fandoms').fill('Original Work');
      // Not Rated, the form's default, would put the new page behind the adult gate.
      await page.getByLabel('Rating').selectOption('General Audiences');
      await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
      await heading(page, 'The Far Lamp');
    },
  },
  {
    name: 'an external work bookmarked by another member',
    viewer: 'member',
    path: (s) => `/external_works/${s.externalWork}`,
    shows: '.external-work',
  },
  {
    name: 'comment thread with the reply form',
    viewer: 'wrangler',
    path: (s) => `/comments/${s.comment}`,
    shows: '#reply',
  },
  { name: 'comment thread', viewer: 'guest', path: (s) => `/comments/${s.comment}`, shows: '.creator-mark' },
  { name: 'comment edit form', viewer: 'wrangler', path: (s) => `/comments/${s.comment}/edit` },
  {
    name: 'comments awaiting approval and settings',
    viewer: 'member',
    path: work((s) => s.multi, '/comments/manage'),
    shows: '.comment.held',
  },
  { name: 'inbox with unread items', viewer: 'member', path: '/inbox', shows: '.inbox-item.unread' },
  // History (the wrangler read chapter 2 of `multi` and marked `single` for later)
  {
    name: 'work page offering to resume',
    viewer: 'wrangler',
    path: work((s) => s.multi),
    shows: '.reading a.resume',
  },
  {
    name: 'reading history',
    viewer: 'wrangler',
    path: (s) => `/users/${s.wrangler.username}/history`,
    shows: '.reading-line',
  },
  {
    name: 'marked for later',
    viewer: 'wrangler',
    path: (s) => `/users/${s.wrangler.username}/history?show=later`,
    shows: '.reading-line',
  },
  // Subscriptions (the wrangler follows `multi` and its creator; the member posted a chapter since)
  {
    name: 'work page with the Unsubscribe button',
    viewer: 'wrangler',
    path: work((s) => s.multi),
    shows: 'form.subscribe',
  },
  {
    name: 'notifications with an unread one',
    viewer: 'wrangler',
    path: '/inbox/notifications',
    shows: '.inbox-item.unread',
  },
  {
    name: 'own subscriptions with their feeds',
    viewer: 'wrangler',
    path: (s) => `/users/${s.wrangler.username}/subscriptions`,
    shows: '.subscription-list li',
  },
  { name: 'no subscriptions yet', viewer: 'member', path: (s) => `/users/${s.member.username}/subscriptions` },
  // A writer's statistics (the member's works have hits, kudos and comments from the seed)
  {
    name: 'statistics with the chart and its table',
    viewer: 'member',
    path: (s) => `/users/${s.member.username}/stats`,
    shows: 'figure.stats-chart svg[role="img"]',
  },
  {
    name: 'statistics of one work by month, sorted by title',
    viewer: 'member',
    path: (s) => `/users/${s.member.username}/stats?work=${s.multi}&period=month&sort=title`,
    shows: '.stats-data table',
  },
  {
    name: 'statistics, a year with no works',
    viewer: 'member',
    path: (s) => `/users/${s.member.username}/stats?year=1999&period=week`,
  },
  {
    name: 'statistics, a sort the page does not offer',
    viewer: 'member',
    path: (s) => `/users/${s.member.username}/stats?sort=popularity`,
    status: 400,
  },
  // Writing
  { name: 'new work form', viewer: 'member', path: '/works/new' },
  {
    name: 'new work preview',
    viewer: 'member',
    path: '/works/new',
    act: async (page) => {
      await page.getByLabel('Rating *').selectOption('General Audiences');
      await page.getByLabel('No Archive Warnings Apply').check();
      await page.getByLabel('Fandoms *').fill(FANDOM);
      await page.getByLabel('Work Title *').fill('A Preview of Gulls');
      await page.getByLabel('Summary', { exact: true }).fill('Gulls, previewed.');
      await page.getByLabel('Work text *').fill(neutralProse(2));
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await heading(page, 'Preview');
    },
  },
  {
    name: 'new work form with errors',
    viewer: 'member',
    path: '/works/new',
    act: async (page) => {
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await errorSummary(page);
    },
  },
  {
    name: 'new work form filled from a file',
    viewer: 'member',
    path: '/works/new',
    act: async (page) => {
      await page.getByLabel('Fill the form from a file').setInputFiles({
        name: 'gulls.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`Counting Gulls\n\n${neutralProse(2)}`),
      });
      await page.getByRole('button', { name: 'Read file' }).click();
      await page.locator('main .notice').first().waitFor();
    },
  },
  {
    name: 'new work form, file read without a file',
    viewer: 'member',
    path: '/works/new',
    act: async (page) => {
      await page.getByRole('button', { name: 'Read file' }).click();
      await page.locator('form.upload .error').waitFor();
    },
  },
  {
    name: 'edit work form, two series',
    viewer: 'member',
    path: work((s) => s.multi, '/edit'),
    shows: 'input[name="series"]:nth-of-type(3)',
  },
  {
    name: 'edit work form with errors',
    viewer: 'member',
    path: work((s) => s.multi, '/edit'),
    act: async (page) => {
      await page.getByLabel('Work Title *').fill('');
      await page.getByRole('button', { name: 'Save Changes' }).click();
      await errorSummary(page);
    },
  },
  { name: 'edit work refused', viewer: 'wrangler', path: work((s) => s.multi, '/edit'), status: 403 },
  { name: 'add chapter form', viewer: 'member', path: work((s) => s.multi, '/chapters/new') },
  {
    name: 'add chapter form with errors',
    viewer: 'member',
    path: work((s) => s.multi, '/chapters/new'),
    act: async (page) => {
      await page.getByRole('button', { name: 'Save Chapter' }).click();
      await errorSummary(page);
    },
  },
  { name: 'edit chapter form', viewer: 'member', path: work((s) => s.multi, '/chapters/2/edit') },
  { name: 'delete chapter', viewer: 'member', path: work((s) => s.multi, '/chapters/2/delete') },
  { name: 'manage chapters', viewer: 'member', path: work((s) => s.multi, '/chapters/manage') },
  { name: 'delete work', viewer: 'member', path: work((s) => s.single, '/delete') },
  { name: 'orphan work', viewer: 'member', path: work((s) => s.single, '/orphan') },
  { name: 'orphan all works', viewer: 'member', path: '/orphan' },
  { name: 'delete account', viewer: 'member', path: '/account/delete', shows: 'select[name^="work_"]' },
  { name: 'export data', viewer: 'member', path: '/account/export' },
  {
    name: 'export data asked for',
    viewer: 'wrangler',
    path: '/account/export',
    act: async (page) => {
      await page.getByRole('button', { name: 'Export My Data' }).click();
      await page.locator('ul.data-exports li').waitFor();
    },
  },
  { name: 'export not found', viewer: 'member', path: '/account/export/999999/download', status: 404 },
  { name: 'report a comment', viewer: 'member', path: (s) => `/report?kind=comment&id=${s.comment}` },
  {
    name: 'report sent',
    viewer: 'guest',
    path: (s) => `/report?kind=work&id=${s.single}`,
    act: async (page) => {
      await page.getByLabel('Wrong rating or missing warnings').check();
      await page.getByLabel('Tell the moderators more').fill('The rating says General Audiences.');
      await page.getByRole('button', { name: 'Send the report' }).click();
      await heading(page, 'Report sent');
    },
  },
  { name: 'reports queue', viewer: 'admin', path: '/moderation', shows: 'table.reports' },
  { name: 'a report', viewer: 'admin', path: (s) => `/moderation/reports/${s.report}` },
  { name: 'moderate a member', viewer: 'admin', path: (s) => `/moderation/members/${s.wrangler.username}` },
  { name: 'spam queue', viewer: 'admin', path: '/moderation/spam' },
  {
    name: 'work deleted',
    viewer: 'member',
    path: work((s) => s.doomed, '/delete'),
    act: async (page) => {
      await page.getByRole('button', { name: 'Yes, Delete Work' }).click();
      await page.getByText('was deleted').waitFor();
    },
  },
  // Accounts
  { name: 'log in', viewer: 'guest', path: '/login' },
  {
    name: 'log in failed',
    viewer: 'guest',
    path: '/login',
    act: async (page) => {
      await page.getByLabel('Username').fill('nobody_here');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log In' }).click();
      await page.getByRole('alert').waitFor();
    },
  },
  { name: 'sign up', viewer: 'guest', path: '/signup' },
  { name: 'forgotten password', viewer: 'guest', path: '/password/forgot' },
  {
    name: 'forgotten password, link sent',
    viewer: 'guest',
    path: '/password/forgot',
    act: async (page) => {
      await page.getByLabel('Email').fill('nobody@example.test');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByRole('status').waitFor();
    },
  },
  {
    name: 'forgotten password with errors',
    viewer: 'guest',
    path: '/password/forgot',
    act: async (page) => {
      await page.getByLabel('Email').fill('not an address');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await errorSummary(page);
    },
  },
  { name: 'reset link spent', viewer: 'guest', path: '/password/reset?token=spent', status: 410 },
  { name: 'confirmation link spent', viewer: 'guest', path: '/confirm?token=spent', status: 410 },
  { name: 'new-address link spent', viewer: 'member', path: '/account/email/confirm?token=spent', status: 410 },
  {
    name: 'sign up with errors',
    viewer: 'guest',
    path: '/signup',
    act: async (page) => {
      await page.getByRole('button', { name: 'Create Account' }).click();
      await errorSummary(page);
    },
  },
  { name: 'account, preferences and access tokens', viewer: 'member', path: '/account', shows: 'ul.access-tokens li' },
  {
    name: 'new access token',
    viewer: 'member',
    path: '/account',
    act: async (page) => {
      await page.getByLabel('Token name').fill('Feed reader');
      await page.getByRole('button', { name: 'Create Token' }).click();
      await heading(page, 'Your new access token');
    },
  },
  {
    name: 'access token form with an error',
    viewer: 'member',
    path: '/account',
    act: async (page) => {
      await page.getByRole('button', { name: 'Create Token' }).click();
      await heading(page, 'Access tokens');
    },
  },
  {
    name: 'blocklist',
    viewer: 'member',
    path: '/account/blocklist',
    shows: 'form[action="/account/blocklist/unmute"]',
  },
  {
    name: 'blocklist form with an error',
    viewer: 'member',
    path: '/account/blocklist',
    act: async (page) => {
      await page.getByLabel(/^Mute a member/).fill('no_such_member_here');
      await page.getByRole('button', { name: 'Mute', exact: true }).click();
      await page.getByRole('alert').waitFor();
    },
  },
  { name: 'dashboard with saved filters', viewer: 'member', path: '/dashboard', shows: 'ul.saved-filters li' },
  {
    name: 'filter not saved',
    viewer: 'member',
    path: '/works?complete=true',
    act: async (page) => {
      // A blank name passes the browser's "required" check and is refused by the archive.
      await page.getByLabel('Save this filter as').fill('   ');
      await page.getByRole('button', { name: 'Save Filter' }).click();
      await page.locator('.error-summary').waitFor();
    },
  },
  // The site's own pages
  { name: 'terms of service', viewer: 'guest', path: '/tos' },
  // The admin area, and what its settings open.
  { name: 'admin area', viewer: 'admin', path: '/admin' },
  { name: 'admin area refused', viewer: 'member', path: '/admin', status: 403 },
  { name: 'admin members', viewer: 'admin', path: '/admin/members?q=a11y', shows: 'table.admin-table' },
  { name: 'admin audit log', viewer: 'admin', path: '/admin/audit' },
  { name: 'admin settings', viewer: 'admin', path: '/admin/settings' },
  {
    name: 'admin settings with errors',
    viewer: 'admin',
    path: '/admin/settings',
    act: async (page) => {
      await page.getByLabel('Archive name').fill('');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await errorSummary(page);
    },
  },
  { name: 'admin invitations', viewer: 'admin', path: '/admin/invitations' },
  {
    name: 'admin invitation codes made',
    viewer: 'admin',
    path: '/admin/invitations',
    act: async (page) => {
      await page.getByRole('button', { name: 'Make codes' }).click();
      await page.locator('ul.invite-codes').waitFor();
    },
  },
  { name: 'admin outbox', viewer: 'admin', path: '/admin/outbox' },
  { name: 'invitation queue while sign-up is open', viewer: 'guest', path: '/invite-requests', status: 404 },
  { name: 'change username', viewer: 'member', path: '/account/username' },
  { name: 'privacy policy', viewer: 'guest', path: '/privacy' },
  { name: 'about', viewer: 'member', path: '/about' },
  // Errors
  { name: 'page not found', viewer: 'guest', path: '/no/such/page', status: 404 },
  { name: 'page not found', viewer: 'member', path: '/no/such/page', status: 404 },
  { name: 'work not found', viewer: 'guest', path: '/works/999999', status: 404 },
];

/**
 * The dialect the served archive runs on: SQLite here, PostgreSQL when a11y-postgres.e2e.ts sets
 * QUIRE_A11Y_DIALECT before loading this file (a schema of the test server of its own).
 */
const DIALECT = process.env.QUIRE_A11Y_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const skip = servedSkip(DIALECT);

let server: Running | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;
let seeded: Seeded;
const pages = new Map<Who, Page>();

async function must<T>(
  what: string,
  r: Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }>,
): Promise<T> {
  const done = await r;
  if (!done.ok) throw new Error(`${what}: ${JSON.stringify(done.errors)}`);
  return done.value;
}

/** An archive with a little of everything a page can show. */
async function seed(run: Running): Promise<Seeded> {
  const db = run.database.db;
  const member = await buildUser(db, { username: `a11y_member_${process.pid}` });
  const wrangler = await buildUser(db, { username: `a11y_wrangler_${process.pid}`, isWrangler: true });
  const admin = await buildUser(db, { username: `a11y_admin_${process.pid}`, isAdmin: true });
  const blocked = await buildUser(db, { username: `a11y_other_${process.pid}` });
  const pseud = 'Harbour Light';
  await must('addPseud', addPseud(db, member.viewer(), { name: pseud }));

  const tags = {
    fandoms: [FANDOM],
    relationships: [RELATIONSHIP],
    characters: [CHARACTER, UNWRANGLED],
    freeforms: [SYNONYM, CANONICAL, SUB_TAG, META_TAG],
  };
  const single = await buildWork(db, member, { meta: { title: 'The Lamp Room', ...tags, series: [SERIES[0]!] } });
  const chapter = (n: number) => ({
    title: `Tide ${n}`,
    summary: `Chapter ${n}: the tide.`,
    notes: 'A note before.',
    endNotes: 'A note after.',
    body: neutralProse(2),
  });
  const multi = await buildWork(db, member, {
    meta: {
      title: 'Lanterns Over the Breakwater',
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      categories: ['Gen', 'M/M'],
      ...tags,
      summary: 'A lighthouse, a long winter, and a logbook.',
      notes: 'Written for a prompt about lighthouses.',
      endNotes: 'Thank you for reading to the end.',
      expectedChapters: 4,
      series: SERIES,
    },
    moreChapters: [chapter(2), chapter(3)],
  });
  const explicit = await buildWork(db, member, {
    meta: { title: 'Storm Night', rating: 'Explicit', warnings: ['Graphic Depictions Of Violence'], fandoms: [FANDOM] },
  });
  const draft = await buildWork(db, member, { meta: { title: 'An Unfinished Log', fandoms: [FANDOM] }, draft: true });
  const restricted = await buildWork(db, member, {
    meta: { title: 'For Members Only', fandoms: [FANDOM], restricted: true },
  });
  const doomed = await buildWork(db, member, { meta: { title: 'Driftwood', fandoms: [FANDOM] } });
  const blockedWork = await buildWork(db, blocked, {
    meta: { title: 'Wreck of the Maud', fandoms: [FANDOM], freeforms: ['Shipwreck Angst'] },
  });
  await buildWork(db, member, { meta: { title: 'Two Keepers', fandoms: [FANDOM], coCreators: [wrangler.username] } });
  await buildWork(db, blocked, { meta: { title: 'Harbour Ghosts', fandoms: [FANDOM] } });

  const wrangle = (tag: string, action: WrangleAction) =>
    must(`wrangle ${tag}`, wrangleTag(db, wrangler.viewer(), tag, action));
  await wrangle(FANDOM, { kind: 'canonical', canonical: true });
  await wrangle(CHARACTER, { kind: 'canonical', canonical: true });
  await wrangle(CHARACTER, { kind: 'add-parent', fandom: FANDOM });
  await wrangle(CANONICAL, { kind: 'canonical', canonical: true });
  await wrangle(SYNONYM, { kind: 'synonym', of: CANONICAL });
  await wrangle(META_TAG, { kind: 'canonical', canonical: true });
  await wrangle(SUB_TAG, { kind: 'canonical', canonical: true });
  await wrangle(SUB_TAG, { kind: 'add-meta', meta: META_TAG });

  await must('blockTag', blockTag(db, member.viewer(), 'Shipwreck*'));
  await must('muteUser', muteUser(db, member.viewer(), blocked.username));
  await must(
    'saveFilter',
    saveFilter(db, member.viewer(), 'Gull Point, in progress', `include=${encodeURIComponent(FANDOM)}&complete=false`),
  );
  await must('createAccessToken', createAccessToken(db, member.viewer(), { name: 'KOReader on my e-reader' }));

  const limits = toolWrites(db);
  await must('kudos', leaveKudos(db, wrangler.viewer(), single, undefined, limits));
  const comment = (
    await must(
      'comment',
      postComment(
        db,
        wrangler.viewer(),
        { workId: single, chapterId: null },
        { body: 'The lamp room scene stayed with me.' },
        limits,
      ),
    )
  ).id;
  await must(
    'reply',
    postComment(db, member.viewer(), { parentId: comment }, { body: 'Thank you, that is my favourite too.' }, limits),
  );
  await must('commentSettings', setCommentSettings(db, member.viewer(), multi, { who: 'everyone', moderated: true }));
  await must(
    'held comment',
    postComment(db, wrangler.viewer(), { workId: multi, chapterId: null }, { body: 'Waiting for the tide.' }, limits),
  );

  await must(
    'bookmark',
    bookmarkWork(db, wrangler.viewer(), single, {
      notes: 'Kept for <em>rainy</em> days.',
      tags: 'comfort read',
      rec: true,
    }),
  );

  const external = await must(
    'external bookmark',
    bookmarkExternalWork(
      db,
      wrangler.viewer(),
      {
        url: 'https://example.org/lantern-light',
        title: 'Lantern Light',
        creator: 'elsewhere',
        fandoms: 'Original Work',
        rating: 'General Audiences',
        summary: 'A keeper and a storm.',
      },
      { notes: 'Found on another shelf.', tags: 'comfort read' },
    ),
  );

  const read = await readWork(db, member.viewer(), multi, { chapter: 1, proceedAdult: true });
  if (read.kind !== 'read') throw new Error('the seeded work cannot be read');
  const readings = new ReadingRecorder(db);
  const reader = memberViewer({ ...wrangler.viewer().user!, keepHistory: true });
  recordReading(readings, reader, read.work, read.work.chapters[1]!);
  await readings.flush();
  await must('markForLater', markForLater(db, wrangler.viewer(), single, true));
  const series = read.work.series.find((s) => s.title === SERIES[0])!.id;

  await must('subscribe to a work', subscribe(createSearchState(db), wrangler.viewer(), 'work', multi));
  await must('subscribe to a member', subscribe(createSearchState(db), wrangler.viewer(), 'user', member.id));
  await must('new chapter', addChapter(db, member.viewer(), multi, { title: 'Slack Water', body: neutralProse(2) }));
  // The server's job runner stores the notification within its next look at the jobs table.
  for (let i = 0; i < 100 && (await notificationRows(db, wrangler.id)).length === 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  return {
    member,
    wrangler,
    admin,
    pseud,
    single,
    multi,
    explicit,
    draft,
    restricted,
    doomed,
    blocked: blockedWork,
    series,
    comment,
    externalWork: external.externalWorkId,
    report: (
      await must(
        'report',
        fileReport(
          db,
          member.viewer(),
          { kind: 'comment', id: comment, reason: 'spam', description: 'It reads like an advert.' },
          { address: '127.0.0.1', limits: DEFAULT_RATE_LIMITS },
        ),
      )
    ).id,
  };
}

async function logIn(context: BrowserContext, user: TestUser): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.locator('header.site').getByRole('button', { name: 'Log Out' }).waitFor();
  return page;
}

before(async () => {
  if (skip) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
  server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: await servedDatabaseUrl(DIALECT, 'a11y') },
    ),
  );
  seeded = await seed(server);
  browser = await launchChromium();
  for (const who of ['guest', 'member', 'wrangler', 'admin'] as const) {
    // axe is an inline script, which the site's Content-Security-Policy forbids.
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1200, height: 900 },
      bypassCSP: true,
    });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    pages.set(
      who,
      who === 'guest'
        ? await context.newPage()
        : await logIn(context, who === 'member' ? seeded.member : who === 'admin' ? seeded.admin : seeded.wrangler),
    );
  }
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

for (const state of PAGE_STATES) {
  void test(`${state.name} (${state.viewer}) has no axe violations [${DIALECT}]`, { skip }, async () => {
    const page = pages.get(state.viewer)!;
    const target = typeof state.path === 'string' ? state.path : state.path(seeded);
    await page.setViewportSize(state.phone ? { width: 390, height: 844 } : { width: 1200, height: 900 });
    const res = await page.goto(target);
    if (state.act) await state.act(page);
    else {
      assert.equal(res?.status(), state.status ?? 200, `${target} answered ${res?.status()}`);
      assert.equal(
        new URL(page.url()).pathname,
        new URL(target, server!.url).pathname,
        `${target} redirected to ${page.url()}`,
      );
    }
    if (state.shows)
      assert.ok((await page.locator(state.shows).count()) > 0, `${page.url()} does not show ${state.shows}`);
    const violations = await axeViolations(page);
    // axe asks for at least one h1 (page-has-heading-one); a page should have exactly one.
    const h1s = await page
      .locator('h1, [role="heading"][aria-level="1"]')
      .evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}: ${e.textContent?.trim() ?? ''}`));
    if (h1s.length !== 1)
      violations.push({
        rule: 'one-h1',
        impact: 'moderate',
        help: `The page should have exactly one level-one heading, not ${h1s.length}`,
        targets: h1s,
      });
    if (violations.length) {
      const file = `a11y-${state.viewer}-${state.name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true }).catch(() => undefined);
      assert.fail(`${violations.length} axe violation(s):\n${formatViolations(page.url(), violations)}`);
    }
  });
}

/** Routes that answer with something other than an HTML page. */
const NOT_PAGES = /^\/(api|opds|static)(\/|$)|^\/(healthz|readyz)$|\/feed\.atom$|\/download\.|\.csv$/;

void test(`every page route has a state in PAGE_STATES [${DIALECT}]`, { skip }, () => {
  const paths = PAGE_STATES.map(
    (s) => new URL(typeof s.path === 'string' ? s.path : s.path(seeded), 'http://x').pathname,
  );
  const routes = new Set(
    testApp(server!.database.db)
      .routes.filter((r) => r.method === 'GET' && !NOT_PAGES.test(r.path))
      .map((r) => r.path),
  );
  const missing = [...routes].filter((route) => {
    const re = new RegExp(
      `^${route.replace(/:\w+(\{([^}]*)\})?/g, (_, _braces: string | undefined, inner: string | undefined) => (inner ? `(?:${inner})` : '[^/]+'))}$`,
    );
    return !paths.some((p) => re.test(p));
  });
  assert.deepEqual(missing, [], 'page routes without an accessibility check: add them to PAGE_STATES');
});
