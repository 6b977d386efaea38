/** A message as the archive writes it: a plain-text body and the same in HTML. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}
