import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { failedMail, outboxFiles, retryMail } from '../../services/outbox.js';
import { positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { Csrf } from './components.js';
import { adminPage, refuseNonAdmin } from './admin-guard.js';
import { errorPage } from './error-page.js';

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—');

/** The admin area's outbox: mail that failed on every attempt, and the newest files of the outbox folder. */
export function registerAdminOutboxRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/outbox', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const deps = c.get('deps');
    const failed = await failedMail(deps.db);
    const files = await outboxFiles(deps.outboxDir);
    const csrf = c.get('session')?.csrf_token ?? '';
    return adminPage(
      c,
      'Outbox',
      <>
        <h2>Mail that could not be sent</h2>
        {failed.length === 0 ? (
          <p>None: every message was sent or is still being tried.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Tries</th>
                <th scope="col">Last error</th>
                <th scope="col">Gave up (UTC)</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              {failed.map((m) => (
                <tr>
                  <td>{m.id}</td>
                  <td>{m.to}</td>
                  <td>{m.subject}</td>
                  <td>{m.attempts}</td>
                  <td>{m.lastError ?? ''}</td>
                  <td>{when(m.finishedAt)}</td>
                  <td>
                    <form method="post" action={`/admin/outbox/${m.id}/retry`}>
                      <Csrf token={csrf} />
                      <button type="submit">
                        Retry<span class="visually-hidden"> mail {m.id}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Outbox folder</h2>
        <p>
          Without <code>SMTP_URL</code>, mail is written to files instead of sent. The newest, read-only:
        </p>
        {files.length === 0 ? (
          <p>No files.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Written (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr>
                  <td>{f.name}</td>
                  <td>{f.to}</td>
                  <td>{f.subject}</td>
                  <td>{when(f.writtenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
      { flash: c.req.query('retried') ? 'The mail is queued again.' : undefined },
    );
  });

  app.post('/admin/outbox/:id{[0-9]+}/retry', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    await readForm(c);
    const id = positiveInt(c.req.param('id'));
    const deps = c.get('deps');
    const r = id === undefined ? undefined : await retryMail(deps.db, c.get('viewer'), id);
    if (!r?.ok) return errorPage(c, r?.status ?? 404, 'Not queued again', r?.errors._ ?? 'No such mail.');
    deps.jobs?.wake();
    return c.redirect('/admin/outbox?retried=1', 303);
  });
}
