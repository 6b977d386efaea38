import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { raw } from 'hono/html';
import { subscribeButtonHtml } from './subscriptions-button.js';
import { seriesForViewer } from '../../services/series-page.js';
import { positiveInt } from '../forms.js';
import { BlockedNotice, Pagination, WorkList, formatDate, formatNumber, userHref } from './components.js';
import { notFoundPage } from './error-page.js';
import { page } from './render.js';
import { feedError, worksFeedResponse } from '../feeds/works-feed.js';
import { countsForListing } from './counts-shown.js';

export function registerSeriesRoutes(app: Hono<AppEnv>): void {
  app.get('/series/:id{[0-9]+}/feed.atom', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const found =
      id === undefined
        ? undefined
        : await seriesForViewer(c.get('deps').search, c.get('viewer'), id, { page: 1, showBlocked: false });
    if (!found) return feedError(c, 404, 'No such series, or none of its works are visible to you.');
    const s = found.series;
    return worksFeedResponse(c, {
      title: `Series: ${s.title}`,
      selfUrl: `/series/${s.id}/feed.atom`,
      alternateUrl: `/series/${s.id}`,
      query: { seriesId: s.id },
    });
  });

  app.get('/series/:id', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const found =
      id === undefined
        ? undefined
        : await seriesForViewer(c.get('deps').search, c.get('viewer'), id, {
            page: positiveInt(c.req.query('page')) ?? 1,
            showBlocked: c.req.query('show_blocked') === '1',
          });
    if (!found) return notFoundPage(c);
    const { series, works } = found;
    const subscribe = await subscribeButtonHtml(c, 'series', series.id, c.req.path);
    return page(
      c,
      series.title,
      <>
        <h1>{series.title}</h1>
        <p class="ui muted">
          A series by <a href={userHref(series.username)}>{series.username}</a> · begun {formatDate(series.createdAt)} ·
          updated {formatDate(series.updatedAt)}
        </p>
        {raw(subscribe)}
        <h2>Works ({formatNumber(works.total)})</h2>
        <BlockedNotice hidden={works.hiddenByBlocklist} showHref={`${c.req.path}?show_blocked=1`} />
        <WorkList works={works.works} counts={await countsForListing(c, works.works)} empty="No works you can see." />
        <Pagination page={works.page} pages={works.pages} base={c.req.path} />
      </>,
      200,
      { feed: { href: `/series/${series.id}/feed.atom`, title: `${series.title} (Atom)` } },
    );
  });
}
