import { expect, test } from 'vitest';
import { accountServerProblem } from './account-servers.ts';

test("DocuSign's own account servers are accepted in every build", () => {
  for (const flavour of ['development', 'release'] as const) {
    expect(accountServerProblem('https://account-d.docusign.com', flavour)).toBeNull();
    expect(accountServerProblem('https://account.docusign.com/', flavour)).toBeNull();
  }
});

test('a look-alike or any other host is refused, loopback only in development builds', () => {
  for (const url of ['https://account-d.docusign.com.trap.example', 'http://account-d.docusign.com', 'https://trap.example', 'nonsense']) {
    expect(accountServerProblem(url, 'development'), url).not.toBeNull();
  }
  expect(accountServerProblem('http://127.0.0.1:8788', 'development')).toBeNull();
  expect(accountServerProblem('http://127.0.0.1:8788', 'release')).toContain('is not DocuSign');
  expect(accountServerProblem('http://localhost:8788', 'release')).not.toBeNull();
});
