import * as v from 'valibot';
import { expect, test } from 'vitest';
import { EMAIL } from './recipient-rules.ts';

// The dialog (src/dialog/later/validate.ts) and the worker's schema (messages.ts) both use EMAIL, which must
// accept what valibot's `email()` accepts, as the server's schemas (api.ts) use that.
test.each([
  'ann@example.com', 'Ann.Lee+crm@Mail.Example.ORG', 'a-b_c@sub-domain.example.co', 'x@y.io',
  'no-at.example.com', 'two@@example.com', 'dot.@example.com', 'ann@example', 'ann@example.c', 'ann@exa_mple.com',
  'ann lee@example.com', '', 'ann@.example.com', 'ann@example..com',
])('%j: the same answer as valibot', (address) => {
  expect(EMAIL.test(address)).toBe(v.EMAIL_REGEX.test(address));
});
