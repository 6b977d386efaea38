import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { myDataExports, requestDataExport, takeExportDownload, type DataExport } from '../../services/data-export.js';
import { ensureSession } from '../middleware/session.js';
import { positiveInt } from '../forms.js';
import { Csrf, ErrorSummary, formatDate } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

const ExportLine = ({ e }: { e: DataExport }) => {
  switch (e.status) {
    case 'queued':
      return (
        <>
          Waiting to be built. <a href="/account/export">Reload</a> to see how it goes.
        </>
      );
    case 'building':
      return (
        <>
          Building: {e.doneSteps} of {e.totalSteps} steps. <a href="/account/export">Reload</a> to see how it goes.
        </>
      );
    case 'ready':
      return (
        <>
          Ready since {when(e.readyAt)}: <a href={`/account/export/${e.id}/download`}>download it</a> (once; it is
          deleted a week after it was asked for).
        </>
      );
    case 'downloaded':
      return <>Downloaded {when(e.downloadedAt)}; the file is deleted.</>;
    case 'failed':
      return <>Could not be built: {e.error ?? 'an unknown error'}. Ask for a new one.</>;
  }
};

async function exportPage(c: Context<AppEnv>, errors: FieldErrors, status: 200 | 409 | 429 = 200) {
  const viewer = c.get('viewer');
  const list = await myDataExports(c.get('deps').db, viewer);
  if (!list.ok) return c.redirect('/login?return_to=%2Faccount%2Fexport', 303);
  const session = await ensureSession(c);
  const running = list.value.some((e) => e.status === 'queued' || e.status === 'building');
  return page(
    c,
    'Export your data',
    <div class="ui">
      <h1>Export your data</h1>
      <p>
        A zip file of everything the archive holds about you: your profile, pseuds and preferences, your works’ details,
        comments, kudos, bookmarks, subscriptions and reading history, the dates of your sessions and access tokens (the
        archive keeps no addresses), as JSON, and each of your works, drafts included, as an EPUB. It is built in the
        background; you can download it once.
      </p>
      <ErrorSummary errors={errors} />
      {list.value.length > 0 ? (
        <>
          <h2>Your exports</h2>
          <ul class="data-exports">
            {list.value.map((e) => (
              <li>
                Asked for {formatDate(e.createdAt)}: <ExportLine e={e} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {running ? null : (
        <form method="post" action="/account/export" class="work-form">
          <Csrf token={session.csrf_token} />
          <button class="primary" type="submit">
            Export My Data
          </button>
        </form>
      )}
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </div>,
    status,
  );
}

/** A member's export of their data: asking, its progress, and its one download (services/data-export.ts). */
export function registerDataExportRoutes(app: Hono<AppEnv>): void {
  app.get('/account/export', async (c) => exportPage(c, {}));
  app.post('/account/export', async (c) => {
    const r = await requestDataExport(c.get('deps').db, c.get('viewer'));
    if (!r.ok) {
      if (r.status === 403) return c.redirect('/login?return_to=%2Faccount%2Fexport', 303);
      return exportPage(c, r.errors, r.status === 409 ? 409 : 429);
    }
    c.get('deps').jobs?.wake();
    return c.redirect('/account/export', 303);
  });
  app.get('/account/export/:id{[0-9]+}/download', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const { db } = c.get('deps');
    const got = id === undefined ? { kind: 'not-found' as const } : await takeExportDownload(db, c.get('viewer'), id);
    if (got.kind === 'not-found') return notFoundPage(c);
    if (got.kind === 'not-ready')
      return errorPage(c, 409, 'Not ready yet', 'This export is still being built: its page shows how far it has got.');
    if (got.kind === 'gone')
      return page(
        c,
        'Export no longer here',
        <div class="ui">
          <h1>Export no longer here</h1>
          <p>This export was downloaded already, or could not be kept: each export is offered for download once.</p>
          <p>
            <a href="/account/export">Ask for a new export</a>
          </p>
        </div>,
        410,
      );
    const name = `${c.get('deps').config.siteName.replace(/[^A-Za-z0-9]+/g, '-')}-data-${got.export.createdAt.slice(0, 10)}.zip`;
    return new Response(Readable.toWeb(got.stream) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': 'application/zip',
        'content-length': String(got.size),
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'private, no-store',
      },
    });
  });
}
