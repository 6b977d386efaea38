import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { SubscriptionKind } from '../../store/subscription.store.js';
import { subscriptionTo } from '../../services/subscriptions.js';
import { ensureSession } from '../middleware/session.js';
import { Csrf } from './components.js';

const WHAT: Record<SubscriptionKind, string> = {
  work: 'new chapters of this work',
  user: 'new works by this member',
  series: 'new works in this series',
  filter: 'new works matching this filter',
};

/**
 * The Subscribe / Unsubscribe form for a member, as HTML to put into a page (empty for guests:
 * pages shared by guests carry no member's state). `back` is where the post returns to.
 */
export async function subscribeButtonHtml(
  c: Context<AppEnv>,
  kind: SubscriptionKind,
  targetId: number,
  back: string,
): Promise<string> {
  const viewer = c.get('viewer');
  if (!viewer.user) return '';
  const session = await ensureSession(c);
  const existing = await subscriptionTo(c.get('deps').db, viewer, kind, targetId);
  const view = existing ? (
    <form method="post" action={`/subscriptions/${existing.id}/delete`} class="subscribe">
      <Csrf token={session.csrf_token} />
      <input type="hidden" name="return_to" value={back} />
      <button type="submit" aria-describedby={`subscribe-what-${kind}-${targetId}`}>
        Unsubscribe
      </button>
      <span class="visually-hidden" id={`subscribe-what-${kind}-${targetId}`}>
        from {WHAT[kind]}
      </span>
    </form>
  ) : (
    <form method="post" action="/subscriptions" class="subscribe">
      <Csrf token={session.csrf_token} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="target_id" value={String(targetId)} />
      <input type="hidden" name="return_to" value={back} />
      <button type="submit" aria-describedby={`subscribe-what-${kind}-${targetId}`}>
        Subscribe
      </button>
      <span class="visually-hidden" id={`subscribe-what-${kind}-${targetId}`}>
        to {WHAT[kind]}
      </span>
    </form>
  );
  return String(await view);
}
