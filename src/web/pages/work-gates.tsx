import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import { blockedWork } from '../blocked-work.js';
import { BlockedWork, showBlockedHref } from './blocked-work.js';
import { Interstitial } from './interstitial.js';
import { page } from './render.js';

/** The reader's blocklist notice for a work (with "show it anyway"). */
export function blockedWorkPage(c: Context<AppEnv>, work: Work, matched: string[]) {
  return page(
    c,
    `${work.title} — hidden by your blocklist`,
    <BlockedWork work={work} matched={matched} showHref={showBlockedHref(c.req.url)} />,
  );
}

/** The adult-content interstitial; going on asks for this address again with `view_adult=true`. */
export function interstitialPage(c: Context<AppEnv>, work: Work) {
  const url = new URL(c.req.url);
  url.searchParams.set('view_adult', 'true');
  return page(
    c,
    `${work.title} — adult content`,
    <Interstitial work={work} proceedHref={url.pathname + url.search} loggedIn={c.get('viewer').user !== null} />,
  );
}

/**
 * What stands before a work's text, or anything derived from it (its comments): the reader's
 * blocklist notice, then the adult interstitial when `gated`; undefined when the text may show.
 */
export async function gateOrBlock(c: Context<AppEnv>, work: Work, gated: boolean): Promise<Response | undefined> {
  const blocked = await blockedWork(c, work.id, work);
  if (blocked) return blockedWorkPage(c, work, blocked.matched);
  return gated ? interstitialPage(c, work) : undefined;
}
