import type { Work } from '../../domain/work.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import type { Reading } from '../../services/reading-history.js';
import type { WorksPage } from '../../search/works-query.js';
import { BlockedNotice, Blurb, Csrf, Pagination, formatDate, formatNumber } from './components.js';

export interface HistoryViewProps {
  base: string;
  later: boolean;
  works: WorksPage;
  readings: ReadonlyMap<number, Reading>;
  counts: ReadonlyMap<number, WorkCounts & { newChapters?: number }>;
  keepHistory: boolean;
  csrf: string;
}

/** What the member last did with a work: last chapter, visits and when, under its blurb. */
const ReadingLine = ({ work, reading, base, csrf }: { work: Work; reading: Reading; base: string; csrf: string }) => (
  <div class="reading-line ui">
    {reading.visits > 0 ? (
      <p>
        {reading.lastChapterPosition !== undefined ? (
          <>
            Last read{' '}
            <a href={`/works/${work.id}/chapters/${reading.lastChapterPosition}`}>
              Chapter {reading.lastChapterPosition}
            </a>{' '}
            ·{' '}
          </>
        ) : null}
        Visited {formatNumber(reading.visits)} {reading.visits === 1 ? 'time' : 'times'} · last on{' '}
        <time datetime={reading.lastVisitedAt}>{formatDate(reading.lastVisitedAt)}</time>
        {reading.markedForLater ? ' · Marked for Later' : ''}
      </p>
    ) : (
      <p>Marked for Later, not opened yet</p>
    )}
    <form method="post" action={`${base}/${work.id}/delete`}>
      <Csrf token={csrf} />
      <button type="submit" aria-label={`Remove from History: ${work.title}`}>
        Remove from History
      </button>
    </form>
  </div>
);

/** A member's reading history, or the works they marked for later. */
export const HistoryView = ({ base, later, works, readings, counts, keepHistory, csrf }: HistoryViewProps) => (
  <>
    <h1>{later ? 'Marked for Later' : 'History'}</h1>
    <nav class="ui" aria-label="History views">
      {later ? <a href={base}>Full History</a> : <a href={`${base}?show=later`}>Marked for Later</a>}
    </nav>
    {keepHistory ? null : (
      <p class="notice">
        Your reading history is turned off: works you open are not added. Turn it on in your{' '}
        <a href="/account">preferences</a>.
      </p>
    )}
    <BlockedNotice hidden={works.hiddenByBlocklist} showHref={`${base}?${later ? 'show=later&' : ''}show_blocked=1`} />
    <h2>
      {formatNumber(works.total)} {works.total === 1 ? 'work' : 'works'}
    </h2>
    {works.works.length === 0 ? (
      <p class="notice">{later ? 'You have marked no works for later.' : 'Your history is empty.'}</p>
    ) : (
      <ol class="works">
        {works.works.map((w) => (
          <Blurb work={w} counts={counts.get(w.id)}>
            {readings.get(w.id) ? <ReadingLine work={w} reading={readings.get(w.id)!} base={base} csrf={csrf} /> : null}
          </Blurb>
        ))}
      </ol>
    )}
    <Pagination page={works.page} pages={works.pages} base={later ? `${base}?show=later` : base} />
    {works.total > 0 && !later ? (
      <form class="ui" method="post" action={`${base}/delete`}>
        <Csrf token={csrf} />
        <button class="danger" type="submit">
          Clear History
        </button>{' '}
        <span class="muted">Removes every work from your history, those marked for later too.</span>
      </form>
    ) : null}
  </>
);
