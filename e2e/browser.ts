import path from 'node:path';
import { test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.QUIRE_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling out, and this machine has no network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless and offline, with a fresh temporary profile (deleted on close). */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

/**
 * Debian's Chromium with a fresh profile (launch() makes a temporary one and deletes it on close),
 * one page at 1200×900 on `baseURL`. Every page load answered with 4xx/5xx is appended to `badResponses`.
 */
export async function openPage(baseURL: string, badResponses: string[]): Promise<BrowserPage> {
  const browser = await launchChromium();
  const context = await browser.newContext({ baseURL, viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.status() >= 400)
      badResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * The steps of one browser journey, run in order: after a failing step the later ones are skipped
 * (not failed again), a screenshot of the failure is saved, and error responses seen so far are
 * added to the message. `page()` gives the page the steps act on once the journey has opened it.
 */
export function journey(page: () => Page, artifacts: string, failureShot: string, badResponses: string[]) {
  let broken: string | undefined;
  const shot = async (name: string, fullPage = true): Promise<void> => {
    await page().screenshot({ path: path.join(artifacts, name), fullPage });
  };
  const step = (name: string, fn: () => Promise<void>): void => {
    void test(name, async (t) => {
      if (broken) {
        t.skip(`skipped: "${broken}" failed`);
        return;
      }
      try {
        await fn();
      } catch (err) {
        broken = name;
        await shot(failureShot).catch(() => undefined);
        if (badResponses.length && err instanceof Error)
          err.message += `\nError responses so far: ${badResponses.join(', ')}`;
        throw err;
      }
    });
  };
  return { shot, step };
}
