import type { FieldErrors } from '../../domain/work-input.js';
import { RATINGS } from '../../domain/tags.js';
import type { BookmarkFormValues, ExternalWorkFormValues } from '../../domain/bookmark-input.js';
import type { ExternalWork } from '../../store/external-work.store.js';
import { Csrf, ErrorSummary, Field, TagList, TextField, UserHtml } from './components.js';
import { BookmarkFields } from './bookmarks.js';

/**
 * A work hosted elsewhere, as a blurb: title, creator, fandoms, rating and summary. Behind the adult
 * gate (`gated`) the title links to its page here, which asks first, instead of to the address.
 * `top`: the blurb is the page's subject, right under its h1, so its headings are one level up.
 */
export const ExternalWorkBlurb = ({ work, gated, top }: { work: ExternalWork; gated: boolean; top?: boolean }) => {
  const Title = top ? 'h2' : 'h3';
  const Fandoms = top ? 'h3' : 'h4';
  return (
    <div class="blurb external-work">
      <Title class="heading">
        <a href={gated ? `/external_works/${work.id}` : work.url} rel={gated ? undefined : 'nofollow noopener'}>
          {work.title}
        </a>{' '}
        by {work.creator} <span class="muted">(external work)</span>
      </Title>
      <Fandoms class="fandoms">
        <TagList names={work.fandoms} type="fandom" />
      </Fandoms>
      <p class="rating">Rating: {work.rating}</p>
      {work.summary ? (
        <blockquote class="summary userstuff">
          <UserHtml html={work.summary} />
        </blockquote>
      ) : null}
    </div>
  );
};

/** The adult gate before an external work's address. */
export const ExternalWorkGate = ({ work, proceedHref }: { work: ExternalWork; proceedHref: string }) => (
  <div class="interstitial ui" role="dialog" aria-labelledby="gate-title">
    <h1 id="gate-title">This work could have adult content.</h1>
    <p>
      <strong>{work.title}</strong> by {work.creator}, hosted elsewhere. Rating: {work.rating}.
    </p>
    <p>If you continue, you agree that you are willing to see such content.</p>
    <div class="actions">
      <a class="button primary" href={proceedHref}>
        Yes, Continue
      </a>
      <a class="button" href="/">
        No, Go Back
      </a>
    </div>
  </div>
);

/** The external work form's one-line fields, in order; each is required. */
const EXTERNAL_TEXT_FIELDS: Array<{
  name: 'url' | 'title' | 'creator' | 'fandoms';
  label: string;
  type?: 'url';
  hint?: string;
}> = [
  { name: 'url', label: 'URL', type: 'url', hint: 'Its address, starting with https://.' },
  { name: 'title', label: 'Title' },
  { name: 'creator', label: 'Creator' },
  { name: 'fandoms', label: 'Fandoms', hint: 'Separated by commas.' },
];

/** The form that bookmarks a work hosted elsewhere: its address and description, then the bookmark. */
export const ExternalWorkForm = (p: {
  csrf: string;
  work: ExternalWorkFormValues;
  bookmark: BookmarkFormValues;
  errors: FieldErrors;
}) => (
  <section aria-labelledby="external-form-title">
    <ErrorSummary errors={p.errors} />
    <form class="work-form" method="post" action="/external_works" novalidate>
      <Csrf token={p.csrf} />
      <fieldset>
        <legend id="external-form-title">The work</legend>
        {EXTERNAL_TEXT_FIELDS.map((f) => (
          <TextField
            id={`external-${f.name}`}
            name={f.name}
            type={f.type}
            label={f.label}
            value={p.work[f.name]}
            error={p.errors[f.name]}
            hint={f.hint}
            required
          />
        ))}
        <Field name="external-rating" label="Rating" error={p.errors.rating}>
          <select id="external-rating" name="rating" aria-invalid={p.errors.rating ? 'true' : undefined}>
            {RATINGS.map((r) => (
              <option value={r.name} selected={(p.work.rating || 'Not Rated') === r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="external-summary" label="Summary" error={p.errors.summary} hint="Plain text or HTML.">
          <textarea id="external-summary" name="summary" rows={4} aria-invalid={p.errors.summary ? 'true' : undefined}>
            {p.work.summary}
          </textarea>
        </Field>
      </fieldset>
      <fieldset>
        <legend>Your bookmark</legend>
        <BookmarkFields values={p.bookmark} errors={p.errors} />
      </fieldset>
      <button type="submit">Bookmark</button>
    </form>
  </section>
);
