import type { FieldErrors } from '../../domain/work-input.js';
import type { ListedBookmark } from '../../store/bookmark.store.js';
import type { BookmarkFormValues } from '../../domain/bookmark-input.js';
import {
  Csrf,
  ErrorSummary,
  Field,
  formatDate,
  formatNumber,
  Pagination,
  pseudHref,
  tagHref,
  UserHtml,
} from './components.js';

/** The form that makes or edits the viewer's bookmark of a work, series or external work; the notes are typed as text or HTML. */
export const BookmarkForm = (p: {
  action: string;
  csrf: string;
  values: BookmarkFormValues;
  errors: FieldErrors;
  existingId: number | undefined;
  /** What is bookmarked, for the heading: 'work' unless said. */
  noun?: string;
}) => (
  <section id="bookmark-form" aria-labelledby="bookmark-form-title">
    <h2 id="bookmark-form-title">{p.existingId ? 'Your bookmark' : `Bookmark this ${p.noun ?? 'work'}`}</h2>
    <ErrorSummary errors={p.errors} />
    <form method="post" action={p.action}>
      <Csrf token={p.csrf} />
      <BookmarkFields values={p.values} errors={p.errors} />
      <button type="submit">{p.existingId ? 'Save bookmark' : 'Bookmark'}</button>
    </form>
    {p.existingId ? (
      <form method="post" action={`/bookmarks/${p.existingId}/delete`}>
        <Csrf token={p.csrf} />
        <button type="submit">Delete your bookmark</button>
      </form>
    ) : null}
  </section>
);

/** A bookmark's own fields: notes, the bookmarker's tags, rec and private. */
export const BookmarkFields = (p: { values: BookmarkFormValues; errors: FieldErrors }) => (
  <>
    <Field
      name="bookmark-notes"
      label="Notes"
      error={p.errors.notes}
      hint="Plain text or HTML, up to 5,000 characters."
    >
      <textarea id="bookmark-notes" name="notes" rows={4} aria-invalid={p.errors.notes ? 'true' : undefined}>
        {p.values.notes}
      </textarea>
    </Field>
    <Field name="bookmark-tags" label="Your tags" error={p.errors.tags} hint="Separated by commas, up to 75.">
      <input
        id="bookmark-tags"
        name="tags"
        type="text"
        value={p.values.tags}
        aria-invalid={p.errors.tags ? 'true' : undefined}
      />
    </Field>
    <p>
      <input id="bookmark-rec" name="rec" type="checkbox" value="1" checked={p.values.rec} />{' '}
      <label for="bookmark-rec">Rec (recommend it to others)</label>
    </p>
    <p>
      <input id="bookmark-private" name="private" type="checkbox" value="1" checked={p.values.private} />{' '}
      <label for="bookmark-private">Private (only you see it)</label>
    </p>
  </>
);

/** A page of bookmarks: who made each, when, whether a rec, their tags and notes. */
/** A bookmark's own tags and notes, under its byline wherever a bookmark is shown. */
export const BookmarkTagsAndNotes = ({ tags, notes }: { tags: readonly string[]; notes: string }) => (
  <>
    {tags.length ? (
      <ul class="tags" aria-label="Bookmarker’s tags">
        {tags.map((t) => (
          <li>
            <a class="tag" href={tagHref(t)}>
              {t}
            </a>
          </li>
        ))}
      </ul>
    ) : null}
    {notes ? (
      <div class="bookmark-notes userstuff">
        <UserHtml html={notes} />
      </div>
    ) : null}
  </>
);

export const BookmarkList = (p: {
  bookmarks: ListedBookmark[];
  total: number;
  page: number;
  pages: number;
  base: string;
}) => (
  <section aria-labelledby="bookmarks-title">
    <h2 id="bookmarks-title">
      {formatNumber(p.total)} {p.total === 1 ? 'bookmark' : 'bookmarks'}
    </h2>
    {p.bookmarks.length === 0 ? <p class="muted">No bookmarks to show.</p> : null}
    <ol class="bookmarks">
      {p.bookmarks.map((b) => (
        <li id={`bookmark-${b.id}`}>
          <article aria-label={`Bookmark by ${b.pseud}`}>
            <p class="byline">
              Bookmarked by <a href={pseudHref(b.username, b.pseud)}>{b.pseud}</a> on{' '}
              <time datetime={b.updatedAt}>{formatDate(b.updatedAt)}</time>
              {b.rec ? <strong class="rec"> · Rec</strong> : null}
              {b.private ? <span class="private"> · Private</span> : null}
            </p>
            <BookmarkTagsAndNotes tags={b.tags} notes={b.notes} />
          </article>
        </li>
      ))}
    </ol>
    <Pagination page={p.page} pages={p.pages} base={p.base} />
  </section>
);
