import { escapeHtml } from '../domain/escape-html.js';
import type { Mail } from '../domain/mail.js';

/** What every mail names: the archive and its address (links start with it). */
export interface MailSite {
  siteName: string;
  publicUrl: string;
}

/** A message that carries one link: why it came, what the link does, the link, what if it was not asked for. */
export function linkMail(m: {
  to: string;
  subject: string;
  intro: string;
  how: string;
  link: string;
  after: string;
}): Mail {
  return {
    to: m.to,
    subject: m.subject,
    text: `${m.intro}\n\n${m.how}\n${m.link}\n\n${m.after}\n`,
    html:
      `<p>${escapeHtml(m.intro)}</p><p>${escapeHtml(m.how)}<br>` +
      `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p><p>${escapeHtml(m.after)}</p>`,
  };
}
