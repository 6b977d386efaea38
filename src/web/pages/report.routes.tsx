import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { REPORT_REASONS, REPORT_TEXT_MAX } from '../../domain/report.js';
import { fileReport, reportForm, type ReportTarget } from '../../services/reports.js';
import { ensureSession } from '../middleware/session.js';
import { clientIp } from '../middleware/client-ip.js';
import { formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { notFoundPage } from './error-page.js';
import { page } from './render.js';

interface FormValues {
  reason: string;
  description: string;
}

async function formPage(
  c: Context<AppEnv>,
  target: ReportTarget,
  v: FormValues,
  errors: Record<string, string> = {},
  status: 200 | 422 | 429 = 200,
) {
  const session = await ensureSession(c);
  return page(
    c,
    'Report',
    <div class="ui">
      <h1>Report</h1>
      <p>
        You are reporting: <a href={target.href}>{target.label}</a>
      </p>
      <p class="hint">
        A moderator reads every report. The member you report is not told who reported them.
        {c.get('viewer').user ? null : ' Your address is kept with the report, so that it cannot be sent many times.'}
      </p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/report" class="work-form">
        <Csrf token={session.csrf_token} />
        <input type="hidden" name="kind" value={target.kind} />
        <input type="hidden" name="id" value={String(target.id)} />
        <fieldset class={errors.reason ? 'field invalid' : 'field'}>
          <legend>What is wrong?</legend>
          {Object.entries(REPORT_REASONS).map(([key, label]) => (
            <label>
              <input type="radio" name="reason" value={key} checked={v.reason === key} required /> {label}
            </label>
          ))}
          {errors.reason ? (
            <p class="error" role="alert">
              {errors.reason}
            </p>
          ) : null}
        </fieldset>
        <Field
          name="description"
          label="Tell the moderators more"
          error={errors.description}
          hint={`Where to look and why. At most ${REPORT_TEXT_MAX} characters.`}
        >
          <textarea
            id="description"
            name="description"
            rows={8}
            maxlength={REPORT_TEXT_MAX}
            required
            aria-invalid={errors.description ? 'true' : undefined}
          >
            {v.description}
          </textarea>
        </Field>
        <div class="actions">
          <button type="submit">Send the report</button>
        </div>
      </form>
    </div>,
    status,
  );
}

/** Reporting a work, a chapter, a comment or a member to the moderators (services/reports.ts). */
export function registerReportRoutes(app: Hono<AppEnv>): void {
  app.get('/report', async (c) => {
    const id = positiveInt(c.req.query('id'));
    const target = await reportForm(c.get('deps').db, c.get('viewer'), c.req.query('kind') ?? '', id ?? 0);
    if (!target) return notFoundPage(c);
    return formPage(c, target, { reason: '', description: '' });
  });
  app.post('/report', async (c) => {
    const { db, rateLimits } = c.get('deps');
    const viewer = c.get('viewer');
    const b = await readForm(c);
    const v = { reason: formString(b, 'reason'), description: formString(b, 'description') };
    const input = { kind: formString(b, 'kind'), id: positiveInt(formString(b, 'id')) ?? 0, ...v };
    const r = await fileReport(db, viewer, input, { address: clientIp(c), limits: rateLimits });
    if (!r.ok) {
      if (r.status === 404) return notFoundPage(c);
      const target = await reportForm(db, viewer, input.kind, input.id);
      if (!target) return notFoundPage(c);
      if (r.status === 429) c.header('Retry-After', '3600');
      return formPage(c, target, v, r.errors, r.status === 429 ? 429 : 422);
    }
    return page(
      c,
      'Report sent',
      <div class="ui">
        <h1>Report sent</h1>
        <p class="flash" role="status">
          Thank you. A moderator will look at your report of {r.value.target.label}.
        </p>
        <p>
          <a href={r.value.target.href}>Back to where you were</a>
        </p>
      </div>,
    );
  });
}
