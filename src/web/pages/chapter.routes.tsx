import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { overHourlyLimit, TOO_MANY_PER_HOUR } from '../../services/rate-limits.js';
import type { FieldErrors } from '../../domain/work-input.js';
import type { Work } from '../../domain/work.js';
import { addChapter, deleteChapter, editChapter, reorderChapters } from '../../services/chapters.js';
import { editableWorkForForm } from '../../services/work-forms.js';
import { readWork } from '../../services/read-work.js';
import { ensureSession } from '../middleware/session.js';
import { formString, positiveInt } from '../forms.js';
import { Csrf, ErrorSummary } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { STORAGE_FULL, STORAGE_FULL_MESSAGE, savedUnlessFull } from '../storage-full.js';
import { ChapterFields } from './work-form.js';
import { readForm } from '../read-form.js';

type ChapterForm = {
  chapterTitle: string;
  chapterSummary: string;
  chapterNotes: string;
  chapterEndNotes: string;
  body: string;
};
const emptyChapter = (): ChapterForm => ({
  chapterTitle: '',
  chapterSummary: '',
  chapterNotes: '',
  chapterEndNotes: '',
  body: '',
});
const chapterFromBody = (b: Parameters<typeof formString>[0]): ChapterForm => ({
  chapterTitle: formString(b, 'chapterTitle'),
  chapterSummary: formString(b, 'chapterSummary'),
  chapterNotes: formString(b, 'chapterNotes'),
  chapterEndNotes: formString(b, 'chapterEndNotes'),
  body: formString(b, 'body'),
});
const toInput = (v: ChapterForm) => ({
  title: v.chapterTitle,
  summary: v.chapterSummary,
  notes: v.chapterNotes,
  endNotes: v.chapterEndNotes,
  body: v.body,
});

async function chapterFormPage(
  c: Context<AppEnv>,
  work: Work,
  heading: string,
  action: string,
  v: ChapterForm,
  errors: FieldErrors,
  status: 200 | 400 | 403 | 404 | 413 | 429 | 507 = 200,
) {
  const session = await ensureSession(c);
  return page(
    c,
    heading,
    <>
      <h1>
        {heading} — <a href={`/works/${work.id}`}>{work.title}</a>
      </h1>
      <form class="work-form" method="post" action={action} novalidate>
        <Csrf token={session.csrf_token} />
        <ErrorSummary errors={errors} />
        <ChapterFields v={v} errors={errors} legend="Chapter" />
        <div class="actions">
          <button class="primary" type="submit">
            Save Chapter
          </button>
          <a class="button" href={`/works/${work.id}`}>
            Cancel
          </a>
        </div>
      </form>
    </>,
    status,
  );
}

type Guarded = { ok: true; work: Work } | { ok: false; response: Response | Promise<Response> };

async function guard(c: Context<AppEnv>): Promise<Guarded> {
  const e = await editableWorkForForm(c.get('deps').db, c.get('viewer'), positiveInt(c.req.param('id')));
  if (e.kind === 'hidden') return { ok: false, response: notFoundPage(c) };
  if (e.kind === 'forbidden')
    return {
      ok: false,
      response: errorPage(c, 403, 'Not your work', 'Only the work’s creators can change its chapters.'),
    };
  return { ok: true, work: e.work };
}

const statusOf = (s: number) => (s === 413 ? 413 : s === 404 ? 404 : s === 403 ? 403 : 400);

export function registerChapterRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id{[0-9]+}/chapters/new', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    return chapterFormPage(
      c,
      g.work,
      `Chapter ${g.work.chapters.length + 1}`,
      `/works/${g.work.id}/chapters/new`,
      emptyChapter(),
      {},
    );
  });
  app.post('/works/:id{[0-9]+}/chapters/new', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const v = chapterFromBody(await readForm(c));
    const { db, rateLimits } = c.get('deps');
    if (await overHourlyLimit(db, rateLimits, 'chapter', c.get('viewer').user!.id)) {
      c.header('Retry-After', '3600');
      const heading = `Chapter ${g.work.chapters.length + 1}`;
      return chapterFormPage(
        c,
        g.work,
        heading,
        `/works/${g.work.id}/chapters/new`,
        v,
        { _: TOO_MANY_PER_HOUR.chapter },
        429,
      );
    }
    const r = await savedUnlessFull(c, addChapter(c.get('deps').db, c.get('viewer'), g.work.id, toInput(v)));
    if (r === STORAGE_FULL)
      return chapterFormPage(
        c,
        g.work,
        `Chapter ${g.work.chapters.length + 1}`,
        `/works/${g.work.id}/chapters/new`,
        v,
        { _: STORAGE_FULL_MESSAGE },
        507,
      );
    if (!r.ok)
      return chapterFormPage(
        c,
        g.work,
        `Chapter ${g.work.chapters.length + 1}`,
        `/works/${g.work.id}/chapters/new`,
        v,
        r.errors,
        statusOf(r.status),
      );
    // The work's subscribers are notified by a background job: start it now, not at the next poll.
    c.get('deps').jobs?.wake();
    return c.redirect(`/works/${g.work.id}/chapters/${r.value.position}`, 303);
  });

  app.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/edit', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const pos = positiveInt(c.req.param('position')) ?? 0;
    const read = await readWork(c.get('deps').db, c.get('viewer'), g.work.id, { chapter: pos, proceedAdult: true });
    if (read.kind !== 'read') return notFoundPage(c);
    const ch = read.chapters[0]!;
    const v = {
      chapterTitle: ch.title,
      chapterSummary: ch.summary,
      chapterNotes: ch.notes,
      chapterEndNotes: ch.endNotes,
      body: ch.body,
    };
    return chapterFormPage(c, g.work, `Edit Chapter ${pos}`, `/works/${g.work.id}/chapters/${pos}/edit`, v, {});
  });
  app.post('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/edit', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const pos = positiveInt(c.req.param('position')) ?? 0;
    const v = chapterFromBody(await readForm(c));
    const r = await savedUnlessFull(c, editChapter(c.get('deps').db, c.get('viewer'), g.work.id, pos, toInput(v)));
    if (r === STORAGE_FULL)
      return chapterFormPage(
        c,
        g.work,
        `Edit Chapter ${pos}`,
        `/works/${g.work.id}/chapters/${pos}/edit`,
        v,
        { _: STORAGE_FULL_MESSAGE },
        507,
      );
    if (!r.ok)
      return chapterFormPage(
        c,
        g.work,
        `Edit Chapter ${pos}`,
        `/works/${g.work.id}/chapters/${pos}/edit`,
        v,
        r.errors,
        statusOf(r.status),
      );
    return c.redirect(`/works/${g.work.id}/chapters/${pos}`, 303);
  });

  app.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/delete', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const pos = positiveInt(c.req.param('position')) ?? 0;
    const ch = g.work.chapters.find((x) => x.position === pos);
    if (!ch) return notFoundPage(c);
    const session = await ensureSession(c);
    return page(
      c,
      'Delete chapter',
      <div class="ui">
        <h1>
          Delete chapter {pos}
          {ch.title ? `: ${ch.title}` : ''} of “{g.work.title}”?
        </h1>
        <p>The chapter’s text is deleted for good; later chapters move up.</p>
        <form method="post" action={`/works/${g.work.id}/chapters/${pos}/delete`} class="actions">
          <Csrf token={session.csrf_token} />
          <button class="danger" type="submit">
            Yes, Delete Chapter
          </button>
          <a class="button" href={`/works/${g.work.id}/chapters/${pos}`}>
            Cancel
          </a>
        </form>
      </div>,
    );
  });
  app.post('/works/:id{[0-9]+}/chapters/:position{[0-9]+}/delete', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const pos = positiveInt(c.req.param('position')) ?? 0;
    const r = await deleteChapter(c.get('deps').db, c.get('viewer'), g.work.id, pos);
    if (!r.ok)
      return errorPage(
        c,
        r.status === 404 ? 404 : 409,
        'Chapter not deleted',
        r.errors._ ?? 'The chapter could not be deleted.',
      );
    return c.redirect(`/works/${g.work.id}`, 303);
  });

  app.get('/works/:id{[0-9]+}/chapters/manage', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    return managePage(c, g.work, {});
  });
  app.post('/works/:id{[0-9]+}/chapters/manage', async (c) => {
    const g = await guard(c);
    if (!g.ok) return g.response;
    const body = await readForm(c, { all: true });
    // Each chapter has a "new position" box; sorting by it (ties keep the old order) gives the order.
    const wanted = g.work.chapters.map((ch) => ({
      old: ch.position,
      to: Number(formString(body, `position_${ch.position}`)),
    }));
    if (wanted.some((w) => !Number.isInteger(w.to) || w.to < 1)) {
      return managePage(c, g.work, { order: 'Give every chapter a position number of 1 or more.' }, 400);
    }
    const order = [...wanted].sort((a, b) => a.to - b.to || a.old - b.old).map((w) => w.old);
    const r = await reorderChapters(c.get('deps').db, c.get('viewer'), g.work.id, order);
    if (!r.ok) return managePage(c, g.work, r.errors, 400);
    return c.redirect(`/works/${g.work.id}?view_full_work=true`, 303);
  });
}

async function managePage(c: Context<AppEnv>, work: Work, errors: FieldErrors, status: 200 | 400 = 200) {
  const session = await ensureSession(c);
  return page(
    c,
    'Manage chapters',
    <>
      <h1>
        Manage chapters — <a href={`/works/${work.id}`}>{work.title}</a>
      </h1>
      <form class="work-form" method="post" action={`/works/${work.id}/chapters/manage`}>
        <Csrf token={session.csrf_token} />
        {errors.order ? <p class="error">{errors.order}</p> : null}
        <p class="hint">Type the new position of each chapter, then save.</p>
        <ol>
          {work.chapters.map((ch) => (
            <li>
              <label>
                <input type="number" min="1" name={`position_${ch.position}`} value={String(ch.position)} />{' '}
                {ch.title ? `Chapter ${ch.position}: ${ch.title}` : `Chapter ${ch.position}`}
              </label>{' '}
              <a href={`/works/${work.id}/chapters/${ch.position}/edit`}>Edit</a> ·{' '}
              <a href={`/works/${work.id}/chapters/${ch.position}/delete`}>Delete</a>
            </li>
          ))}
        </ol>
        <div class="actions">
          <button class="primary" type="submit">
            Save Order
          </button>
        </div>
      </form>
    </>,
    status,
  );
}
