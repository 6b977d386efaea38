import type { FieldErrors } from '../../domain/work-input.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../../domain/tags.js';
import { LANGUAGES } from '../../domain/languages.js';
import { LIMITS } from '../../domain/limits.js';
import type { Work } from '../../domain/work.js';
import { Csrf, ErrorSummary, Field, TextField } from './components.js';
import { formBool, formList, formString } from '../forms.js';

/** Everything the work form holds, as typed: re-displayed untouched when validation fails. */
export interface WorkFormValues {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  language: string;
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string;
  relationships: string;
  characters: string;
  freeforms: string;
  coCreators: string;
  pseudIds: string[];
  restricted: boolean;
  expectedChapters: string;
  series: string[];
  chapterTitle: string;
  chapterSummary: string;
  chapterNotes: string;
  chapterEndNotes: string;
  body: string;
}

export const emptyWorkForm = (): WorkFormValues => ({
  title: '',
  summary: '',
  notes: '',
  endNotes: '',
  language: 'en',
  rating: '',
  warnings: [],
  categories: [],
  fandoms: '',
  relationships: '',
  characters: '',
  freeforms: '',
  coCreators: '',
  pseudIds: [],
  restricted: false,
  expectedChapters: '1',
  series: [],
  chapterTitle: '',
  chapterSummary: '',
  chapterNotes: '',
  chapterEndNotes: '',
  body: '',
});

type Body = Parameters<typeof formString>[0];

export function workFormFromBody(b: Body): WorkFormValues {
  return {
    title: formString(b, 'title'),
    summary: formString(b, 'summary'),
    notes: formString(b, 'notes'),
    endNotes: formString(b, 'endNotes'),
    language: formString(b, 'language'),
    rating: formString(b, 'rating'),
    warnings: formList(b, 'warnings'),
    categories: formList(b, 'categories'),
    fandoms: formString(b, 'fandoms'),
    relationships: formString(b, 'relationships'),
    characters: formString(b, 'characters'),
    freeforms: formString(b, 'freeforms'),
    coCreators: formString(b, 'coCreators'),
    pseudIds: formList(b, 'pseudIds'),
    restricted: formBool(b, 'restricted'),
    expectedChapters: formString(b, 'expectedChapters'),
    series: formList(b, 'series').filter((t) => t.trim() !== ''),
    chapterTitle: formString(b, 'chapterTitle'),
    chapterSummary: formString(b, 'chapterSummary'),
    chapterNotes: formString(b, 'chapterNotes'),
    chapterEndNotes: formString(b, 'chapterEndNotes'),
    body: formString(b, 'body'),
  };
}

/** The edit form starts from the stored work; its text fields hold the stored (sanitized) HTML. */
export function workFormFromWork(w: Work, viewerId: number): WorkFormValues {
  return {
    ...emptyWorkForm(),
    title: w.title,
    summary: w.summary,
    notes: w.notes,
    endNotes: w.endNotes,
    language: w.language,
    rating: w.tags.rating[0] ?? '',
    warnings: w.tags.warning,
    categories: w.tags.category,
    fandoms: w.tags.fandom.join(', '),
    relationships: w.tags.relationship.join(', '),
    characters: w.tags.character.join(', '),
    freeforms: w.tags.freeform.join(', '),
    coCreators: w.creators
      .filter((c) => c.userId !== viewerId)
      .map((c) => `${c.pseud} (${c.username})`)
      .join(', '),
    pseudIds: w.creators.filter((c) => c.userId === viewerId).map((c) => String(c.pseudId)),
    restricted: w.restricted,
    expectedChapters: w.expectedChapters === null ? '?' : String(w.expectedChapters),
    series: w.series.map((s) => s.title),
  };
}

export function metaInputFromForm(v: WorkFormValues) {
  return {
    title: v.title,
    summary: v.summary,
    notes: v.notes,
    endNotes: v.endNotes,
    language: v.language,
    rating: v.rating,
    warnings: v.warnings,
    categories: v.categories,
    fandoms: v.fandoms,
    relationships: v.relationships,
    characters: v.characters,
    freeforms: v.freeforms,
    coCreators: v.coCreators,
    restricted: v.restricted,
    expectedChapters: v.expectedChapters,
    series: v.series,
  };
}

export function chapterInputFromForm(
  v: Pick<WorkFormValues, 'chapterTitle' | 'chapterSummary' | 'chapterNotes' | 'chapterEndNotes' | 'body'>,
) {
  return {
    title: v.chapterTitle,
    summary: v.chapterSummary,
    notes: v.chapterNotes,
    endNotes: v.chapterEndNotes,
    body: v.body,
  };
}

export const pseudIdsFromForm = (v: WorkFormValues) =>
  v.pseudIds.map(Number).filter((n) => Number.isInteger(n) && n > 0);

const TextArea = (p: {
  name: keyof WorkFormValues;
  label: string;
  value: string;
  errors: FieldErrors;
  rows?: number;
  max: number;
  cls?: string;
  hint?: string;
}) => (
  <Field
    name={p.name}
    label={p.label}
    error={p.errors[p.name]}
    hint={p.hint ?? `Plain text or HTML; at most ${p.max.toLocaleString('en')} characters.`}
  >
    <textarea
      id={p.name}
      name={p.name}
      rows={p.rows ?? 5}
      class={p.cls}
      aria-invalid={p.errors[p.name] ? 'true' : undefined}
    >
      {p.value}
    </textarea>
  </Field>
);

const TextInput = (p: {
  name: keyof WorkFormValues;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  tagType?: string;
}) => (
  <TextField
    id={p.name}
    name={p.name}
    label={p.label}
    value={p.value}
    error={p.errors[p.name]}
    hint={p.hint}
    required={p.required}
    tagType={p.tagType}
  />
);

/** Chapter fields, shared by the new-work form and the chapter forms. */
export const ChapterFields = ({
  v,
  errors,
  legend,
}: {
  v: Pick<WorkFormValues, 'chapterTitle' | 'chapterSummary' | 'chapterNotes' | 'chapterEndNotes' | 'body'>;
  errors: FieldErrors;
  legend: string;
}) => (
  <fieldset>
    <legend>{legend}</legend>
    <Field name="chapterTitle" label="Chapter title (optional)" error={errors.chapterTitle}>
      <input type="text" id="chapterTitle" name="chapterTitle" value={v.chapterTitle} />
    </Field>
    <TextArea
      name="chapterSummary"
      label="Chapter summary"
      value={v.chapterSummary}
      errors={errors}
      rows={3}
      max={LIMITS.summaryMax}
    />
    <TextArea
      name="chapterNotes"
      label="Chapter beginning notes"
      value={v.chapterNotes}
      errors={errors}
      rows={3}
      max={LIMITS.notesMax}
    />
    <TextArea
      name="body"
      label="Work text *"
      value={v.body}
      errors={errors}
      rows={20}
      cls="body"
      max={LIMITS.bodyShownMax}
      hint={`Type or paste your text. Blank lines separate paragraphs; HTML is kept (within the allowed tags). ${LIMITS.bodyMin}–${LIMITS.bodyShownMax.toLocaleString('en')} characters.`}
    />
    <TextArea
      name="chapterEndNotes"
      label="Chapter end notes"
      value={v.chapterEndNotes}
      errors={errors}
      rows={3}
      max={LIMITS.notesMax}
    />
  </fieldset>
);

export interface WorkFormProps {
  action: string;
  v: WorkFormValues;
  errors: FieldErrors;
  csrf: string;
  pseuds: Array<{ id: number; name: string }>;
  /** The new-work form also takes the first chapter and offers preview and draft. */
  mode: 'new' | 'edit';
}

export const WorkForm = ({ action, v, errors, csrf, pseuds, mode }: WorkFormProps) => (
  <form class="work-form" method="post" action={action} novalidate>
    <script src="/static/autocomplete.js" defer></script>
    <Csrf token={csrf} />
    <ErrorSummary errors={errors} />
    <fieldset>
      <legend>Tags</legend>
      <Field name="rating" label="Rating *" error={errors.rating}>
        <select id="rating" name="rating">
          <option value="">Choose a rating</option>
          {RATINGS.map((r) => (
            <option value={r.name} selected={v.rating === r.name}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>
      <div class={errors.warnings ? 'field invalid' : 'field'}>
        <span class="label">Archive Warnings *</span>
        <div class="checks">
          {WARNINGS.map((w) => (
            <label>
              <input type="checkbox" name="warnings" value={w.name} checked={v.warnings.includes(w.name)} /> {w.name}
            </label>
          ))}
        </div>
        {errors.warnings ? <p class="error">{errors.warnings}</p> : null}
      </div>
      <TextInput
        name="fandoms"
        label="Fandoms *"
        value={v.fandoms}
        errors={errors}
        hint="Separate tags with commas."
        tagType="fandom"
      />
      <div class={errors.categories ? 'field invalid' : 'field'}>
        <span class="label">Categories</span>
        <div class="checks">
          {CATEGORIES.map((cat) => (
            <label>
              <input type="checkbox" name="categories" value={cat.name} checked={v.categories.includes(cat.name)} />{' '}
              {cat.name}
            </label>
          ))}
        </div>
        {errors.categories ? <p class="error">{errors.categories}</p> : null}
      </div>
      <TextInput
        name="relationships"
        label="Relationships"
        value={v.relationships}
        errors={errors}
        hint="“A/B” for romantic, “A & B” for platonic; commas between."
        tagType="relationship"
      />
      <TextInput name="characters" label="Characters" value={v.characters} errors={errors} tagType="character" />
      <TextInput name="freeforms" label="Additional Tags" value={v.freeforms} errors={errors} tagType="freeform" />
    </fieldset>
    <fieldset>
      <legend>Preface</legend>
      <TextInput name="title" label="Work Title *" value={v.title} errors={errors} required />
      {pseuds.length > 1 ? (
        <div class={errors.pseuds ? 'field invalid' : 'field'}>
          <span class="label">Creator pseuds</span>
          <div class="checks">
            {pseuds.map((p) => (
              <label>
                <input
                  type="checkbox"
                  name="pseudIds"
                  value={String(p.id)}
                  checked={v.pseudIds.includes(String(p.id))}
                />{' '}
                {p.name}
              </label>
            ))}
          </div>
          {errors.pseuds ? <p class="error">{errors.pseuds}</p> : null}
        </div>
      ) : null}
      <TextInput
        name="coCreators"
        label="Co-creators"
        value={v.coCreators}
        errors={errors}
        hint="Pseuds or usernames of other members, separated by commas; “pseud (username)” when a pseud name is shared. They are invited, and credited once they accept."
      />
      <TextArea name="summary" label="Summary" value={v.summary} errors={errors} rows={4} max={LIMITS.summaryMax} />
      <TextArea name="notes" label="Beginning notes" value={v.notes} errors={errors} rows={4} max={LIMITS.notesMax} />
      <TextArea name="endNotes" label="End notes" value={v.endNotes} errors={errors} rows={4} max={LIMITS.notesMax} />
    </fieldset>
    <fieldset>
      <legend>Associations and privacy</legend>
      <Field name="language" label="Language *" error={errors.language}>
        <select id="language" name="language">
          {LANGUAGES.map((l) => (
            <option value={l.code} selected={v.language === l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="expectedChapters"
        label="Expected chapters"
        error={errors.expectedChapters}
        hint="A number, or “?” if you do not know yet."
      >
        <input
          type="text"
          inputmode="numeric"
          id="expectedChapters"
          name="expectedChapters"
          value={v.expectedChapters}
        />
      </Field>
      <Field
        name="series"
        label="Series"
        error={errors.series}
        hint="The title of one of your series, or a new title to start one; empty for none."
      >
        {/* The label names the first box only; each further one says which it is. */}
        {[...v.series, ''].map((t, i) => (
          <input
            type="text"
            id={i === 0 ? 'series' : undefined}
            name="series"
            value={t}
            maxlength={LIMITS.titleMax}
            aria-label={i === 0 ? undefined : `Series ${i + 1}`}
          />
        ))}
      </Field>
      <div class="field">
        <label>
          <input type="checkbox" name="restricted" value="1" checked={v.restricted} /> Only show this work to logged-in
          members
        </label>
      </div>
    </fieldset>
    {mode === 'new' ? <ChapterFields v={v} errors={errors} legend="Work text" /> : null}
    <div class="actions">
      {mode === 'new' ? (
        <>
          <button type="submit" name="action" value="preview">
            Preview
          </button>
          <button type="submit" name="action" value="draft">
            Save As Draft
          </button>
          <button class="primary" type="submit" name="action" value="post">
            Post
          </button>
        </>
      ) : (
        <button class="primary" type="submit" name="action" value="save">
          Save Changes
        </button>
      )}
    </div>
  </form>
);
