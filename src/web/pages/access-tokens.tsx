import type { AccessTokenInfo } from '../../services/access-tokens.js';
import { Csrf, Field, formatDate } from './components.js';

/** The account page's token section: what tokens are for, a form to make one, and the list. */
export const AccessTokensSection = ({
  tokens,
  csrf,
  opdsUrl,
  error,
  typed,
}: {
  tokens: AccessTokenInfo[];
  csrf: string;
  opdsUrl: string;
  error?: string | undefined;
  typed?: string;
}) => (
  <section id="access-tokens">
    <h2>Access tokens</h2>
    <p>
      A token lets an e-reader app (OPDS), a feed reader or a script (the API) see the archive as you do — works for
      members only, your blocklist — without your password. Tokens can read; they cannot change anything. In an OPDS
      app, use the catalog <code>{opdsUrl}</code>, your username, and a token as the password.
    </p>
    <form class="work-form" method="post" action="/account/tokens">
      <Csrf token={csrf} />
      <Field
        name="token-name"
        label="Token name"
        error={error}
        hint="Where you will use it, for example “KOReader on my e-reader”."
      >
        <input type="text" id="token-name" name="name" maxlength={100} value={typed ?? ''} />
      </Field>
      <button type="submit">Create Token</button>
    </form>
    {tokens.length === 0 ? (
      <p class="muted">You have no access tokens.</p>
    ) : (
      <ul class="access-tokens">
        {tokens.map((t) => (
          <li>
            <strong>{t.name}</strong> <span class="muted">(ends in …{t.hint})</span> · created {formatDate(t.createdAt)}{' '}
            · last used {t.lastUsedAt ? formatDate(t.lastUsedAt) : 'never'}{' '}
            <form method="post" action="/account/tokens/revoke">
              <Csrf token={csrf} />
              <input type="hidden" name="id" value={String(t.id)} />
              <button type="submit" aria-label={`Revoke ${t.name}`}>
                Revoke
              </button>
            </form>
          </li>
        ))}
      </ul>
    )}
  </section>
);

/** Shown once, right after creating a token: the secret is not stored and cannot be shown again. */
export const NewTokenNotice = ({
  name,
  secret,
  username,
  opdsUrl,
}: {
  name: string;
  secret: string;
  username: string;
  opdsUrl: string;
}) => (
  <div class="ui">
    <h1>Your new access token</h1>
    <p class="flash" role="status">
      Copy the token “{name}” now: this is the only time it is shown. If you lose it, revoke it and create another.
    </p>
    <div class="field">
      <label for="new-token">Token</label>
      <input type="text" id="new-token" readonly value={secret} size={60} autocomplete="off" spellcheck={false} />
    </div>
    <h2>Using it</h2>
    <dl>
      <dt>OPDS catalog (KOReader, Thorium, Moon+ Reader…)</dt>
      <dd>
        Address <code>{opdsUrl}</code>, username <code>{username}</code>, password: the token.
      </dd>
      <dt>Feed readers and the API</dt>
      <dd>
        Send <code>Authorization: Bearer {'<token>'}</code>, or the same username and password as above.
      </dd>
    </dl>
    <p>
      <a href="/account#access-tokens">Back to your account</a>
    </p>
  </div>
);
