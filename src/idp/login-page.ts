/** The demo identity provider's login page: static HTML, no script, never framed, demo values shown. */
import { DEMO_MEMBERS, DEMO_PASSWORD } from './members.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export const LOGIN_PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export function loginPage(action: string, clientName: string, error?: string): string {
  const rows = DEMO_MEMBERS.map((m) => `<li><code>${escapeHtml(m.email)}</code> (${escapeHtml(m.name)})</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in – Demo identity provider</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.4rem;font:inherit}button{margin-top:1rem;padding:.5rem 1.2rem;font:inherit}
.error{color:#b91c1c}.demo{background:#f3f4f6;padding:.6rem 1rem;border-radius:.4rem;font-size:.9rem}</style>
</head><body><main>
<h1>Sign in</h1><p>to ${escapeHtml(clientName)}</p>
${error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="${escapeHtml(action)}">
<label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<div class="demo"><p>Demo identity provider. Members (password <code>${DEMO_PASSWORD}</code>):</p><ul>${rows}</ul></div>
</main></body></html>`;
}
