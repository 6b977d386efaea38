import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { ORPHAN_ACCOUNT } from '../../domain/orphan.js';
import { canDeleteAccount } from '../../policies/index.js';
import type { AccountWork } from '../../store/account-deletion.store.js';
import { deleteAccount, worksToLeave, type WorkChoice } from '../../services/delete-account.js';
import { clearSessionCookie, ensureSession } from '../middleware/session.js';
import { formBool, formString } from '../forms.js';
import { readForm, type FormBody } from '../read-form.js';
import { mailSite } from '../mail-site.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';

const WORK_FIELD = /^work_(\d{1,9})$/;

/** The form's choices: a default for all posted works, and one per work where given; undefined values are refused. */
function readChoices(b: FormBody): { defaultChoice: WorkChoice; choices: Map<number, WorkChoice> } | string {
  const asChoice = (v: string): WorkChoice | '' | undefined =>
    v === 'orphan' || v === 'delete' || v === '' ? v : undefined;
  const d = asChoice(formString(b, 'default') || 'orphan');
  if (!d) return 'Choose Orphan or Delete for your works.';
  const choices = new Map<number, WorkChoice>();
  for (const key of Object.keys(b)) {
    const m = WORK_FIELD.exec(key);
    if (!m) continue;
    const v = asChoice(formString(b, key));
    if (v === undefined) return 'Choose Orphan, Delete or “as above” for each work.';
    if (v) choices.set(Number(m[1]), v);
  }
  return { defaultChoice: d, choices };
}

const WorkChoiceList = ({ works, chosen }: { works: AccountWork[]; chosen: Record<string, string> }) => (
  <ul class="work-choices">
    {works.map((w) => (
      <li>
        <label for={`work_${w.id}`}>
          <a href={`/works/${w.id}`}>{w.title}</a>
          {w.shared ? ' (with co-creators: deleting takes only your name off)' : ''}
        </label>{' '}
        <select id={`work_${w.id}`} name={`work_${w.id}`}>
          <option value="" selected={!chosen[`work_${w.id}`]}>
            As chosen above
          </option>
          <option value="orphan" selected={chosen[`work_${w.id}`] === 'orphan'}>
            Orphan
          </option>
          <option value="delete" selected={chosen[`work_${w.id}`] === 'delete'}>
            Delete
          </option>
        </select>
      </li>
    ))}
  </ul>
);

async function deletePage(
  c: Context<AppEnv>,
  errors: FieldErrors,
  chosen: Record<string, string>,
  status: 200 | 400 | 403 | 413 = 200,
) {
  const viewer = c.get('viewer');
  const works = await worksToLeave(c.get('deps').db, viewer);
  if (!works.ok || !viewer.user) return c.redirect('/login?return_to=%2Faccount%2Fdelete', 303);
  const session = await ensureSession(c);
  const { posted, drafts } = works.value;
  const def = chosen.default === 'delete' ? 'delete' : 'orphan';
  return page(
    c,
    'Delete your account',
    <div class="ui">
      <h1>Delete your account</h1>
      <p>
        Deleting your account logs you out everywhere, revokes your access tokens and cannot be undone. Your bookmarks,
        kudos, subscriptions, reading history and preferences are removed; your comments stay in their threads, signed
        “A former member”. Your username stays taken until everything is removed, which takes a little while.
      </p>
      <p>
        You may want to <a href="/account/export">export your data</a> first.
      </p>
      <form class="work-form" method="post" action="/account/delete" novalidate>
        <Csrf token={session.csrf_token} />
        <ErrorSummary errors={errors} />
        {posted.length > 0 ? (
          <fieldset>
            <legend>Your posted works</legend>
            <p class="hint">
              Orphaned works stay on the archive credited to {ORPHAN_ACCOUNT}, with their kudos, comments and bookmarks;
              deleted works are gone for good.
            </p>
            <div class="field">
              <label>
                <input type="radio" name="default" value="orphan" checked={def === 'orphan'} /> Orphan all of them
              </label>
              <label>
                <input type="radio" name="default" value="delete" checked={def === 'delete'} /> Delete all of them
              </label>
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="keepPseudName" value="1" checked={chosen.keepPseudName === '1'} /> Keep my
                pseud’s name on orphaned works
              </label>
            </div>
            <p class="hint">Or choose for each work:</p>
            <WorkChoiceList works={posted} chosen={chosen} />
          </fieldset>
        ) : (
          <p>You have no posted works.</p>
        )}
        {drafts.length > 0 ? (
          <>
            <h2>Drafts</h2>
            <p>These drafts are deleted with the account:</p>
            <ul>
              {drafts.map((w) => (
                <li>{w.title}</li>
              ))}
            </ul>
          </>
        ) : null}
        <Field name="password" label="Your password" error={errors.password}>
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </Field>
        <div class="actions">
          <button class="danger" type="submit">
            Yes, Delete My Account
          </button>
          <a class="button" href="/account">
            Cancel
          </a>
        </div>
      </form>
    </div>,
    status,
  );
}

/** Deleting one's account (services/delete-account.ts; the rest is removed by its job). */
export function registerAccountDeleteRoutes(app: Hono<AppEnv>): void {
  app.get('/account/delete', async (c) => deletePage(c, {}, {}));
  app.post('/account/delete', async (c) => {
    const viewer = c.get('viewer');
    if (!canDeleteAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=%2Faccount%2Fdelete', 303);
    const b = await readForm(c);
    const chosen = Object.fromEntries(
      Object.keys(b)
        .filter((k) => WORK_FIELD.test(k) || k === 'default' || k === 'keepPseudName')
        .map((k) => [k, formString(b, k)]),
    );
    const read = readChoices(b);
    if (typeof read === 'string') return deletePage(c, { _: read }, chosen, 400);
    const r = await deleteAccount(
      c.get('deps').db,
      viewer,
      { password: formString(b, 'password'), keepPseudName: formBool(b, 'keepPseudName'), ...read },
      c.get('deps').config.publicUrl ? mailSite(c) : undefined,
    );
    if (!r.ok) {
      if (r.status === 403) return errorPage(c, 403, 'Cannot delete this account', 'Log in to delete your account.');
      return deletePage(c, r.errors, chosen, r.status === 413 ? 413 : 400);
    }
    c.get('deps').jobs?.wake();
    // The session ended with the account: the page that says so is a guest's.
    clearSessionCookie(c);
    c.set('session', undefined);
    c.set('viewer', { user: null, sessionViewAdult: false, decisions: viewer.decisions });
    const { orphaned } = r.value;
    return page(
      c,
      'Your account is being deleted',
      <div class="ui">
        <h1>Your account is being deleted</h1>
        <p class="flash" role="status">
          You are logged out.{' '}
          {orphaned > 0
            ? `${orphaned === 1 ? 'One work stays' : `${orphaned} works stay`} on the archive, credited to ${ORPHAN_ACCOUNT}. `
            : ''}
          The rest of your account is being removed.
        </p>
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </div>,
    );
  });
}
