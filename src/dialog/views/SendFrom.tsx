import { sendFromOptions } from '../../shared/auth.ts';
import { isLocked, sendingAs } from '../state.ts';
import type { SectionProps } from './props.ts';

/** Who sends: the login and account for this site, and a switch among the user's own and the organization's. */
export function SendFrom({ state, commands }: SectionProps) {
  const { auth } = state;
  // Own DocuSign accounts, then the organization's when the server lets this member send as it.
  const options = auth ? sendFromOptions(auth) : [];
  const label = sendingAs(state);
  return (
    <>
      <p class="sending-as" data-testid="sending-as">
        {label ?? 'No DocuSign login linked and no organization signed in yet: use the SignBridge button in the toolbar.'}
      </p>
      {auth?.selected && options.length > 1 ? (
        <label class="switcher">
          Send from
          <select
            disabled={isLocked(state)}
            value={JSON.stringify([auth.selected.loginKey, auth.selected.accountId])}
            onChange={(e) => {
              const [loginKey, accountId] = JSON.parse(e.currentTarget.value) as [string, string];
              void commands.choose(loginKey, accountId);
            }}
          >
            {options.map((o) => (
              <option key={`${o.loginKey} ${o.accountId}`} value={JSON.stringify([o.loginKey, o.accountId])}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {state.chooseError ? <p class="error" role="alert">{state.chooseError}</p> : null}
    </>
  );
}
