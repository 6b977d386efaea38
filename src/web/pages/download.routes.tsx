import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { DOWNLOAD_FORMATS } from '../../services/download-work.js';
import { positiveInt } from '../forms.js';
import { downloadFor, fileResponse, tooLongMessage } from '../download-response.js';
import { errorPage, notFoundPage } from './error-page.js';
import { Interstitial } from './interstitial.js';
import { blockedWorkPage } from './work-gates.js';
import { blockedWork } from '../blocked-work.js';
import { page } from './render.js';

export function registerDownloadRoutes(app: Hono<AppEnv>): void {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/works/:id{[0-9]+}/download.${format}`, async (c) => {
      const id = positiveInt(c.req.param('id'));
      if (id === undefined) return notFoundPage(c);
      const blocked = await blockedWork(c, id);
      if (blocked) return blockedWorkPage(c, blocked.work, blocked.matched);
      const r = await downloadFor(c, id, format);
      if (r.kind === 'hidden') return notFoundPage(c);
      if (r.kind === 'gate') {
        // The same gate as the work page: rating and warnings first, the file only after "continue".
        return page(
          c,
          `${r.work.title} — adult content`,
          <Interstitial
            work={r.work}
            proceedHref={`${c.req.path}?view_adult=true`}
            loggedIn={c.get('viewer').user !== null}
          />,
        );
      }
      if (r.kind === 'too-large')
        return errorPage(c, 413, 'Too long to download', tooLongMessage(r.work.title, r.chars, r.maxChars));
      return fileResponse(c, r);
    });
  }
}
