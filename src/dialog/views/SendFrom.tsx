import { t } from '../../shared/i18n.ts';
import { optionValue, sendFromGroups } from '../send-from.ts';
import { isLocked } from '../state.ts';
import type { SectionProps } from './props.ts';

/**
 * Who sends, as one control: the one account there is as a line of text, or a "Send from" choice
 * grouped by person (and organization) that switches login and account for this site.
 */
export function SendFrom({ state, commands }: SectionProps) {
  const { auth } = state;
  if (!auth?.selected) return null;
  const groups = sendFromGroups(auth);
  const options = groups.flatMap((g) => g.options);
  const value = optionValue(auth.selected.loginKey, auth.selected.accountId);
  const only = options.length === 1 ? groups.find((g) => g.options.length === 1) : undefined;
  return (
    <section class="send-from">
      {only?.options[0] ? (
        <p data-testid="send-from">{t('dialog_sendFromOne', only.who, only.options[0].label)}</p>
      ) : (
        <label>
          {t('dialog_sendFrom')}
          <select
            data-testid="send-from"
            disabled={isLocked(state)}
            value={value}
            onChange={(e) => {
              const chosen = options.find((o) => o.value === e.currentTarget.value);
              if (chosen) void commands.choose(chosen.loginKey, chosen.accountId);
            }}
          >
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {state.chooseError ? <p class="error" role="alert">{state.chooseError}</p> : null}
    </section>
  );
}
