import type { Chapter, Work } from '../../domain/work.js';
import { Byline, Csrf, UserHtml, WorkMeta } from './components.js';

const chapterHeading = (c: Chapter) => (c.title ? `Chapter ${c.position}: ${c.title}` : `Chapter ${c.position}`);

export interface WorkViewProps {
  work: Work;
  chapters: Chapter[];
  /** Showing every chapter ("Entire Work"), or the only one. */
  whole: boolean;
  canEdit: boolean;
  csrf: string | undefined;
  preview?: boolean;
}

/** The creator's tools above a work. */
const CreatorActions = ({
  work,
  csrf,
  current,
}: {
  work: Work;
  csrf: string | undefined;
  current?: Chapter | undefined;
}) => (
  <div class="actions" role="group" aria-label="Work actions">
    <a class="button" href={`/works/${work.id}/edit`}>
      Edit Work
    </a>
    {current ? (
      <a class="button" href={`/works/${work.id}/chapters/${current.position}/edit`}>
        Edit Chapter
      </a>
    ) : null}
    <a class="button" href={`/works/${work.id}/chapters/new`}>
      Add Chapter
    </a>
    {work.chapters.length > 1 ? (
      <a class="button" href={`/works/${work.id}/chapters/manage`}>
        Manage Chapters
      </a>
    ) : null}
    {!work.posted && csrf ? (
      <form method="post" action={`/works/${work.id}/publish`}>
        <Csrf token={csrf} />
        <button class="primary" type="submit">
          Post Draft
        </button>
      </form>
    ) : null}
    {work.posted ? (
      <a class="button" href={`/works/${work.id}/orphan`}>
        Orphan Work
      </a>
    ) : null}
    <a class="button danger" href={`/works/${work.id}/delete`}>
      Delete Work
    </a>
  </div>
);

/** Shown above and below the text; `label` tells the two landmarks apart. */
const ChapterNav = ({
  work,
  current,
  whole,
  label,
}: {
  work: Work;
  current: Chapter | undefined;
  whole: boolean;
  label: string;
}) => {
  if (work.chapters.length <= 1) return null;
  const pos = current?.position ?? 0;
  return (
    <nav class="chapters" aria-label={label}>
      {!whole && pos > 1 ? <a href={`/works/${work.id}/chapters/${pos - 1}`}>← Previous Chapter</a> : null}
      {whole ? (
        <a href={`/works/${work.id}/chapters/1`}>Chapter by Chapter</a>
      ) : (
        <a href={`/works/${work.id}?view_full_work=true`}>Entire Work</a>
      )}
      {!whole && pos < work.chapters.length ? (
        <a href={`/works/${work.id}/chapters/${pos + 1}`}>Next Chapter →</a>
      ) : null}
    </nav>
  );
};

/** The whole work as a file; the download routes ask the same policy as this page. */
const DownloadLinks = ({ work }: { work: Work }) => (
  <nav class="download" aria-label="Download">
    Download: <a href={`/works/${work.id}/download.epub`}>EPUB</a> ·{' '}
    <a href={`/works/${work.id}/download.html`}>HTML</a> · <a href={`/works/${work.id}/download.txt`}>TXT</a> ·{' '}
    <a href={`/works/${work.id}/bookmarks`}>Bookmarks</a>
  </nav>
);

const ChapterBlock = ({ chapter, showHeading, H }: { chapter: Chapter; showHeading: boolean; H: 'h2' | 'h3' }) => (
  <div class="chapter" id={`chapter-${chapter.position}`}>
    {showHeading ? <H class="chapter-heading">{chapterHeading(chapter)}</H> : null}
    {chapter.summary ? (
      <div class="module summary">
        <H>Chapter Summary</H>
        <blockquote class="userstuff">
          <UserHtml html={chapter.summary} />
        </blockquote>
      </div>
    ) : null}
    {chapter.notes ? (
      <div class="module notes">
        <H>Chapter Notes</H>
        <blockquote class="userstuff">
          <UserHtml html={chapter.notes} />
        </blockquote>
      </div>
    ) : null}
    <div class="userstuff" role="article">
      <UserHtml html={chapter.body} />
    </div>
    {chapter.endNotes ? (
      <div class="module end notes">
        <H>Chapter End Notes</H>
        <blockquote class="userstuff">
          <UserHtml html={chapter.endNotes} />
        </blockquote>
      </div>
    ) : null}
  </div>
);

/**
 * A work page: preface (tags, stats, title, byline, summary, notes), text, end notes. The title is
 * the page's h1 and the other headings h2; in a preview, which stands under the page's own h1, one
 * level lower.
 */
export const WorkView = ({ work, chapters, whole, canEdit, csrf, preview }: WorkViewProps) => {
  const [Title, H] = preview ? (['h2', 'h3'] as const) : (['h1', 'h2'] as const);
  const single = chapters.length === 1 ? chapters[0] : undefined;
  const isLast = whole || (single?.position ?? 0) === work.chapters.length;
  const isFirst = whole || single?.position === 1;
  return (
    <article class="work" lang={work.language}>
      {canEdit && !preview ? <CreatorActions work={work} csrf={csrf} current={whole ? undefined : single} /> : null}
      {!work.posted && !preview ? (
        <p class="notice">This is a draft: only its creators can see it. Post it when it is ready.</p>
      ) : null}
      {work.restricted ? <p class="notice">This work is visible only to logged-in members.</p> : null}
      {work.hiddenReason !== null ? (
        <p class="notice hidden-by-moderator">
          A moderator hid this work: it is listed nowhere, and only its creators and the moderators can open it. The
          reason given: {work.hiddenReason}
        </p>
      ) : null}
      <ChapterNav work={work} current={single} whole={whole} label="Chapters" />
      {preview ? null : <DownloadLinks work={work} />}
      {work.posted && !preview ? (
        <p class="report-link">
          <a
            href={`/report?kind=${single && !whole ? 'chapter' : 'work'}&id=${single && !whole ? single.id : work.id}`}
          >
            Report {single && !whole && work.chapters.length > 1 ? 'this chapter' : 'this work'}
          </a>
        </p>
      ) : null}
      <div class="preface">
        <WorkMeta work={work} countsSlot={!preview && work.posted} />
        <Title class="title">{work.title}</Title>
        <p class="byline">
          by <Byline work={work} />
        </p>
        {isFirst && work.summary ? (
          <div class="module summary">
            <H>Summary:</H>
            <blockquote class="userstuff">
              <UserHtml html={work.summary} />
            </blockquote>
          </div>
        ) : null}
        {isFirst && (work.notes || work.endNotes) ? (
          <div class="module notes">
            <H>Notes:</H>
            {work.notes ? (
              <blockquote class="userstuff">
                <UserHtml html={work.notes} />
              </blockquote>
            ) : null}
            {work.endNotes ? (
              <p class="jump">
                (See the end of the work for{' '}
                <a href={whole ? '#work_endnotes' : `/works/${work.id}/chapters/${work.chapters.length}#work_endnotes`}>
                  more notes
                </a>
                .)
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      {chapters.map((c) => (
        <ChapterBlock chapter={c} showHeading={work.chapters.length > 1 || chapters.length > 1} H={H} />
      ))}
      {isLast && work.endNotes ? (
        <div class="module end notes" id="work_endnotes">
          <H>End Notes:</H>
          <blockquote class="userstuff">
            <UserHtml html={work.endNotes} />
          </blockquote>
        </div>
      ) : null}
      <ChapterNav work={work} current={single} whole={whole} label="Chapters, after the text" />
    </article>
  );
};
