import type { Recipient } from '../../shared/messages.ts';
import type { Action } from '../state.ts';
import { PhoneOptions } from '../recipients/PhoneOptions.tsx';

interface Props {
  index: number;
  recipient: Recipient;
  /** The last recipient cannot be removed. */
  only: boolean;
  dispatch: (action: Action) => void;
}

export function RecipientRow({ index, recipient: r, only, dispatch }: Props) {
  const n = index + 1;
  const edit = (patch: Partial<Recipient>) => dispatch({ type: 'editRecipient', index, patch });
  return (
    <div class="recipient" data-testid="recipient">
      <select aria-label={`Recipient ${n} role`} value={r.role} onChange={(e) => edit({ role: e.currentTarget.value === 'cc' ? 'cc' : 'signer' })}>
        <option value="signer">Signer</option>
        <option value="cc">CC</option>
      </select>
      <input aria-label={`Recipient ${n} name`} placeholder="Name" value={r.name} onInput={(e) => edit({ name: e.currentTarget.value })} />
      <input aria-label={`Recipient ${n} email`} placeholder="Email" type="email" value={r.email} onInput={(e) => edit({ email: e.currentTarget.value })} />
      <input
        aria-label={`Recipient ${n} routing order`}
        title="Routing order: lower numbers receive it first; equal numbers at the same time"
        type="number" min={1} max={99} value={r.routingOrder}
        onInput={(e) => edit({ routingOrder: Number(e.currentTarget.value) || 1 })}
      />
      {r.role === 'signer' ? (
        <label class="sign-now">
          <input type="checkbox" checked={r.signNow} onChange={(e) => edit({ signNow: e.currentTarget.checked })} /> signs now on this device
        </label>
      ) : <span class="sign-now" />}
      {r.role === 'signer' ? <PhoneOptions n={n} recipient={r} edit={edit} /> : null}
      <button type="button" class="secondary" aria-label={`Remove recipient ${n}`} disabled={only} onClick={() => dispatch({ type: 'removeRecipient', index })}>
        Remove
      </button>
    </div>
  );
}
