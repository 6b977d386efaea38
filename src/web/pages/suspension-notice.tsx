import { isBan } from '../../domain/report.js';
import { formatDate } from './components.js';

/** Shown on every page to a suspended member: why, and until when (ADR 014). */
export const SuspensionNotice = ({ s }: { s: { until: string; reason: string } }) => (
  <div class="flash suspended" role="note">
    <p>
      {isBan(s.until)
        ? 'A moderator has banned your account.'
        : `A moderator has suspended your account until ${formatDate(s.until)}.`}{' '}
      You can read, but not post or change works or chapters, comment or leave kudos. The reason given: {s.reason}
    </p>
  </div>
);
