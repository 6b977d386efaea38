import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { ORPHAN_ACCOUNT } from '../../domain/orphan.js';
import { canOrphanOwnWorks, canOrphanWork, canSeeWork } from '../../policies/index.js';
import { orphanWorks, orphanableWorkIds, ORPHAN_MAX_WORKS } from '../../services/orphan-works.js';
import { loadWork } from '../../store/work.store.js';
import { ensureSession } from '../middleware/session.js';
import { formBool } from '../forms.js';
import { positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { Csrf } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';

const Explanation = () => (
  <p>
    Orphaning takes your name off and leaves the work on the archive, credited to {ORPHAN_ACCOUNT}, with its kudos,
    comments and bookmarks. You will not be able to edit or delete it afterwards, and it cannot be undone.
  </p>
);

async function confirmPage(c: Context<AppEnv>, title: string, action: string, what: string, cancel: string) {
  const session = await ensureSession(c);
  return page(
    c,
    title,
    <div class="ui">
      <h1>{title}</h1>
      <p>{what}</p>
      <Explanation />
      <form method="post" action={action} class="work-form">
        <Csrf token={session.csrf_token} />
        <div class="field">
          <label>
            <input type="checkbox" name="keepPseudName" value="1" /> Keep my pseud’s name on it (credited to{' '}
            {ORPHAN_ACCOUNT}’s pseud of that name)
          </label>
        </div>
        <div class="actions">
          <button class="danger" type="submit">
            Yes, Orphan
          </button>
          <a class="button" href={cancel}>
            Cancel
          </a>
        </div>
      </form>
    </div>,
  );
}

function donePage(c: Context<AppEnv>, titles: string[]) {
  return page(
    c,
    'Orphaned',
    <div class="ui">
      <h1>Orphaned</h1>
      <p class="flash">
        {titles.length === 1 ? `“${titles[0]}” is` : `${titles.length} works are`} now credited to {ORPHAN_ACCOUNT}.
      </p>
    </div>,
  );
}

/** Orphaning one work, or all of a member's works (services/orphan-works.ts). */
export function registerOrphanRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id{[0-9]+}/orphan', async (c) => {
    const viewer = c.get('viewer');
    const id = positiveInt(c.req.param('id'));
    const work = id === undefined ? undefined : await loadWork(c.get('deps').db, id);
    if (!work || !canSeeWork(viewer, work)) return notFoundPage(c);
    if (!canOrphanWork(viewer, work))
      return errorPage(c, 403, 'Cannot orphan', 'Only the creators of a posted work can orphan it.');
    return confirmPage(
      c,
      `Orphan “${work.title}”?`,
      `/works/${work.id}/orphan`,
      'Your credit on this work goes to the orphan account; any co-creators keep theirs.',
      `/works/${work.id}`,
    );
  });
  app.post('/works/:id{[0-9]+}/orphan', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const b = await readForm(c);
    const r = await orphanWorks(c.get('deps').db, c.get('viewer'), {
      workIds: [id],
      keepPseudName: formBool(b, 'keepPseudName'),
    });
    if (!r.ok) return r.status === 404 ? notFoundPage(c) : errorPage(c, 403, 'Cannot orphan', r.errors._ ?? '');
    return donePage(c, r.value.titles);
  });
  app.get('/orphan', async (c) => {
    const viewer = c.get('viewer');
    if (!canOrphanOwnWorks(viewer) || !viewer.user) return c.redirect('/login?return_to=%2Forphan', 303);
    const ids = await orphanableWorkIds(c.get('deps').db, viewer.user.id);
    if (ids.length === 0) return errorPage(c, 404, 'Nothing to orphan', 'You have no posted works.');
    const many = ids.length > ORPHAN_MAX_WORKS;
    return confirmPage(
      c,
      'Orphan all your works?',
      '/orphan',
      many
        ? `Your first ${ORPHAN_MAX_WORKS} posted works go to the orphan account now; do this again for the rest.`
        : `All ${ids.length} of your posted works go to the orphan account. Drafts stay yours.`,
      '/account',
    );
  });
  app.post('/orphan', async (c) => {
    const viewer = c.get('viewer');
    if (!canOrphanOwnWorks(viewer) || !viewer.user) return c.redirect('/login?return_to=%2Forphan', 303);
    const b = await readForm(c);
    const ids = (await orphanableWorkIds(c.get('deps').db, viewer.user.id)).slice(0, ORPHAN_MAX_WORKS);
    if (ids.length === 0) return errorPage(c, 404, 'Nothing to orphan', 'You have no posted works.');
    const r = await orphanWorks(c.get('deps').db, viewer, {
      workIds: ids,
      keepPseudName: formBool(b, 'keepPseudName'),
    });
    if (!r.ok) return errorPage(c, 403, 'Cannot orphan', r.errors._ ?? '');
    return donePage(c, r.value.titles);
  });
}
