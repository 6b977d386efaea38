import type { FieldErrors } from '../../domain/work-input.js';
import { Csrf, Field } from './components.js';

/** The account page's form to move the account to a new address (services/change-email.ts). */
export const ChangeEmailSection = ({ csrf, errors }: { csrf: string; errors: FieldErrors }) => (
  <>
    <h2>Change email</h2>
    <p class="muted">We mail a link to the new address; your address changes when you open it.</p>
    <form class="work-form" method="post" action="/account/email" novalidate>
      <Csrf token={csrf} />
      <Field name="newEmail" label="New email address" error={errors.newEmail}>
        <input type="email" id="newEmail" name="email" autocomplete="email" />
      </Field>
      <Field name="emailPassword" label="Your password" error={errors.emailPassword}>
        <input type="password" id="emailPassword" name="password" autocomplete="current-password" />
      </Field>
      <button type="submit">Change Email</button>
    </form>
  </>
);
