/**
 * The go-live audit a DocuSign reviewer reads for an integration key: eSignature calls, errors, polling
 * violations, and whether there is a run of 20 consecutive clean calls (FACTS.md 6).
 */
import type { GoLiveAudit, SimCall } from './types.ts';

export const GO_LIVE_CLEAN_RUN = 20;

/**
 * Reads of envelope status: one envelope, its recipients, or the list of status changes. DocuSign asks
 * integrations to learn status from Connect instead (FACTS.md 6: at most one read per envelope per 15 min).
 */
const STATUS_READ = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes(\/[^/]+(\/recipients)?)?$/;

export function goLiveAudit(calls: readonly SimCall[], clientId: string): GoLiveAudit {
  let run = 0;
  let longest = 0;
  let errors = 0;
  let pollingViolations = 0;
  let statusReads = 0;
  const errorsByCode: Record<string, number> = {};
  const mine = calls.filter((c) => c.kind === 'esign' && c.clientId === clientId);
  for (const call of mine) {
    const clean = call.status >= 200 && call.status < 400 && call.pollingViolation !== true;
    if (call.pollingViolation) pollingViolations += 1;
    if (call.method === 'GET' && STATUS_READ.test(call.path)) statusReads += 1;
    if (call.status === 0 || call.status >= 400) {
      errors += 1;
      const code = call.errorCode ?? `HTTP_${call.status}`;
      errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
    }
    run = clean ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return {
    clientId,
    calls: mine.length,
    successes: mine.length - errors,
    errors,
    pollingViolations,
    statusReads,
    longestCleanRun: longest,
    eligible: longest >= GO_LIVE_CLEAN_RUN && pollingViolations === 0,
    errorsByCode,
  };
}
