import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { tagInfo, type TagInfo } from '../../services/tag-info.js';
import { wrangleTag, type WrangleAction } from '../../services/wrangle-tag.js';
import { fandomQueue, wranglingLog } from '../../services/wrangling-queue.js';
import { canWrangle } from '../../policies/index.js';
import { TAG_TYPE_LABELS, tagFromUrlSegment, tagToUrlSegment, type TagType } from '../../domain/tags.js';
import { ensureSession } from '../middleware/session.js';
import { formString } from '../forms.js';
import { Csrf, formatDate, formatNumber, tagHref } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { readForm } from '../read-form.js';

const tagPageHref = (name: string) => `/tags/${tagToUrlSegment(name)}`;
/** "This is a canonical fandom tag." / "This is an additional tag.": the article follows the next word. */
function tagKindSentence(canonical: boolean, label: string): string {
  const kind = `${canonical ? 'canonical ' : ''}${label.toLowerCase().replace(/ tag$/, '')} tag`;
  return `This is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}.`;
}

const TagLinks = ({ names }: { names: string[] }) => (
  <>
    {names.length === 0
      ? '—'
      : names.map((n, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <a href={tagPageHref(n)}>{n}</a>
          </>
        ))}
  </>
);

const WrangleForms = ({ info, csrf }: { info: TagInfo; csrf: string }) => {
  const action = `${tagPageHref(info.tag.name)}/wrangle`;
  const one = (
    kind: string,
    label: string,
    field?: { name: string; placeholder: string },
    button = label,
    hiddenTarget?: string,
  ) => (
    <form method="post" action={action} class="wrangle">
      <Csrf token={csrf} />
      <input type="hidden" name="kind" value={kind} />
      {hiddenTarget !== undefined ? <input type="hidden" name="target" value={hiddenTarget} /> : null}
      {field ? <input type="text" name={field.name} placeholder={field.placeholder} aria-label={label} /> : null}
      <button type="submit">{button}</button>
    </form>
  );
  const t = info.tag;
  return (
    <section class="wrangling ui">
      <h2>Wrangle</h2>
      {t.canonical
        ? one('non-canonical', 'Make non-canonical')
        : t.merger_id === null
          ? one('canonical', 'Make canonical')
          : null}
      {t.merger_id !== null
        ? one('unsynonym', 'Remove from its canonical')
        : !t.canonical
          ? one('synonym', 'Make synonym of', { name: 'target', placeholder: 'canonical tag' })
          : null}
      {t.canonical ? one('add-meta', 'Add meta tag', { name: 'target', placeholder: 'broader canonical tag' }) : null}
      {info.metaTags.map((m) => one('remove-meta', `Remove meta tag ${m}`, undefined, `Remove meta “${m}”`, m))}
      {info.parentFandoms.map((f) => one('remove-parent', `Remove fandom ${f}`, undefined, `Remove fandom “${f}”`, f))}
      {['character', 'relationship', 'freeform'].includes(t.type)
        ? one('add-parent', 'Add fandom', { name: 'target', placeholder: 'canonical fandom' })
        : null}
      {one('rename', 'Rename', { name: 'target', placeholder: 'new name' })}
    </section>
  );
};

async function tagPage(c: Context<AppEnv>, name: string, error?: string, status: 200 | 400 | 404 = 200) {
  const viewer = c.get('viewer');
  const info = await tagInfo(c.get('deps').search, viewer, name);
  if (!info) return notFoundPage(c);
  const t = info.tag;
  const wrangler = canWrangle(viewer);
  const csrf = wrangler ? (await ensureSession(c)).csrf_token : undefined;
  return page(
    c,
    t.name,
    <div class="ui tag-page">
      <h1>{t.name}</h1>
      {error ? (
        <p class="flash error-summary" role="alert">
          {error}
        </p>
      ) : null}
      <p>
        {tagKindSentence(t.canonical === 1, TAG_TYPE_LABELS[t.type as TagType]?.one ?? 'tag')}
        {info.synonymOf ? (
          <>
            {' '}
            It is a synonym of <a href={tagPageHref(info.synonymOf)}>{info.synonymOf}</a>: filtering on that tag finds
            works tagged with this one.
          </>
        ) : null}
      </p>
      <dl class="meta">
        <dt>Works</dt>
        <dd>
          <a href={tagHref(t.name)}>
            {formatNumber(info.workCount)} {info.workCount === 1 ? 'work' : 'works'}
          </a>
          {info.hiddenByBlocklist > 0 ? `, ${formatNumber(info.hiddenByBlocklist)} hidden by your filters` : null}
        </dd>
        <dt>Synonyms</dt>
        <dd>
          <TagLinks names={info.synonyms} />
        </dd>
        <dt>Meta tags</dt>
        <dd>
          <TagLinks names={info.metaTags} />
        </dd>
        <dt>Sub tags</dt>
        <dd>
          <TagLinks names={info.subTags} />
        </dd>
        {t.type !== 'fandom' ? (
          <>
            <dt>Parent fandoms</dt>
            <dd>
              <TagLinks names={info.parentFandoms} />
            </dd>
          </>
        ) : (
          <>
            <dt>Wrangling</dt>
            <dd>
              {wrangler ? (
                <a href={`${tagPageHref(t.name)}/unwrangled`}>Tags in this fandom that need wrangling</a>
              ) : (
                '—'
              )}
            </dd>
          </>
        )}
      </dl>
      {csrf ? <WrangleForms info={info} csrf={csrf} /> : null}
      {info.audit ? (
        <section>
          <h2>History</h2>
          {info.audit.length === 0 ? <p class="muted">No changes yet.</p> : null}
          <ul>
            {info.audit.map((a) => (
              <li>
                {formatDate(a.createdAt)} — {a.username ?? 'someone'} {a.action}
                {a.detail ? ` ${a.detail}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>,
    status,
  );
}

function actionFrom(kind: string, target: string): WrangleAction | undefined {
  switch (kind) {
    case 'canonical':
      return { kind: 'canonical', canonical: true };
    case 'non-canonical':
      return { kind: 'canonical', canonical: false };
    case 'synonym':
      return { kind: 'synonym', of: target };
    case 'unsynonym':
      return { kind: 'synonym', of: null };
    case 'add-meta':
      return { kind: 'add-meta', meta: target };
    case 'remove-meta':
      return { kind: 'remove-meta', meta: target };
    case 'add-parent':
      return { kind: 'add-parent', fandom: target };
    case 'remove-parent':
      return { kind: 'remove-parent', fandom: target };
    case 'rename':
      return { kind: 'rename', name: target };
    default:
      return undefined;
  }
}

export function registerTagRoutes(app: Hono<AppEnv>): void {
  app.get('/tags/:name', (c) => tagPage(c, tagFromUrlSegment(c.req.param('name'))));

  app.post('/tags/:name/wrangle', async (c) => {
    const name = tagFromUrlSegment(c.req.param('name'));
    const b = await readForm(c);
    const kind = formString(b, 'kind');
    const target = formString(b, 'target').trim();
    const action = actionFrom(kind, target);
    if (!canWrangle(c.get('viewer'))) return errorPage(c, 403, 'Wranglers only', 'Only tag wranglers can change tags.');
    if (
      !action ||
      ((kind === 'synonym' || kind.endsWith('-meta') || kind.endsWith('-parent') || kind === 'rename') && !target)
    ) {
      return tagPage(c, name, 'Type the tag this change needs.', 400);
    }
    const r = await wrangleTag(c.get('deps').db, c.get('viewer'), name, action);
    if (!r.ok) {
      if (r.status === 403)
        return errorPage(c, 403, 'Wranglers only', r.errors._ ?? 'Only tag wranglers can change tags.');
      return tagPage(c, name, Object.values(r.errors).join(' '), r.status === 404 ? 404 : 400);
    }
    return c.redirect(tagPageHref(r.value.tag), 303);
  });

  app.get('/tags/:name/unwrangled', async (c) => {
    const r = await fandomQueue(c.get('deps').db, c.get('viewer'), tagFromUrlSegment(c.req.param('name')));
    if (!r.ok) return r.status === 404 ? notFoundPage(c) : errorPage(c, 403, 'Wranglers only', r.errors._ ?? '');
    return page(
      c,
      `Wrangling: ${r.value.fandom}`,
      <div class="ui">
        <h1>Unwrangled tags in {r.value.fandom}</h1>
        <p class="muted">
          Tags used on this fandom’s works that are neither canonical nor synonyms, and canonical tags without a parent
          fandom.
        </p>
        {r.value.tags.length === 0 ? <p class="notice">Nothing left to wrangle here.</p> : null}
        <table>
          <thead>
            <tr>
              <th>Tag</th>
              <th>Type</th>
              <th>Uses</th>
            </tr>
          </thead>
          <tbody>
            {r.value.tags.map((t) => (
              <tr>
                <td>
                  <a href={tagPageHref(t.name)}>{t.name}</a>
                </td>
                <td>{TAG_TYPE_LABELS[t.type as TagType]?.one ?? t.type}</td>
                <td>{formatNumber(t.uses)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>,
    );
  });

  app.get('/wrangling', async (c) => {
    const r = await wranglingLog(c.get('deps').db, c.get('viewer'));
    if (!r.ok) return errorPage(c, 403, 'Wranglers only', r.errors._ ?? '');
    return page(
      c,
      'Wrangling log',
      <div class="ui">
        <h1>Wrangling log</h1>
        <ul>
          {r.value.map((a) => (
            <li>
              {a.createdAt.slice(0, 16).replace('T', ' ')} — {a.username ?? 'someone'} {a.action}{' '}
              <a href={tagPageHref(a.tagName)}>{a.tagName}</a>
              {a.detail ? ` ${a.detail}` : ''}
            </li>
          ))}
        </ul>
      </div>,
    );
  });
}
