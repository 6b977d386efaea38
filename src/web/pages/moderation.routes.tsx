import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { REPORT_STATUSES, type ReportStatus } from '../../domain/report.js';
import { firstWords, reportDetail, reportQueue, workReport } from '../../services/reports.js';
import {
  liftSuspension,
  memberForModeration,
  setCommentHiddenBy,
  setWorkHiddenBy,
  suspendMember,
  type ActionContext,
} from '../../services/moderation.js';
import { judgeHeldComment, spamQueue } from '../../services/spam-queue.js';
import type { ServiceResult } from '../../services/result.js';
import { ensureSession } from '../middleware/session.js';
import { formString, positiveInt } from '../forms.js';
import { readForm, type FormBody } from '../read-form.js';
import { mailSite } from '../mail-site.js';
import { Csrf, formatDate } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { MemberModeration, ModerationNav, ReportDetailView, ReportQueue } from './moderation-views.js';

const forbidden = (c: Context<AppEnv>) =>
  errorPage(c, 403, 'Moderators only', 'This page is for the archive’s moderators.');

/** What a moderation POST did: back to the report it came from, else to `fallback`; errors as a page. */
function answer<T>(c: Context<AppEnv>, r: ServiceResult<T>, ctx: ActionContext, fallback: string) {
  if (!r.ok) {
    if (r.status === 404) return notFoundPage(c);
    const message = Object.values(r.errors).join(' ');
    return errorPage(c, r.status, r.status === 403 ? 'Not allowed' : 'Nothing was changed', message);
  }
  return c.redirect(ctx.reportId ? `/moderation/reports/${ctx.reportId}` : fallback, 303);
}

async function actionContext(c: Context<AppEnv>): Promise<{ ctx: ActionContext; reason: string; b: FormBody }> {
  const b = await readForm(c);
  const reportId = positiveInt(formString(b, 'report'));
  return { ctx: { site: mailSite(c), ...(reportId ? { reportId } : {}) }, reason: formString(b, 'reason'), b };
}

/** The moderators' area: the reports queue, a report, hiding, suspending, the spam queue (ADR 014). */
export function registerModerationRoutes(app: Hono<AppEnv>): void {
  app.get('/moderation', async (c) => {
    const asked = c.req.query('status') ?? 'open';
    const status: ReportStatus = asked in REPORT_STATUSES ? (asked as ReportStatus) : 'open';
    const q = await reportQueue(c.get('deps').db, c.get('viewer'), status, positiveInt(c.req.query('after')));
    if (q === 'forbidden') return forbidden(c);
    const last = q.entries.at(-1)?.report.id;
    return page(
      c,
      `Reports: ${REPORT_STATUSES[status]}`,
      <div class="ui">
        <h1>Reports</h1>
        <ModerationNav counts={q.counts} />
        <ReportQueue status={status} entries={q.entries} />
        {last !== undefined && q.entries.length >= 50 ? (
          <p>
            <a href={`/moderation?status=${status}&after=${last}`}>More</a>
          </p>
        ) : null}
      </div>,
    );
  });

  app.get('/moderation/reports/:id{[0-9]+}', async (c) => {
    const d = await reportDetail(c.get('deps').db, c.get('viewer'), positiveInt(c.req.param('id')) ?? 0);
    if (d === 'forbidden') return forbidden(c);
    if (!d) return notFoundPage(c);
    const session = await ensureSession(c);
    return page(
      c,
      `Report #${d.report.id}`,
      <div class="ui">
        <h1>Report #{d.report.id}</h1>
        <ModerationNav />
        <ReportDetailView d={d} csrf={session.csrf_token} />
      </div>,
    );
  });
  app.post('/moderation/reports/:id{[0-9]+}', async (c) => {
    const id = positiveInt(c.req.param('id')) ?? 0;
    const b = await readForm(c);
    const r = await workReport(c.get('deps').db, c.get('viewer'), id, {
      action: formString(b, 'action'),
      note: formString(b, 'note'),
    });
    return answer(c, r, { site: mailSite(c), reportId: id }, `/moderation/reports/${id}`);
  });

  for (const hide of [true, false]) {
    const verb = hide ? 'hide' : 'unhide';
    app.post(`/moderation/works/:id{[0-9]+}/${verb}`, async (c) => {
      const id = positiveInt(c.req.param('id')) ?? 0;
      const { ctx, reason } = await actionContext(c);
      const r = await setWorkHiddenBy(c.get('deps').db, c.get('viewer'), id, hide ? reason : null, ctx);
      return answer(c, r, ctx, `/works/${id}`);
    });
    app.post(`/moderation/comments/:id{[0-9]+}/${verb}`, async (c) => {
      const id = positiveInt(c.req.param('id')) ?? 0;
      const { ctx, reason } = await actionContext(c);
      const r = await setCommentHiddenBy(c.get('deps').db, c.get('viewer'), id, hide ? reason : null, ctx);
      return answer(c, r, ctx, `/comments/${id}`);
    });
  }

  app.get('/moderation/members/:name', async (c) => {
    const m = await memberForModeration(c.get('deps').db, c.get('viewer'), c.req.param('name'));
    if (m === 'forbidden') return forbidden(c);
    if (!m) return notFoundPage(c);
    const session = await ensureSession(c);
    return page(
      c,
      `Moderating ${m.username}`,
      <div class="ui">
        <h1>Moderating {m.username}</h1>
        <ModerationNav />
        <MemberModeration m={m} csrf={session.csrf_token} reportId={positiveInt(c.req.query('report'))} />
      </div>,
    );
  });
  app.post('/moderation/members/:name/suspend', async (c) => {
    const name = c.req.param('name');
    const { ctx, reason, b } = await actionContext(c);
    const r = await suspendMember(
      c.get('deps').db,
      c.get('viewer'),
      name,
      { length: formString(b, 'length'), reason },
      ctx,
    );
    return answer(c, r, ctx, `/moderation/members/${encodeURIComponent(name)}`);
  });
  app.post('/moderation/members/:name/lift', async (c) => {
    const name = c.req.param('name');
    const { ctx } = await actionContext(c);
    const r = await liftSuspension(c.get('deps').db, c.get('viewer'), name, ctx);
    return answer(c, r, ctx, `/moderation/members/${encodeURIComponent(name)}`);
  });

  app.get('/moderation/spam', async (c) => {
    const q = await spamQueue(c.get('deps').db, c.get('viewer'));
    if (q === 'forbidden') return forbidden(c);
    const session = await ensureSession(c);
    return page(
      c,
      'Spam queue',
      <div class="ui">
        <h1>Spam queue</h1>
        <ModerationNav />
        <h2>Held comments</h2>
        {q.comments.length === 0 ? (
          <p>No comments are held as spam.</p>
        ) : (
          <ul class="spam">
            {q.comments.map((m) => (
              <li>
                <p class="byline">
                  {m.username ?? `${m.guest_name ?? 'a guest'} (guest)`} on{' '}
                  <a href={`/works/${m.work_id}`}>{m.title}</a>, {formatDate(m.created_at)}
                </p>
                <pre class="held-text">{firstWords(m.body, 600)}</pre>
                <form method="post" action={`/moderation/comments/${m.id}/judge`}>
                  <Csrf token={session.csrf_token} />
                  <button type="submit" name="verdict" value="ham">
                    Not spam: publish it
                  </button>{' '}
                  <button type="submit" name="verdict" value="spam" class="danger">
                    Spam: delete it
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <h2>New members’ works</h2>
        {q.works.length === 0 ? (
          <p>No works by members who joined this week.</p>
        ) : (
          <ul>
            {q.works.map((w) => (
              <li>
                <a href={`/works/${w.id}`}>{w.title}</a> by {w.username} (joined {formatDate(w.joined_at)})
                {w.hidden_reason !== null ? <span class="muted"> (hidden)</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>,
    );
  });
  app.post('/moderation/comments/:id{[0-9]+}/judge', async (c) => {
    const b = await readForm(c);
    const r = await judgeHeldComment(
      c.get('deps').db,
      c.get('viewer'),
      positiveInt(c.req.param('id')) ?? 0,
      formString(b, 'verdict'),
    );
    return answer(c, r, { site: mailSite(c) }, '/moderation/spam');
  });
}
