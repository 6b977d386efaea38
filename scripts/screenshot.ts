// Makes the README screenshots: docs/screenshot-home.png and docs/screenshot-work.png.
// Starts Quire in-process on a throwaway SQLite folder, adds a member and a few short sample
// works (our own neutral prose), and photographs two pages with the system Chromium.
//
// Run: node --import tsx scripts/screenshot.ts   (QUIRE_CHROMIUM overrides /usr/bin/chromium)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { createAccount } from '../src/services/create-account.js';
import { postWork, type PostWorkInput } from '../src/services/post-work.js';
import { memberViewer } from '../src/policies/index.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const docs = path.join(root, 'docs');
const CHROMIUM = process.env.QUIRE_CHROMIUM ?? '/usr/bin/chromium';

const paras = (...p: string[]) => p.join('\n\n');

/** Sample works, oldest first (the home page lists the most recently updated first). */
const SAMPLES: Array<Omit<PostWorkInput, 'draft'>> = [
  {
    meta: {
      title: 'Tide Tables',
      rating: 'Mature',
      warnings: ['Choose Not To Use Archive Warnings'],
      categories: ['Gen'],
      fandoms: 'Original Work',
      characters: 'Ines Alder',
      freeforms: 'Weather, Introspection, Sea',
      summary: 'A harbour master learns the tides by heart, one storm season at a time.',
      expectedChapters: 1,
    },
    chapter: {
      body: paras(
        'Ines kept the tide tables pinned above her desk, though she had not needed to read them in years.',
        'High water came at eleven minutes past four. She knew it the way she knew the creak of the third stair.',
        'When the storm arrived it came early, as storms do, and she met it on the breakwater with a lantern and a coil of rope.',
      ),
    },
  },
  {
    meta: {
      title: 'Letters from the Mainland',
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      categories: ['F/M'],
      fandoms: 'Original Work',
      relationships: 'Mara Quill/Tomas Reyes',
      characters: 'Mara Quill, Tomas Reyes',
      freeforms: 'Slow Burn, Epistolary, Pining',
      summary: 'Every second Tuesday the post boat brings a letter. Mara answers each one, eventually.',
      expectedChapters: '?',
    },
    chapter: {
      body: paras(
        'Dear Mara, the first letter began, I am told you keep the light on Gull Point and that you do not care for visitors.',
        'She read it twice, folded it into quarters, and used it to level the wobbling leg of the kitchen table.',
        'The second letter she kept.',
      ),
    },
  },
  {
    meta: {
      title: 'The Winter Inventory',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      categories: ['Gen'],
      fandoms: 'Lighthouse Keepers (Original)',
      characters: 'Mara Quill',
      freeforms: 'Fluff, Lists, Cozy',
      summary: 'Forty candles, six tins of peaches, one cat of uncertain origin.',
      expectedChapters: 1,
    },
    chapter: {
      body: paras(
        'Every November Mara counted what the island had: forty candles, nine cans of lamp oil, six tins of peaches, two good coats.',
        'This year the list had a new line at the bottom, written in a smaller hand: one grey cat, origin unknown, answers to nothing.',
        'The cat slept on the inventory until spring.',
      ),
    },
  },
  {
    meta: {
      title: 'The Lamp at Gull Point',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      categories: ['Gen'],
      fandoms: 'Lighthouse Keepers (Original), Original Work',
      characters: 'Mara Quill, Old Ben',
      freeforms: 'Fluff, Found Family, Slow Burn',
      summary: 'A new keeper, an old lighthouse, and the ninety-year-old clockwork that turns the lamp.',
      notes: 'Written for a prompt about lighthouses. Two chapters, both short.',
      expectedChapters: 2,
    },
    chapter: {
      title: 'The Hundred and Twelve Steps',
      body: paras(
        'The lighthouse on Gull Point had stood for ninety years, and every evening its keeper climbed the hundred and twelve steps to wind the clockwork.',
        'Mara counted them on her first night and again on her second, and by the end of the month she had stopped counting and started listening instead: the hollow ring of step forty, the groan of step eighty-one.',
        'Old Ben, who had kept the light before her, came by on Sundays with bread and advice. The advice was mostly about the weather. The bread was very good.',
        'When the fog rolled in from the west she lit the lamp early, and the beam went out over the water like a long, patient hand.',
      ),
    },
    moreChapters: [
      {
        title: 'The Supply Boat',
        body: paras(
          'In the spring the supply boat brought paint, new rope, and a crate of oranges from the mainland.',
          'She painted the railing white and wrote the name of every passing boat in the logbook, one line each.',
        ),
      },
    ],
  },
];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-shots-'));
  let server: Running | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(
      loadConfig(
        { ...process.env, LOG_LEVEL: 'silent' },
        { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined },
      ),
    );
    const db = server.database.db;

    const account = await createAccount(db, {
      username: 'harbourlight',
      email: 'harbourlight@example.test',
      password: 'sample-password-1',
      requireConsent: false,
    });
    if (!account.ok) throw new Error(`createAccount: ${JSON.stringify(account.errors)}`);
    const viewer = memberViewer({
      id: account.value.userId,
      username: account.value.username,
      isAdmin: false,
      viewAdult: false,
    });

    const ids: number[] = [];
    for (const sample of SAMPLES) {
      const r = await postWork(db, viewer, { ...sample, draft: false });
      if (!r.ok) throw new Error(`postWork "${String(sample.meta.title)}": ${JSON.stringify(r.errors)}`);
      ids.push(r.value.workId);
      await new Promise((res) => setTimeout(res, 20)); // distinct "updated" times keep the listing order stable
    }
    const featured = ids[ids.length - 1]!;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    fs.mkdirSync(docs, { recursive: true });

    await page.goto('/');
    await page.locator('ol.works').waitFor();
    await page.screenshot({ path: path.join(docs, 'screenshot-home.png') });

    await page.goto(`/works/${featured}`);
    await page.locator('h1.title').waitFor();
    await page.screenshot({ path: path.join(docs, 'screenshot-work.png') });

    await context.close();
    console.log(
      `Saved ${path.relative(root, path.join(docs, 'screenshot-home.png'))} and ${path.relative(root, path.join(docs, 'screenshot-work.png'))}.`,
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
