import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import { readingsFor, recordReading } from '../../services/reading-history.js';
import { Csrf } from './components.js';

/**
 * Above a work's text, for a member: "Resume at Chapter N" when they open the work's first page after
 * reading further before, and the Marked for Later button. Rendered per request, outside the cached
 * text; guests and drafts get nothing.
 */
export async function readingBarHtml(c: Context<AppEnv>, work: Work, offerResume: boolean): Promise<string> {
  const viewer = c.get('viewer');
  const csrf = c.get('session')?.csrf_token;
  if (!viewer.user || !work.posted || !csrf) return '';
  const { db, readings } = c.get('deps');
  const reading = (await readingsFor(db, readings, viewer, [work])).get(work.id);
  const resumeAt = offerResume ? reading?.lastChapterPosition : undefined;
  const marked = reading?.markedForLater === true;
  const view = (
    <div class="actions reading ui" role="group" aria-label="Your reading">
      {resumeAt !== undefined && resumeAt > 1 ? (
        <a class="button primary resume" href={`/works/${work.id}/chapters/${resumeAt}`}>
          Resume at Chapter {resumeAt}
        </a>
      ) : null}
      <form method="post" action={`/works/${work.id}/mark_for_later`}>
        <Csrf token={csrf} />
        <input type="hidden" name="marked" value={marked ? '0' : '1'} />
        <button type="submit">{marked ? 'Mark as Read' : 'Mark for Later'}</button>
      </form>
    </div>
  );
  return String(await view);
}

/** Notes the visit for the member's history (in memory; the recorder writes it within a second). */
export function noteReading(c: Context<AppEnv>, work: Work, chapter: number | 'all'): void {
  const meta = chapter === 'all' ? work.chapters[work.chapters.length - 1] : work.chapters[chapter - 1];
  if (meta) recordReading(c.get('deps').readings, c.get('viewer'), work, meta);
}
