/** Plain-words renderings of the admin results, for the command line (the admin page renders its own HTML). */
import type { CheckReport, StepStatus } from './check.ts';
import type { ConsentUrls } from './consent.ts';
import type { GoLiveReport } from './golive.ts';

const MARK: Record<StepStatus, string> = { passed: 'PASS', warning: 'WARN', failed: 'FAIL', skipped: 'SKIP' };

export function checkText(report: CheckReport): string {
  const lines = [`Connection check for ${report.tenant.name} (${report.tenant.id}), ${report.tenant.environment} environment`];
  for (const s of report.steps) {
    lines.push(`  ${MARK[s.status]}  ${s.title}: ${s.detail}`);
    if (s.status === 'failed' || s.status === 'warning') {
      if (s.cause) lines.push(`        cause: ${s.cause.code}`);
      if (s.fix) lines.push(`        fix:   ${s.fix}`);
    }
  }
  const failed = report.steps.filter((s) => s.status === 'failed').length;
  lines.push(report.ok ? 'All steps passed.' : `${failed} step(s) failed: fix the first one, then run the check again.`);
  return lines.join('\n');
}

export function consentText(tenant: { id: string; name: string }, urls: ConsentUrls): string {
  return [
    `Consent for ${tenant.name} (${tenant.id})`,
    '',
    'Organization-wide (a DocuSign administrator of the organization opens it and allows access for every user):',
    `  ${urls.admin}`,
    '',
    'The system user alone (signed in to DocuSign as the system user):',
    `  ${urls.individual}`,
    '',
    'The system user, also allowing the Admin API user list (events --type users):',
    `  ${urls.individualWithUsers}`,
    '',
    'DocuSign then returns to SignBridge’s consent page, which says whether consent was given. Then run: check',
  ].join('\n');
}

export function goLiveText(report: GoLiveReport): string {
  const lines = [`Go-live report for ${report.tenant.name} (${report.tenant.id}), ${report.environment} environment: ${report.calls.length} eSignature calls`];
  for (const c of report.checks) {
    lines.push(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.title}: ${c.detail}`);
    if (!c.passed && c.fix) lines.push(`        fix:   ${c.fix}`);
  }
  lines.push(report.passed ? 'Ready for DocuSign’s go-live review.' : 'Not ready for DocuSign’s go-live review yet.');
  return lines.join('\n');
}

/** A fixed-width table of the given columns. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (v: unknown): string => {
    const text = v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    return text.slice(0, 60);
  };
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line([...columns]), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}
