import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.js';

/**
 * The client's address. Behind a trusted proxy (QUIRE_TRUST_PROXY) it is X-Forwarded-For's last
 * hop: the one the proxy appended from the connection it accepted. Earlier hops are whatever the
 * client wrote, so they cannot name it (nor let it pose as many clients to dodge a limit).
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get('deps').config.trustProxy) {
    const hop = lastForwardedHop(c.req.header('x-forwarded-for'));
    if (hop) return hop;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (app.request in tests) have no socket.
    return 'local';
  }
}

/** The right-most non-empty entry of an X-Forwarded-For header (several headers are joined by commas). */
export function lastForwardedHop(header: string | undefined): string | undefined {
  const hops = (header ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.at(-1);
}
