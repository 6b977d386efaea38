import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { raw } from 'hono/html';
import { subscribeButtonHtml } from './subscriptions-button.js';
import type { FieldErrors } from '../../domain/work-input.js';
import {
  blockTag,
  blockUser,
  getBlocklist,
  muteUser,
  unblockTag,
  unblockUser,
  unmuteUser,
} from '../../services/blocklist.js';
import { removeSavedFilter, saveFilter, savedFilters } from '../../services/saved-filters.js';
import { pendingInvitationCount } from '../../services/co-creator-invitations.js';
import { ensureSession } from '../middleware/session.js';
import { formString, positiveInt } from '../forms.js';
import { returnPath } from '../return-to.js';
import { Csrf, Field, userHref } from './components.js';
import { page } from './render.js';
import { readForm } from '../read-form.js';

const toLogin = (c: Context<AppEnv>, back: string) => c.redirect(`/login?return_to=${encodeURIComponent(back)}`, 303);

/** Muted or blocked members, each with its remove button, and the form that adds one. */
const MemberList = (p: {
  members: Array<{ id: number; username: string }>;
  csrf: string;
  remove: { action: string; label: string };
  add: { action: string; label: string; field: string };
  fieldLabel: string;
  error: string | undefined;
  typed: string | undefined;
}) => (
  <>
    {p.members.length === 0 ? <p class="muted">None yet.</p> : null}
    <ul>
      {p.members.map((m) => (
        <li>
          <a href={userHref(m.username)}>{m.username}</a>{' '}
          <form method="post" action={p.remove.action}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="id" value={String(m.id)} />
            <button type="submit">{p.remove.label}</button>
          </form>
        </li>
      ))}
    </ul>
    <form class="work-form" method="post" action={p.add.action}>
      <Csrf token={p.csrf} />
      <Field name={p.add.field} label={p.fieldLabel} error={p.error}>
        <input type="text" id={p.add.field} name="username" value={p.typed ?? ''} />
      </Field>
      <button type="submit">{p.add.label}</button>
    </form>
  </>
);

async function blocklistPage(
  c: Context<AppEnv>,
  errors: FieldErrors,
  typed: { pattern?: string; username?: string; blockUsername?: string } = {},
  status: 200 | 400 | 404 = 200,
) {
  const r = await getBlocklist(c.get('deps').db, c.get('viewer'));
  if (!r.ok) return toLogin(c, '/account/blocklist');
  const session = await ensureSession(c);
  const csrf = session.csrf_token;
  return page(
    c,
    'Blocklist',
    <div class="ui">
      <h1>Your blocklist</h1>
      <p>
        Works with these tags, or by these members, are left out of every listing, tag page, creator page, search, feed
        and API answer you see. A blocked canonical tag also blocks its synonyms and sub tags. Use <code>*</code> as a
        wildcard: <code>*Non-Con*</code> blocks every tag whose name contains “Non-Con”.
      </p>
      <h2>Blocked tags</h2>
      {r.value.tags.length === 0 ? <p class="muted">None yet.</p> : null}
      <ul>
        {r.value.tags.map((t) => (
          <li>
            {t.pattern}{' '}
            <form method="post" action="/account/blocklist/unblock">
              <Csrf token={csrf} />
              <input type="hidden" name="id" value={String(t.id)} />
              <button type="submit">Unblock</button>
            </form>
          </li>
        ))}
      </ul>
      <form class="work-form" method="post" action="/account/blocklist/block">
        <Csrf token={csrf} />
        <Field name="pattern" label="Block a tag or pattern" error={errors.pattern}>
          <input type="text" id="pattern" name="pattern" value={typed.pattern ?? ''} />
        </Field>
        <button type="submit">Block</button>
      </form>
      <h2>Muted members</h2>
      <MemberList
        members={r.value.muted}
        csrf={csrf}
        remove={{ action: '/account/blocklist/unmute', label: 'Unmute' }}
        add={{ action: '/account/blocklist/mute', label: 'Mute', field: 'username' }}
        fieldLabel="Mute a member (their works disappear from your listings)"
        error={errors.username}
        typed={typed.username}
      />
      <h2>Blocked members</h2>
      <p>
        A member you block cannot comment on your works, leave kudos on them or reply to your comments, and is told so.
        Their works stay in your listings unless you also mute them.
      </p>
      <MemberList
        members={r.value.blocked}
        csrf={csrf}
        remove={{ action: '/account/blocklist/unblock-member', label: 'Unblock' }}
        add={{ action: '/account/blocklist/block-member', label: 'Block', field: 'blockUsername' }}
        fieldLabel="Block a member"
        error={errors.blockUsername}
        typed={typed.blockUsername}
      />
    </div>,
    status,
  );
}

export function registerReaderSettingsRoutes(app: Hono<AppEnv>): void {
  app.get('/account/blocklist', (c) => blocklistPage(c, {}));
  app.post('/account/blocklist/block', async (c) => {
    const pattern = formString(await readForm(c), 'pattern');
    const r = await blockTag(c.get('deps').db, c.get('viewer'), pattern);
    if (!r.ok)
      return r.status === 403 ? toLogin(c, '/account/blocklist') : blocklistPage(c, r.errors, { pattern }, 400);
    return c.redirect('/account/blocklist', 303);
  });
  app.post('/account/blocklist/unblock', async (c) => {
    const id = positiveInt(formString(await readForm(c), 'id')) ?? 0;
    const r = await unblockTag(c.get('deps').db, c.get('viewer'), id);
    return r.ok ? c.redirect('/account/blocklist', 303) : toLogin(c, '/account/blocklist');
  });
  // Muting and blocking members: the same two forms each, over the two lists (services/blocklist.ts).
  const memberRoutes = (
    add: string,
    remove: string,
    adder: typeof muteUser,
    remover: typeof unmuteUser,
    typedAs: 'username' | 'blockUsername',
  ) => {
    app.post(`/account/blocklist/${add}`, async (c) => {
      const b = await readForm(c);
      const username = formString(b, 'username');
      const r = await adder(c.get('deps').db, c.get('viewer'), username);
      if (!r.ok)
        return r.status === 403
          ? toLogin(c, '/account/blocklist')
          : blocklistPage(c, r.errors, { [typedAs]: username }, r.status === 404 ? 404 : 400);
      return c.redirect(returnPath(c, formString(b, 'return_to'), '/account/blocklist'), 303);
    });
    app.post(`/account/blocklist/${remove}`, async (c) => {
      const id = positiveInt(formString(await readForm(c), 'id')) ?? 0;
      const r = await remover(c.get('deps').db, c.get('viewer'), id);
      return r.ok ? c.redirect('/account/blocklist', 303) : toLogin(c, '/account/blocklist');
    });
  };
  memberRoutes('mute', 'unmute', muteUser, unmuteUser, 'username');
  memberRoutes('block-member', 'unblock-member', blockUser, unblockUser, 'blockUsername');

  app.get('/dashboard', async (c) => {
    const r = await savedFilters(c.get('deps').db, c.get('viewer'));
    if (!r.ok) return toLogin(c, '/dashboard');
    const session = await ensureSession(c);
    const user = c.get('viewer').user!;
    const invitations = await pendingInvitationCount(c.get('deps').db, c.get('viewer'));
    const subscribeButtons = new Map<number, string>();
    for (const f of r.value) subscribeButtons.set(f.id, await subscribeButtonHtml(c, 'filter', f.id, '/dashboard'));
    return page(
      c,
      'Dashboard',
      <div class="ui">
        <h1>{user.username}’s dashboard</h1>
        <p>
          <a href={userHref(user.username)}>Your works</a> · <a href={`${userHref(user.username)}/drafts`}>Drafts</a> ·{' '}
          <a href="/works/new">Post New</a> · <a href="/account/blocklist">Blocklist</a> ·{' '}
          <a href="/account">Account</a> · <a href={`${userHref(user.username)}/history`}>History</a> ·{' '}
          <a href={`${userHref(user.username)}/history?show=later`}>Marked for Later</a> ·{' '}
          <a href={`${userHref(user.username)}/co-creator-requests`}>
            Co-creator requests{invitations > 0 ? ` (${invitations})` : ''}
          </a>
        </p>
        {invitations > 0 ? (
          <p class="flash" role="status">
            {invitations === 1
              ? 'A co-creator invitation is waiting for you.'
              : `${invitations} co-creator invitations are waiting for you.`}{' '}
            <a href={`${userHref(user.username)}/co-creator-requests`}>Accept or decline</a>
          </p>
        ) : null}
        <h2>Saved filters</h2>
        {r.value.length === 0 ? (
          <p class="muted">Filter the works list, then use “Save this filter” in its sidebar.</p>
        ) : null}
        <ul class="saved-filters">
          {r.value.map((f) => (
            <li>
              <a href={`/works?${f.query}`}>{f.name}</a>{' '}
              <form method="post" action="/account/filters/delete">
                <Csrf token={session.csrf_token} />
                <input type="hidden" name="id" value={String(f.id)} />
                <button type="submit">Delete</button>
              </form>
              {raw(subscribeButtons.get(f.id) ?? '')}
            </li>
          ))}
        </ul>
      </div>,
    );
  });
  app.post('/account/filters', async (c) => {
    const b = await readForm(c);
    const r = await saveFilter(c.get('deps').db, c.get('viewer'), formString(b, 'name'), formString(b, 'query'));
    if (!r.ok && r.status === 403) return toLogin(c, '/dashboard');
    if (!r.ok) {
      return page(
        c,
        'Filter not saved',
        <div class="ui">
          <h1>Filter not saved</h1>
          <p class="flash error-summary" role="alert">
            {Object.values(r.errors).join(' ')}
          </p>
          <p>
            <a href="/dashboard">Your saved filters</a>
          </p>
        </div>,
        r.status === 409 ? 409 : 400,
      );
    }
    return c.redirect('/dashboard', 303);
  });
  app.post('/account/filters/delete', async (c) => {
    const id = positiveInt(formString(await readForm(c), 'id')) ?? 0;
    const r = await removeSavedFilter(c.get('deps').db, c.get('viewer'), id);
    return r.ok ? c.redirect('/dashboard', 303) : toLogin(c, '/dashboard');
  });
}
