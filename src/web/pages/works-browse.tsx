import type { WorkCounts } from '../../store/count-changes.store.js';
import type { WorksPage } from '../../search/works-query.js';
import type { FacetTag } from '../../search/work-facets.js';
import { filterToParams, SORT_LABELS, SORTS, type WorksFilter } from '../../search/works-filter.js';
import { CATEGORIES, RATINGS, TAG_TYPE_LABELS, WARNINGS, type TagType } from '../../domain/tags.js';
import { LANGUAGES } from '../../domain/languages.js';
import { BlockedNotice, Blurb, Csrf, Pagination, formatNumber } from './components.js';
import type { Snippet } from '../../search/snippets.js';

const FIXED_NAMES = new Set<string>([...RATINGS, ...WARNINGS, ...CATEGORIES].map((t) => t.name));

/** A link to the same listing with one more tag included or excluded (page reset). */
function withTag(base: string, f: WorksFilter, mode: 'include' | 'exclude', name: string): string {
  const next: WorksFilter = { ...f, page: 1, [mode]: [...(f[mode] ?? []), name] };
  return `${base}?${filterToParams(next).toString()}`;
}

const FacetList = ({
  facets,
  base,
  filter,
}: {
  facets: Record<string, FacetTag[]>;
  base: string;
  filter: WorksFilter;
}) => (
  <aside class="facets ui" aria-label="Most used tags in these results">
    <h2>Refine</h2>
    {(['rating', 'warning', 'category', 'fandom', 'character', 'relationship', 'freeform'] as TagType[])
      .filter((t) => (facets[t]?.length ?? 0) > 0)
      .map((t) => (
        <section>
          <h3>{TAG_TYPE_LABELS[t].many}</h3>
          <ul>
            {facets[t]!.map((f) => (
              <li>
                <a
                  class="include"
                  href={withTag(base, filter, 'include', f.name)}
                  title={`Only works tagged ${f.name}`}
                >
                  {f.name}
                </a>{' '}
                <span class="count">({formatNumber(f.count)})</span>{' '}
                <a
                  class="exclude"
                  href={withTag(base, filter, 'exclude', f.name)}
                  aria-label={`Exclude ${f.name}`}
                  title={`Exclude ${f.name}`}
                >
                  exclude
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
  </aside>
);

const Checks = ({ name, set, chosen }: { name: string; set: ReadonlyArray<{ name: string }>; chosen: string[] }) => (
  <div class="checks">
    {set.map((t) => (
      <label>
        <input type="checkbox" name={name} value={t.name} checked={chosen.includes(t.name)} /> {t.name}
      </label>
    ))}
  </div>
);

/** The AO3-like filter form; a plain GET form, so it works without JavaScript. */
export const FilterForm = ({
  base,
  filter,
  fixedTag,
}: {
  base: string;
  filter: WorksFilter;
  fixedTag?: string | undefined;
}) => {
  const excluded = filter.exclude ?? [];
  return (
    <form class="filters work-form" method="get" action={base} aria-label="Filter works">
      <div class="field">
        <label for="q">Search within results</label>
        <input
          type="search"
          id="q"
          name="q"
          value={filter.q ?? ''}
          placeholder='words, "a phrase", light*, NOT storm'
        />
      </div>
      <div class="field">
        <label for="sort">Sort by</label>
        <select id="sort" name="sort">
          {SORTS.map((s) => (
            <option value={s} selected={(filter.sort ?? (filter.q ? 'relevance' : 'updated')) === s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Include</legend>
        {fixedTag ? <p class="hint">Works tagged {fixedTag}, and:</p> : null}
        <span class="label">Ratings (any of)</span>
        <Checks name="rating" set={RATINGS} chosen={filter.ratings ?? []} />
        <span class="label">Warnings</span>
        <Checks name="warning" set={WARNINGS} chosen={filter.warnings ?? []} />
        <span class="label">Categories</span>
        <Checks name="category" set={CATEGORIES} chosen={filter.categories ?? []} />
        <div class="field">
          <label for="include">Other tags to include</label>
          <input type="text" id="include" name="include" value={(filter.include ?? []).join(', ')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Exclude</legend>
        <span class="label">Ratings</span>
        <Checks name="exclude" set={RATINGS} chosen={excluded} />
        <span class="label">Warnings</span>
        <Checks name="exclude" set={WARNINGS} chosen={excluded} />
        <span class="label">Categories</span>
        <Checks name="exclude" set={CATEGORIES} chosen={excluded} />
        <div class="field">
          <label for="exclude">Other tags to exclude</label>
          <input
            type="text"
            id="exclude"
            name="exclude"
            value={excluded.filter((n) => !FIXED_NAMES.has(n)).join(', ')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>More options</legend>
        <div class="field">
          <label for="crossover">Crossovers</label>
          <select id="crossover" name="crossover">
            <option value="" selected={!filter.crossover}>
              Include crossovers
            </option>
            <option value="exclude" selected={filter.crossover === 'exclude'}>
              Exclude crossovers
            </option>
            <option value="only" selected={filter.crossover === 'only'}>
              Only crossovers
            </option>
          </select>
        </div>
        <div class="field">
          <label for="complete">Completion status</label>
          <select id="complete" name="complete">
            <option value="" selected={filter.complete === undefined}>
              All works
            </option>
            <option value="true" selected={filter.complete === true}>
              Complete works only
            </option>
            <option value="false" selected={filter.complete === false}>
              Works in progress only
            </option>
          </select>
        </div>
        <div class="field two">
          <label>
            Words from{' '}
            <input type="text" inputmode="numeric" name="wordsFrom" value={filter.wordsFrom?.toString() ?? ''} />
          </label>
          <label>
            to <input type="text" inputmode="numeric" name="wordsTo" value={filter.wordsTo?.toString() ?? ''} />
          </label>
        </div>
        <div class="field two">
          <label>
            Updated from <input type="date" name="updatedFrom" value={filter.updatedFrom ?? ''} />
          </label>
          <label>
            to <input type="date" name="updatedTo" value={filter.updatedTo ?? ''} />
          </label>
        </div>
        <div class="field">
          <label for="language">Language</label>
          <select id="language" name="language">
            <option value="">Any language</option>
            {LANGUAGES.map((l) => (
              <option value={l.code} selected={filter.language === l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <div class="actions">
        <button class="primary" type="submit">
          Sort and Filter
        </button>
        <a href={base}>Clear Filters</a>
      </div>
    </form>
  );
};

const SnippetView = ({ snippet }: { snippet: Snippet }) => (
  <p class="snippet">{snippet.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</p>
);

export interface BrowseProps {
  heading: string;
  base: string;
  filter: WorksFilter;
  result: WorksPage;
  facets: Record<string, FacetTag[]>;
  /** Kudos, hits, comment and bookmark counts of the listed works. */
  counts: ReadonlyMap<number, WorkCounts>;
  /** Extra messages from reading the filter (bad dates, unknown sort…). */
  notes: string[];
  fixedTag?: string | undefined;
  /** For members: the CSRF token of the "save this filter" form. */
  saveCsrf?: string | undefined;
}

/** A listing of works with AO3's filter form and tag sidebar. */
export const WorksBrowse = ({
  heading,
  base,
  filter,
  result,
  facets,
  counts,
  notes,
  fixedTag,
  saveCsrf,
}: BrowseProps) => {
  // On a tag's page the tag is part of the filter: a saved filter must keep it.
  const saved: WorksFilter = fixedTag ? { ...filter, include: [fixedTag, ...(filter.include ?? [])] } : filter;
  const query = filterToParams({ ...saved, page: 1, showBlocked: false }).toString();
  return (
    <div class="browse">
      <h1>
        {heading} <span class="muted">({formatNumber(result.total)})</span>
      </h1>
      {[...notes, ...result.messages].map((m) => (
        <p class="flash error-summary" role="status">
          {m}
        </p>
      ))}
      <BlockedNotice
        hidden={result.hiddenByBlocklist}
        showHref={`${base}?${filterToParams({ ...filter, showBlocked: true }).toString()}`}
      />
      {filter.showBlocked ? <p class="notice">Showing works your blocklist would hide, this once.</p> : null}
      <a class="button jump-to-filters" href="#filters">
        Filter and sort ↓
      </a>
      <div class="browse-grid">
        <div class="results">
          <h2 class="visually-hidden">Results</h2>
          {result.works.length === 0 ? (
            <p class="notice">No works match.</p>
          ) : (
            <ol class="works">
              {result.works.map((w) => (
                <Blurb work={w} counts={counts.get(w.id)}>
                  {result.snippets.get(w.id) ? <SnippetView snippet={result.snippets.get(w.id)!} /> : null}
                </Blurb>
              ))}
            </ol>
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            base={`${base}?${filterToParams({ ...filter, page: 1 }).toString()}`}
          />
        </div>
        <div class="sidebar" id="filters">
          <FacetList facets={facets} base={base} filter={filter} />
          <FilterForm base={base} filter={filter} fixedTag={fixedTag} />
          {saveCsrf ? (
            <form class="work-form ui" method="post" action="/account/filters">
              <Csrf token={saveCsrf} />
              <input type="hidden" name="query" value={query} />
              <div class="field">
                <label for="filter-name">Save this filter as</label>
                <input type="text" id="filter-name" name="name" required />
              </div>
              <button type="submit">Save Filter</button>
            </form>
          ) : null}
        </div>
      </div>
    </div>
  );
};
