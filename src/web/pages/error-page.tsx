import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.js';
import { page } from './render.js';

export function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, title: string, message: string) {
  return page(
    c,
    title,
    <div class="ui">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </div>,
    status,
  );
}

export function notFoundPage(c: Context<AppEnv>) {
  return errorPage(
    c,
    404,
    'Page not found',
    'There is nothing at this address — or nothing you can see. If you followed a link to a restricted work, log in first.',
  );
}
