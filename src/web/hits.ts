import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv, WebDeps } from './context.js';
import type { Work } from '../domain/work.js';
import { countsAsHit } from '../policies/index.js';
import { isBot, type HitCounter } from '../services/hit-counter.js';
import { clientIp, lastForwardedHop } from './middleware/client-ip.js';

const WORK_PAGE = /^\/works\/(\d+)(?:\/chapters\/\d+)?$/;

/** Notes a view of a work page by this request's viewer, when it counts (ADR 010). */
export function recordWorkView(c: Context<AppEnv>, work: Work): void {
  const ua = c.req.header('user-agent');
  if (isBot(ua) || !countsAsHit(c.get('viewer'), work)) return;
  const user = c.get('viewer').user;
  const hits = c.get('deps').hits;
  if (user) hits.record(work.id, `u:${user.id}`);
  else hits.recordGuest(work.id, clientIp(c), ua!);
}

/**
 * Notes a guest's view of a work page answered from the shared guest pages (no route ran): a guest
 * without a cookie is never the work's creator, and only posted works are shared.
 */
export function recordSharedView(
  hits: HitCounter | undefined,
  path: string,
  client: () => { address: string; userAgent: string | undefined },
): void {
  const m = WORK_PAGE.exec(path);
  if (!m || !hits) return;
  // Read only for work pages: listings and tag pages, most shared hits, need neither.
  const { address, userAgent } = client();
  if (!isBot(userAgent)) hits.recordGuest(Number(m[1]), address, userAgent!);
}

/** The client address of a raw request, as clientIp reads it for the app. */
export function rawClientIp(deps: WebDeps, req: IncomingMessage): string {
  if (deps.config.trustProxy) {
    const hop = lastForwardedHop(rawHeader(req.rawHeaders, 'x-forwarded-for'));
    if (hop) return hop;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** A header from node's raw list (several lines joined by commas), without building `req.headers`. */
export function rawHeader(raw: string[], name: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.length === name.length && raw[i]!.toLowerCase() === name)
      out = out === undefined ? raw[i + 1] : `${out}, ${raw[i + 1]}`;
  return out;
}
