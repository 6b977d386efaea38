import pino from 'pino';
import type { Kysely } from 'kysely';
import type { Hono } from 'hono';
import type { DB } from '../src/store/schema.js';
import { createApp } from '../src/web/app.js';
import type { AppEnv, WebDeps } from '../src/web/context.js';

/** The app over `db`; `more` adds what main.ts would (a search state with a filter index, …). */
export function testApp(
  db: Kysely<DB>,
  config: Partial<AppEnv['Variables']['deps']['config']> = {},
  more: Pick<WebDeps, 'search' | 'counts' | 'pageCaches' | 'hits' | 'rateLimits'> = {},
): Hono<AppEnv> {
  return createApp({
    db,
    config: { siteName: 'Quire', trustProxy: false, publicUrl: 'http://quire.test', ...config },
    logger: pino({ level: 'silent' }),
    ...more,
  });
}

/** A browser-like client for in-process requests: keeps cookies and fills in CSRF tokens. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly app: Hono<AppEnv>) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'GET', headers });
  }

  async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), value);
    }
    return res;
  }

  /** The CSRF token of the current session, read from a page's form (starting a session if needed). */
  async csrf(fromPath = '/login'): Promise<string> {
    let res = await this.get(fromPath);
    // Members are redirected away from /login; every member page carries the log-out form's token.
    if (res.status === 303) res = await this.get('/');
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${fromPath}`);
    return m[1]!;
  }

  /** Sends a form like a browser would, with the session's CSRF token unless one is given. */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { csrf?: string | null; csrfFrom?: string } = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? await this.csrf(opts.csrfFrom ?? '/login') : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  async login(username: string, password: string): Promise<Response> {
    return this.post('/login', { username, password });
  }
}
