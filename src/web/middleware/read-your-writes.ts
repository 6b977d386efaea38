import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { READ_YOUR_WRITES_COOKIE, currentReadRoute } from '../../store/read-route.js';

/** How long a browser reads only from replicas that have replayed its last write. */
const REMEMBER_WRITE_S = 60;

/**
 * With read replicas (docs/decisions/015): after a request that wrote, the browser is given the
 * primary's WAL position, so that its next requests read only from a replica that has replayed its
 * write (or from the primary). A member who posted sees the post on the next page however far a
 * replica lags. Carries no secret: a forged position only sends that browser's reads to the primary.
 */
export const readYourWrites = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const replicas = c.get('deps').replicas;
  if (!replicas || !currentReadRoute()?.wrote) return;
  try {
    const lsn = await replicas.primaryLsn();
    c.header(
      'Set-Cookie',
      `${READ_YOUR_WRITES_COOKIE}=${lsn}; Path=/; Max-Age=${REMEMBER_WRITE_S}; HttpOnly; SameSite=Lax`,
      { append: true },
    );
  } catch {
    // The primary went away after the write: the answer stands; replicas are judged by the clock alone.
  }
});
