import type { Child } from 'hono/jsx';
import { Csrf, formatNumber } from './components.js';

export interface KudosProps {
  workId: number;
  names: string[];
  members: number;
  guests: number;
  /** This viewer already left kudos. */
  given: boolean;
  /** Whether to offer the button (not to the work's creators). */
  canGive: boolean;
  csrf: string | undefined;
}

/** "A, B and 3 guests left kudos on this work!" with names linking to their pages. */
function giversSentence({ names, members, guests }: KudosProps): Child[] {
  const parts: Child[] = names.map((n) => <a href={`/users/${encodeURIComponent(n)}`}>{n}</a>);
  if (members > names.length) parts.push(`${formatNumber(members - names.length)} more members`);
  if (guests) parts.push(guests === 1 ? '1 guest' : `${formatNumber(guests)} guests`);
  const out: Child[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(i === parts.length - 1 ? ' and ' : ', ');
    out.push(p);
  });
  return out;
}

/** The end of a work page: the kudos button and who left kudos. */
export const KudosSection = (p: KudosProps) => (
  <section id="kudos" class="kudos" aria-label="Kudos">
    {p.canGive && !p.given ? (
      <form method="post" action={`/works/${p.workId}/kudos`}>
        {p.csrf ? <Csrf token={p.csrf} /> : null}
        <button type="submit">Kudos ♥</button>
      </form>
    ) : null}
    {p.given ? <p class="notice">You left kudos on this work.</p> : null}
    {p.members + p.guests > 0 ? <p class="kudos-givers">{giversSentence(p)} left kudos on this work!</p> : null}
  </section>
);
