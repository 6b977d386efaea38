import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';

/**
 * Refuses a request body over `maxSize` bytes before anything reads it. Hono's bodyLimit asks for
 * the request's body stream first, which makes @hono/node-server build a whole web Request (streams,
 * an abort signal, copied headers) for every request, a GET included; a body announced by its
 * Content-Length is judged from that header, as Hono's does, and only a chunked body goes through
 * Hono's counting reader. Node's parser holds a body to its Content-Length.
 */
export function limitBody(maxSize: number, onError: (c: Context<AppEnv>) => Response | Promise<Response>) {
  const counting = bodyLimit({ maxSize, onError });
  const limit: MiddlewareHandler<AppEnv> = async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    return counting(c, next);
  };
  return limit;
}
