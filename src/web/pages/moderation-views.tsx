import { REPORT_REASONS, REPORT_STATUSES, SUSPENSION_DAYS, isBan, type ReportStatus } from '../../domain/report.js';
import type { QueueEntry, ReportDetail, ReportTarget } from '../../services/reports.js';
import { Csrf, formatDate } from './components.js';

const reasonLabel = (r: string) => REPORT_REASONS[r as keyof typeof REPORT_REASONS] ?? r;

export const ModerationNav = ({ counts }: { counts?: Record<ReportStatus, number> }) => (
  <nav class="tabs" aria-label="Moderation">
    <ul>
      {(Object.keys(REPORT_STATUSES) as ReportStatus[]).map((s) => (
        <li>
          <a href={`/moderation?status=${s}`}>
            {REPORT_STATUSES[s]}
            {counts ? ` (${counts[s]})` : ''}
          </a>
        </li>
      ))}
      <li>
        <a href="/moderation/spam">Spam queue</a>
      </li>
    </ul>
  </nav>
);

const TargetLink = ({ t }: { t: ReportTarget | undefined }) =>
  t ? (
    <>
      <a href={t.href}>{t.label}</a>
      {t.hiddenReason !== null ? <span class="muted"> (hidden)</span> : null}
    </>
  ) : (
    <span class="muted">(no longer exists)</span>
  );

export const ReportQueue = ({ status, entries }: { status: ReportStatus; entries: QueueEntry[] }) =>
  entries.length === 0 ? (
    <p>No reports are {REPORT_STATUSES[status].toLowerCase()}.</p>
  ) : (
    <table class="reports">
      <caption>{REPORT_STATUSES[status]} reports</caption>
      <thead>
        <tr>
          <th scope="col">Report</th>
          <th scope="col">What</th>
          <th scope="col">Reason</th>
          <th scope="col">Sent</th>
          <th scope="col">Moderator</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(({ report, target }) => (
          <tr>
            <td>
              <a href={`/moderation/reports/${report.id}`}>#{report.id}</a>
            </td>
            <td>
              <TargetLink t={target} />
            </td>
            <td>{reasonLabel(report.reason)}</td>
            <td>{formatDate(report.created_at)}</td>
            <td>{report.assigneeName ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

/** The moderator's reason, asked for before hiding or suspending; shown to the member concerned. */
const ReasonField = ({ id }: { id: string }) => (
  <div class="field">
    <label for={id}>Reason (shown to the member)</label>
    <textarea id={id} name="reason" rows={3} required></textarea>
  </div>
);

/** Hide or show again what a report names. */
export const HideForm = ({ t, csrf, reportId }: { t: ReportTarget; csrf: string; reportId?: number }) => {
  if (t.kind === 'user') return null;
  const base = t.kind === 'comment' ? `/moderation/comments/${t.id}` : `/moderation/works/${t.workId}`;
  const what = t.kind === 'comment' ? 'comment' : 'work';
  return t.hiddenReason !== null ? (
    <form method="post" action={`${base}/unhide`}>
      <Csrf token={csrf} />
      {reportId ? <input type="hidden" name="report" value={String(reportId)} /> : null}
      <p>
        This {what} is hidden. The reason given: {t.hiddenReason}
      </p>
      <button type="submit">Show the {what} again</button>
    </form>
  ) : (
    <form method="post" action={`${base}/hide`} class="work-form">
      <Csrf token={csrf} />
      {reportId ? <input type="hidden" name="report" value={String(reportId)} /> : null}
      <ReasonField id={`hide-${what}-reason`} />
      <button type="submit" class="danger">
        Hide the {what}
      </button>
    </form>
  );
};

export const ReportDetailView = ({ d, csrf }: { d: ReportDetail; csrf: string }) => {
  const r = d.report;
  const t = d.target;
  return (
    <>
      <dl class="meta">
        <dt>State</dt>
        <dd>
          {REPORT_STATUSES[r.status]}
          {r.assigneeName ? `, with ${r.assigneeName}` : ''}
        </dd>
        <dt>What</dt>
        <dd>
          <TargetLink t={t} />
        </dd>
        <dt>Reason</dt>
        <dd>{reasonLabel(r.reason)}</dd>
        <dt>Sent</dt>
        <dd>
          {formatDate(r.created_at)} by {r.reporterName ?? `a guest (${r.reporter_ip})`}
        </dd>
      </dl>
      <h2>Description</h2>
      <p class="report-description">{r.description}</p>
      <h2>Notes</h2>
      {d.notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ol class="notes">
          {d.notes.map((n) => (
            <li>
              <p class="byline">
                {n.authorName ?? '(deleted account)'} on {formatDate(n.created_at)}
              </p>
              <p>{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form method="post" action={`/moderation/reports/${r.id}`} class="work-form">
        <Csrf token={csrf} />
        <div class="field">
          <label for="note">Note (for moderators)</label>
          <textarea id="note" name="note" rows={3}></textarea>
        </div>
        <div class="actions">
          <button type="submit" name="action" value="note">
            Add the note
          </button>
          {r.status === 'open' ? (
            <button type="submit" name="action" value="take">
              Take it
            </button>
          ) : null}
          {r.status !== 'resolved' ? (
            <button type="submit" name="action" value="resolve">
              Resolve
            </button>
          ) : (
            <button type="submit" name="action" value="reopen">
              Reopen
            </button>
          )}
        </div>
      </form>
      {t ? (
        <>
          <h2>Act on it</h2>
          <HideForm t={t} csrf={csrf} reportId={r.id} />
          {t.username ? (
            <p>
              <a href={`/moderation/members/${encodeURIComponent(t.username)}?report=${r.id}`}>
                Suspend or ban {t.username}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
      {d.others.length > 0 ? (
        <>
          <h2>Other reports of the same</h2>
          <ul>
            {d.others.map((o) => (
              <li>
                <a href={`/moderation/reports/${o.id}`}>#{o.id}</a>: {reasonLabel(o.reason)},{' '}
                {REPORT_STATUSES[o.status].toLowerCase()}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
};

export interface MemberState {
  username: string;
  createdAt: string;
  isAdmin: boolean;
  isModerator: boolean;
  suspendedUntil: string | null;
  suspensionReason: string | null;
  suspendable: boolean;
}

export const MemberModeration = ({
  m,
  csrf,
  reportId,
}: {
  m: MemberState;
  csrf: string;
  reportId: number | undefined;
}) => {
  const base = `/moderation/members/${encodeURIComponent(m.username)}`;
  const report = reportId ? <input type="hidden" name="report" value={String(reportId)} /> : null;
  return (
    <>
      <p>
        <a href={`/users/${encodeURIComponent(m.username)}`}>{m.username}</a> joined on {formatDate(m.createdAt)}
        {m.isAdmin ? ' (admin)' : m.isModerator ? ' (moderator)' : ''}.
      </p>
      {m.suspendedUntil ? (
        <p class="notice">
          {isBan(m.suspendedUntil) ? 'Banned.' : `Suspended until ${formatDate(m.suspendedUntil)}.`} The reason given:{' '}
          {m.suspensionReason}
        </p>
      ) : (
        <p>Not suspended.</p>
      )}
      {!m.suspendable ? (
        <p>You cannot suspend this member.</p>
      ) : m.suspendedUntil ? (
        <form method="post" action={`${base}/lift`}>
          <Csrf token={csrf} />
          {report}
          <button type="submit">Lift the suspension</button>
        </form>
      ) : (
        <form method="post" action={`${base}/suspend`} class="work-form">
          <Csrf token={csrf} />
          {report}
          <div class="field">
            <label for="length">How long</label>
            <select id="length" name="length">
              {SUSPENSION_DAYS.map((d) => (
                <option value={String(d)}>{d === 1 ? '1 day' : `${d} days`}</option>
              ))}
              <option value="ban">Ban (no end)</option>
            </select>
          </div>
          <ReasonField id="suspend-reason" />
          <button type="submit" class="danger">
            Suspend
          </button>
        </form>
      )}
    </>
  );
};
