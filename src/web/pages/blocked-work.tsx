import type { Work } from '../../domain/work.js';
import { Byline } from './components.js';

/**
 * A work the reader's own blocklist excludes, opened by its address: say what matched, and let
 * them see it this once. Shown before the adult interstitial, which follows if it applies.
 */
export const BlockedWork = ({
  work,
  matched,
  showHref,
}: {
  work: Work;
  matched: readonly string[];
  showHref: string;
}) => (
  <div class="interstitial ui" role="alertdialog" aria-labelledby="blocked-title">
    <h1 id="blocked-title">This work is hidden by your blocklist ({matched.join(', ')}).</h1>
    <p>
      <strong>{work.title}</strong> by <Byline work={work} />
    </p>
    <div class="actions">
      <a class="button primary" href={showHref}>
        Show it anyway
      </a>
      <a class="button" href="/">
        No, Go Back
      </a>
    </div>
    <p class="muted">
      <a href="/account/blocklist">Edit your blocklist</a>
    </p>
  </div>
);

/** The address of the same request with `show_blocked=1`: the reader's "show it anyway". */
export function showBlockedHref(requestUrl: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('show_blocked', '1');
  return url.pathname + url.search;
}
