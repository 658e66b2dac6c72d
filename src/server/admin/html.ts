/** The admin page's HTML: escaped, script-free, never cached or framed; forms post to the page's own origin only. */
import type { Context } from 'hono';
import type { CheckReport } from '../../admin/check.ts';
import type { ConsentUrls } from '../../admin/consent.ts';

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:.4rem;text-align:left;vertical-align:top}
.passed{color:#047857}.failed{color:#b91c1c}.warning{color:#b45309}.skipped{color:#6b7280}code{word-break:break-all;font-size:.85rem}
form{display:inline-block;margin:.5rem .5rem 0 0}button{font-size:1rem;padding:.3rem .8rem}`;

export function adminHtml(c: Context, status: 200 | 400 | 403 | 404 | 429, title: string, body: string): Response {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} – SignBridge admin</title><style>${STYLE}</style></head>
<body><main id="signbridge-admin"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    status,
    HEADERS,
  );
}

export const paragraphs = (lines: readonly string[]): string => lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');

const LABEL = { passed: 'Passed', warning: 'Warning', failed: 'Failed', skipped: 'Skipped' } as const;

export function checkTable(report: CheckReport): string {
  const rows = report.steps.map(
    (s) => `<tr data-step="${s.id}" data-status="${s.status}"><th>${escapeHtml(s.title)}</th><td class="${s.status}">${LABEL[s.status]}</td>
<td>${escapeHtml(s.detail)}${s.fix !== undefined ? `<br><strong>Fix:</strong> ${escapeHtml(s.fix)}` : ''}</td></tr>`,
  );
  return `<table id="check" data-ok="${String(report.ok)}"><thead><tr><th>Step</th><th>Result</th><th>Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p>${report.ok ? 'All steps passed.' : 'Fix the first failed step, then reload this page to check again.'}</p>`;
}

export function consentList(urls: ConsentUrls): string {
  return `<h2>Consent</h2><ul>
<li>Organization-wide (a DocuSign administrator): <a id="admin-consent" href="${escapeHtml(urls.admin)}">admin consent</a></li>
<li>The system user alone: <a href="${escapeHtml(urls.individual)}">individual consent</a></li></ul>`;
}
