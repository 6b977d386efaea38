import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { auditLogPage, AUDIT_PAGE_SIZE, type AuditEntry } from '../../services/audit-log.js';
import { changeRole, findMembers, ROLES, type MemberRow } from '../../services/member-roles.js';
import { formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { Csrf, formatDate } from './components.js';
import { adminPage, refuseNonAdmin } from './admin-guard.js';
import { errorPage } from './error-page.js';

const SECTIONS: Array<[string, string, string]> = [
  ['/admin/members', 'Members', 'Find members by name or address; grant and remove roles.'],
  ['/moderation', 'Reports', 'The reports queue and moderation.'],
  ['/admin/audit', 'Audit log', 'Every admin and moderator action, newest first.'],
  ['/admin/settings', 'Settings', 'The archive’s name, sign-up, guest comments, the banner and the site pages.'],
  ['/admin/invitations', 'Invitations', 'The invitation queue and invitation codes.'],
  ['/admin/outbox', 'Outbox', 'Mail that could not be sent, and mail written to the outbox folder.'],
];

const RoleForms = ({ m, csrf, me }: { m: MemberRow; csrf: string; me: number }) => {
  const has = { admin: m.isAdmin, moderator: m.isModerator, wrangler: m.isWrangler };
  return (
    <div class="role-forms">
      {ROLES.map((role) =>
        // An admin's own admin role is not theirs to remove.
        has[role] && role === 'admin' && m.id === me ? null : (
          <form method="post" action={`/admin/members/${m.id}/roles`}>
            <Csrf token={csrf} />
            <input type="hidden" name="role" value={role} />
            <input type="hidden" name="granted" value={has[role] ? '0' : '1'} />
            <button type="submit">
              {has[role] ? 'Remove' : 'Make'} {role}
              <span class="visually-hidden"> ({m.username})</span>
            </button>
          </form>
        ),
      )}
    </div>
  );
};

const roleList = (m: MemberRow) =>
  [m.isAdmin && 'admin', m.isModerator && 'moderator', m.isWrangler && 'wrangler'].filter(Boolean).join(', ') ||
  'member';

const AuditRow = ({ e }: { e: AuditEntry }) => (
  <tr>
    <td>{e.created_at.slice(0, 19).replace('T', ' ')}</td>
    <td>{e.actor_name}</td>
    <td>{e.action}</td>
    <td>{e.target_id === null ? e.target_kind : `${e.target_kind} ${e.target_id}`}</td>
    <td>
      <code>{e.detail}</code>
    </td>
  </tr>
);

/** The admin area's index, its members and roles, and the audit log. */
export function registerAdminRoutes(app: Hono<AppEnv>): void {
  app.get('/admin', (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    return adminPage(
      c,
      'Admin area',
      <ul class="admin-sections">
        {SECTIONS.map(([href, name, what]) => (
          <li>
            <a href={href}>{name}</a> — {what}
          </li>
        ))}
      </ul>,
    );
  });

  app.get('/admin/members', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const q = c.req.query('q') ?? '';
    const pageNo = positiveInt(c.req.query('page')) ?? 1;
    const r = await findMembers(c.get('deps').db, c.get('viewer'), q, pageNo);
    if (!r.ok) return errorPage(c, 403, 'Admins only', r.errors._ ?? '');
    const csrf = c.get('session')?.csrf_token ?? '';
    const me = c.get('viewer').user?.id ?? 0;
    const more = (p: number) => `/admin/members?${new URLSearchParams({ q, page: String(p) }).toString()}`;
    return adminPage(
      c,
      'Members',
      <>
        <form method="get" action="/admin/members" role="search" aria-label="Members" class="member-search">
          <label for="member-q">Name or email contains</label> <input type="search" id="member-q" name="q" value={q} />{' '}
          <button type="submit">Search</button>
        </form>
        {r.value.members.length === 0 ? (
          <p>No member matches.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Confirmed</th>
                <th scope="col">Joined</th>
                <th scope="col">Change roles</th>
              </tr>
            </thead>
            <tbody>
              {r.value.members.map((m) => (
                <tr>
                  <td>
                    <a href={`/users/${encodeURIComponent(m.username)}`}>{m.username}</a>
                  </td>
                  <td>{m.email}</td>
                  <td>{roleList(m)}</td>
                  <td>{m.confirmedAt ? 'yes' : 'no'}</td>
                  <td>{formatDate(m.createdAt)}</td>
                  <td>
                    <RoleForms m={m} csrf={csrf} me={me} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="More members" class="pagination">
          {pageNo > 1 ? <a href={more(pageNo - 1)}>← Previous</a> : null}{' '}
          {r.value.more ? <a href={more(pageNo + 1)}>Next →</a> : null}
        </nav>
      </>,
      { flash: c.req.query('done') },
    );
  });

  app.post('/admin/members/:id{[0-9]+}/roles', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const b = await readForm(c);
    const userId = positiveInt(c.req.param('id'));
    if (userId === undefined) return errorPage(c, 404, 'No such member', 'There is no such member.');
    const r = await changeRole(c.get('deps').db, c.get('viewer'), {
      userId,
      role: formString(b, 'role'),
      granted: formString(b, 'granted') === '1',
    });
    if (!r.ok) return errorPage(c, r.status, 'Role not changed', r.errors._ ?? 'The role was not changed.');
    const done = `${formString(b, 'granted') === '1' ? 'Granted' : 'Removed'} ${formString(b, 'role')}: ${r.value.username}.`;
    return c.redirect(`/admin/members?${new URLSearchParams({ q: r.value.username, done }).toString()}`, 303);
  });

  app.get('/admin/audit', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const before = positiveInt(c.req.query('before'));
    const entries = await auditLogPage(c.get('deps').db, before);
    const last = entries.at(-1);
    return adminPage(
      c,
      'Audit log',
      <>
        {entries.length === 0 ? (
          <p>Nothing has been recorded{before ? ' before these' : ''}.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <AuditRow e={e} />
              ))}
            </tbody>
          </table>
        )}
        {entries.length === AUDIT_PAGE_SIZE && last ? (
          <nav aria-label="Older entries" class="pagination">
            <a href={`/admin/audit?before=${last.id}`}>Older →</a>
          </nav>
        ) : null}
      </>,
    );
  });
}
