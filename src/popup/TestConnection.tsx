/**
 * "Test connection" for the linked login in use: the worker has the companion server check it against
 * DocuSign (`connectionCheck`, POST /v1/check) and this card words each step, its cause and its one fix.
 * Shown for linked logins only: an organization member's connection is the tenant's system user, which
 * the tenant's administrator checks (`npm run admin -- check`, the `/admin` page).
 */
import { useState } from 'preact/hooks';
import type { UserCheckReport, UserCheckStep } from '../shared/check-api.ts';
import { t } from '../shared/i18n.ts';
import { call } from '../shared/rpc.ts';
import './test-connection.css';

const TITLE = {
  token: () => t('admin_check_step_token'),
  userinfo: () => t('admin_check_step_userinfo'),
  membership: () => t('admin_check_step_membership'),
  base_uri: () => t('admin_check_step_base_uri'),
  esign: () => t('admin_check_step_esign'),
  rate_limit: () => t('admin_check_step_rate_limit'),
} as const;

const STATUS = {
  passed: () => t('admin_check_status_passed'),
  warning: () => t('admin_check_status_warning'),
  failed: () => t('admin_check_status_failed'),
  skipped: () => t('admin_check_status_skipped'),
} as const;

/** What was found and, for a failed or warning step, its one fix. */
function words(step: UserCheckStep): { detail: string; fix?: string } {
  const v = step.values ?? {};
  switch (step.cause) {
    case 'token_refused':
      return { detail: t('admin_check_cause_token_refused'), fix: t('admin_check_fix_token_refused') };
    case 'docusign_unreachable':
      return { detail: t('admin_check_cause_docusign_unreachable'), fix: t('admin_check_fix_docusign_unreachable') };
    case 'user_not_member':
      return { detail: t('admin_check_cause_user_not_member'), fix: t('admin_check_fix_user_not_member') };
    case 'base_uri_moved':
      return { detail: t('admin_check_cause_base_uri_moved', v.account ?? ''), fix: t('admin_check_fix_base_uri_moved') };
    case 'esign_call_failed':
      return { detail: t('admin_check_cause_esign_call_failed', v.http ?? ''), fix: t('admin_check_fix_esign_call_failed') };
    case 'rate_limit_nearly_spent':
      return {
        detail: t('admin_check_cause_rate_limit_nearly_spent', v.remaining ?? '', v.limit ?? ''),
        fix: t('admin_check_fix_rate_limit_nearly_spent', v.reset ?? ''),
      };
    case 'rate_limit_unknown':
      return { detail: t('admin_check_cause_rate_limit_unknown'), fix: t('admin_check_fix_rate_limit_unknown') };
    case undefined:
      break;
  }
  if (step.status === 'skipped') return { detail: t('admin_check_not_tested') };
  switch (step.id) {
    case 'token':
      return { detail: t('admin_check_ok_token') };
    case 'userinfo':
      // chrome.i18n has no plural forms: one message for one account, another for any other count.
      return { detail: v.accounts === '1' ? t('admin_check_ok_userinfo_one') : t('admin_check_ok_userinfo', v.accounts ?? '') };
    case 'membership':
      return { detail: t('admin_check_ok_membership', v.account ?? '') };
    case 'base_uri':
      return { detail: t('admin_check_ok_base_uri') };
    case 'esign':
      return { detail: t('admin_check_ok_esign') };
    case 'rate_limit':
      return { detail: t('admin_check_ok_rate_limit', v.remaining ?? '', v.limit ?? '') };
  }
}

export function TestConnection() {
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<UserCheckReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setFailure(null);
    setReport(null);
    const answer = await call('connectionCheck', {});
    if (answer.ok) setReport(answer.value);
    else setFailure(answer.error.message);
    setRunning(false);
  };
  return (
    // A plain div, not a region: the popup's regions are its logins and organizations.
    <div class="test-connection" data-testid="test-connection">
      <button type="button" class="secondary" disabled={running} onClick={(e) => e.isTrusted && void run()}>
        {t('admin_check_button')}
      </button>
      <div role="status" aria-live="polite">
        {running && <p class="muted">{t('admin_check_running')}</p>}
        {report && (
          <>
            <h2>{t('admin_check_heading')}</h2>
            <p class={report.ok ? 'check-ok' : 'check-failed'} data-ok={String(report.ok)}>
              {report.ok ? t('admin_check_all_passed') : t('admin_check_some_failed')}
            </p>
            <ol class="check-steps">
              {report.steps.map((step) => {
                const { detail, fix } = words(step);
                return (
                  <li key={step.id} data-step={step.id} data-status={step.status}>
                    <strong>{TITLE[step.id]()}</strong> <span class={`check-status check-${step.status}`}>{STATUS[step.status]()}</span>
                    <p>{detail}</p>
                    {fix !== undefined && step.status !== 'passed' && <p class="check-fix">{t('admin_check_fix', fix)}</p>}
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </div>
      {failure !== null && (
        <p class="notice notice-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
