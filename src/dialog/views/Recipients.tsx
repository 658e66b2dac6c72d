import { isLocked } from '../state.ts';
import type { SectionProps } from './props.ts';
import { RecipientRow } from './RecipientRow.tsx';

/** The recipients, in routing order as the user set it, with Add signer and Add CC. */
export function Recipients({ state, commands }: SectionProps) {
  const { recipients } = state.form;
  const add = (role: 'signer' | 'cc') => commands.dispatch({ type: 'addRecipient', role });
  return (
    <fieldset disabled={isLocked(state)}>
      <legend>Recipients</legend>
      {recipients.map((recipient, index) => (
        <RecipientRow key={index} index={index} recipient={recipient} only={recipients.length === 1} dispatch={commands.dispatch} />
      ))}
      <div class="add">
        <button type="button" class="secondary" onClick={() => add('signer')}>Add signer</button>
        <button type="button" class="secondary" onClick={() => add('cc')}>Add CC</button>
      </div>
    </fieldset>
  );
}
