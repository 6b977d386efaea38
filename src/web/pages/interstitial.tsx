import type { Work } from '../../domain/work.js';
import { Byline, TagList } from './components.js';

/** The adult-content gate: rating and warnings, never the text. */
export const Interstitial = ({
  work,
  proceedHref,
  loggedIn,
}: {
  work: Work;
  proceedHref: string;
  loggedIn: boolean;
}) => (
  <div class="interstitial ui" role="dialog" aria-labelledby="gate-title">
    <h1 id="gate-title">This work could have adult content.</h1>
    <p>
      <strong>{work.title}</strong> by <Byline work={work} />
    </p>
    <p>If you continue, you agree that you are willing to see such content.</p>
    <dl class="meta">
      <dt>Rating:</dt>
      <dd class="rating">
        <TagList names={work.tags.rating} type="rating" />
      </dd>
      <dt>{work.tags.warning.length > 1 ? 'Archive Warnings:' : 'Archive Warning:'}</dt>
      <dd class="warning">
        <TagList names={work.tags.warning} type="warning" />
      </dd>
    </dl>
    <div class="actions">
      <a class="button primary" href={proceedHref}>
        Yes, Continue
      </a>
      <a class="button" href="/">
        No, Go Back
      </a>
    </div>
    <p class="muted">
      {loggedIn ? (
        <>
          To stop seeing this message, change your <a href="/account">preferences</a>.
        </>
      ) : (
        'Your choice is remembered until you close this browsing session.'
      )}
    </p>
  </div>
);
