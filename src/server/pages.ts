/**
 * The few HTML pages the server shows in a browser tab: the end of the login-linking flow and the end
 * of embedded signing. Static, script-free, never cached, and never echo a code or token back.
 */
import type { Context } from 'hono';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Headers for every page: no scripts, no framing, no referrer (the URL may carry a one-time code). */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export function page(c: Context, status: 200 | 400, title: string, lines: string[], data: Record<string, string> = {}): Response {
  const attrs = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} – SignBridge</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.4rem}</style>
</head><body><main id="signbridge-result"${attrs}><h1>${escapeHtml(title)}</h1>
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</main></body></html>`;
  return c.html(body, status, PAGE_HEADERS);
}
