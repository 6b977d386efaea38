import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { raw } from 'hono/html';
import { subscribeButtonHtml } from './subscriptions-button.js';
import { countsForListing } from './counts-shown.js';
import { queryWorks } from '../../search/works-query.js';
import { findProfile, findProfilePseud } from '../../services/profiles.js';
import { positiveInt } from '../forms.js';
import {
  BlockedNotice,
  Csrf,
  Pagination,
  WorkList,
  formatDate,
  formatNumber,
  pseudHref,
  userHref,
} from './components.js';
import { notFoundPage } from './error-page.js';
import { page } from './render.js';
import { canViewPublicPage, isModeratorUser } from '../../policies/index.js';

const pageParam = (s: string | undefined) => positiveInt(s) ?? 1;

export function registerListingRoutes(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    canViewPublicPage(c.get('viewer'), 'home');
    const { works, hiddenByBlocklist } = await queryWorks(c.get('deps').search, c.get('viewer'), {
      page: 1,
      pageSize: 20,
    });
    const counts = await countsForListing(c, works);
    const site = c.get('deps').config.siteName;
    return page(
      c,
      site,
      <>
        <section class="ui">
          <h1>Welcome to {site}</h1>
          <p>
            An archive of fan works.{' '}
            {c.get('viewer').user ? (
              <a href="/works/new">Post a new work</a>
            ) : (
              <a href="/signup">Sign up to post your own</a>
            )}
            .
          </p>
        </section>
        <h2>Recently updated</h2>
        <BlockedNotice hidden={hiddenByBlocklist} showHref="/works?show_blocked=1" />
        <WorkList works={works} counts={counts} empty="No works have been posted yet." />
        <p class="ui">
          <a href="/works">All works →</a>
        </p>
      </>,
    );
  });

  app.get('/users/:username', async (c) => {
    const { db, search } = c.get('deps');
    const viewer = c.get('viewer');
    const profile = await findProfile(db, viewer, c.req.param('username'));
    if (!profile) return notFoundPage(c);
    const p = pageParam(c.req.query('page'));
    const showBlocked = c.req.query('show_blocked') === '1';
    const result = await queryWorks(search, viewer, { userId: profile.userId, page: p, showBlocked });
    const own = viewer.user?.id === profile.userId;
    const subscribe = own ? '' : await subscribeButtonHtml(c, 'user', profile.userId, c.req.path);
    return page(
      c,
      profile.username,
      <>
        <h1>{profile.username}</h1>
        <p class="ui muted">Joined {formatDate(profile.joinedAt)}</p>
        <section class="ui">
          <h2>Pseuds</h2>
          <ul>
            {profile.pseuds.map((ps) => (
              <li>
                <a href={pseudHref(profile.username, ps.name)}>{ps.name}</a>
                {ps.is_default ? ' (default)' : ''}
              </li>
            ))}
          </ul>
          {viewer.user && !own && c.get('session') ? (
            <form method="post" action="/account/blocklist/mute">
              <Csrf token={c.get('session')!.csrf_token} />
              <input type="hidden" name="username" value={profile.username} />
              <input type="hidden" name="return_to" value={c.req.path} />
              <button type="submit">Mute {profile.username}</button>
            </form>
          ) : null}
          {raw(subscribe)}
          {own ? null : (
            <p>
              <a href={`/report?kind=user&id=${profile.userId}`}>Report {profile.username}</a>
              {isModeratorUser(viewer.user) ? (
                <>
                  {' · '}
                  <a href={`/moderation/members/${encodeURIComponent(profile.username)}`}>Moderate</a>
                </>
              ) : null}
            </p>
          )}
          {own ? (
            <p>
              <a href={`${userHref(profile.username)}/pseuds/new`}>Add a pseud</a> ·{' '}
              <a href={`${userHref(profile.username)}/drafts`}>Your drafts</a> ·{' '}
              <a href={`${userHref(profile.username)}/subscriptions`}>Your subscriptions</a>
            </p>
          ) : null}
        </section>
        <h2>Works ({formatNumber(result.total)})</h2>
        <BlockedNotice hidden={result.hiddenByBlocklist} showHref={`${c.req.path}?show_blocked=1`} />
        <WorkList works={result.works} counts={await countsForListing(c, result.works)} empty="No works you can see." />
        <Pagination page={result.page} pages={result.pages} base={c.req.path} />
      </>,
      200,
      { feed: { href: `${userHref(profile.username)}/feed.atom`, title: `Works by ${profile.username} (Atom feed)` } },
    );
  });

  app.get('/users/:username/pseuds/:pseud', async (c, next) => {
    // "Add a pseud" (account routes, registered later) lives at pseuds/new; "new" is not a pseud name.
    if (c.req.param('pseud') === 'new') return next();
    const { db, search } = c.get('deps');
    const viewer = c.get('viewer');
    const found = await findProfilePseud(db, viewer, c.req.param('username'), c.req.param('pseud'));
    if (!found) return notFoundPage(c);
    const p = pageParam(c.req.query('page'));
    const showBlocked = c.req.query('show_blocked') === '1';
    const result = await queryWorks(search, viewer, { pseudId: found.pseud.id, page: p, showBlocked });
    return page(
      c,
      `${found.pseud.name} (${found.profile.username})`,
      <>
        <h1>
          {found.pseud.name} <span class="muted">({found.profile.username})</span>
        </h1>
        <p class="ui">
          A pseud of <a href={userHref(found.profile.username)}>{found.profile.username}</a>.
        </p>
        <h2>Works ({formatNumber(result.total)})</h2>
        <BlockedNotice hidden={result.hiddenByBlocklist} showHref={`${c.req.path}?show_blocked=1`} />
        <WorkList
          works={result.works}
          counts={await countsForListing(c, result.works)}
          empty="No works you can see under this pseud."
        />
        <Pagination page={result.page} pages={result.pages} base={c.req.path} />
      </>,
    );
  });

  app.get('/users/:username/drafts', async (c) => {
    const { db, search } = c.get('deps');
    const viewer = c.get('viewer');
    const profile = await findProfile(db, viewer, c.req.param('username'));
    if (!profile) return notFoundPage(c);
    const p = pageParam(c.req.query('page'));
    const result = await queryWorks(search, viewer, { draftsOf: profile.userId, page: p });
    // The policy (asked inside queryWorks) shows drafts to their creator only; 404 hides whether any exist.
    if (viewer.user?.id !== profile.userId) return notFoundPage(c);
    return page(
      c,
      'Drafts',
      <>
        <h1>Drafts</h1>
        <p class="ui muted">Only you can see your drafts. Open one to post it.</p>
        <h2 class="visually-hidden">Your drafts</h2>
        <WorkList works={result.works} counts={await countsForListing(c, result.works)} empty="You have no drafts." />
        <Pagination page={result.page} pages={result.pages} base={c.req.path} />
      </>,
    );
  });
}
