import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.js';
import type { SitePage } from '../../domain/site-settings.js';
import { canViewPublicPage } from '../../policies/index.js';
import { siteOf } from '../site-settings.js';
import { UserHtml } from './components.js';
import { page } from './render.js';

/** The Terms of Service, Privacy and About pages: the admins' text (Settings), or the built-in one. */
export function registerSitePages(app: Hono<AppEnv>): void {
  app.get('/tos', (c) => {
    const { archiveName, termsVersion } = siteOf(c);
    return sitePage(c, 'tos', 'Terms of Service', <TermsText site={archiveName} version={termsVersion} />);
  });
  app.get('/privacy', (c) => sitePage(c, 'privacy', 'Privacy Policy', <PrivacyText site={siteOf(c).archiveName} />));
  app.get('/about', (c) => sitePage(c, 'about', 'About', <AboutText site={siteOf(c).archiveName} />));
}

function sitePage(c: Context<AppEnv>, key: SitePage, title: string, builtIn: Child) {
  canViewPublicPage(c.get('viewer'), key);
  const site = siteOf(c);
  const written = site.pages[key];
  return page(
    c,
    title,
    <div class="ui site-text">
      <h1>{title}</h1>
      {written === null ? (
        builtIn
      ) : (
        <>
          {key === 'tos' ? <p class="muted">Version {site.termsVersion}.</p> : null}
          <UserHtml html={written} />
        </>
      )}
    </div>,
  );
}

const TermsText = ({ site, version }: { site: string; version: string }) => (
  <>
    <p>
      These terms apply to everyone who uses {site}. By creating an account you agree to them. If they change, members
      are told before the new terms apply.
    </p>
    <p class="muted">Version {version}.</p>
    <h2>Your account</h2>
    <ul>
      <li>You must be 13 years of age or older to create an account.</li>
      <li>
        Keep your password to yourself. You are responsible for what is done with your account and its access tokens.
      </li>
      <li>
        One person may hold several pseuds; do not use them to pretend to be someone else or to get around a suspension.
      </li>
    </ul>
    <h2>Your works</h2>
    <ul>
      <li>
        You keep the rights to what you post. You allow {site} to store, display and offer it for download as the
        archive's features do.
      </li>
      <li>
        Post only work you have the right to post, and name as co-creators only people who worked on it with you; they
        must accept before they are credited.
      </li>
      <li>
        Rate and warn honestly: choose a rating and archive warnings that fit the work, or choose not to use warnings.
      </li>
      <li>
        Fan works that transform existing stories are welcome; copying someone else's text or passing it off as your own
        is not.
      </li>
    </ul>
    <h2>How members treat each other</h2>
    <ul>
      <li>No harassment, threats, or sharing another person's private information.</li>
      <li>No content that is illegal where the archive is hosted, and no sexual content involving real minors.</li>
      <li>No spam, and no attempts to break, overload or get around the archive's limits.</li>
    </ul>
    <h2>What the archive may do</h2>
    <p>
      The people who run {site} may hide or remove works and comments that break these terms, and suspend or close
      accounts that do. The archive is offered as it is, run by volunteers, without a guarantee that it will always be
      available: keep your own copies of your work.
    </p>
    <p>
      See also the <a href="/privacy">Privacy Policy</a>.
    </p>
  </>
);

const PrivacyText = ({ site }: { site: string }) => (
  <>
    <p>{site} keeps as little about you as it needs to run.</p>
    <h2>What is stored</h2>
    <ul>
      <li>Your username, email address and a one-way hash of your password (never the password itself).</li>
      <li>What you post, your pseuds, your preferences, blocklist and saved filters.</li>
      <li>
        Sessions and access tokens, stored only as hashes. Failed log-ins are recorded with the address they came from
        for 15 minutes, to stop password guessing.
      </li>
      <li>
        A cookie that keeps you logged in, and one that remembers a browser you have logged in from, so that it is not
        slowed down with strangers.
      </li>
    </ul>
    <h2>What is not done</h2>
    <ul>
      <li>
        No advertising, no tracking scripts, and nothing sold or handed to third parties except where the law requires
        it.
      </li>
      <li>Your email address is never shown to other members.</li>
    </ul>
    <p>Ask the people who run {site} to see or delete what it holds about you.</p>
  </>
);

const AboutText = ({ site }: { site: string }) => (
  <>
    <p>
      {site} is an archive of fan works: fiction and other writing by fans, for fans. It runs on Quire, a self-hostable
      archive in the spirit of the Archive of Our Own. Every work belongs to its writers.
    </p>
    <p>
      Read the <a href="/tos">Terms of Service</a> and the <a href="/privacy">Privacy Policy</a>.
    </p>
  </>
);
