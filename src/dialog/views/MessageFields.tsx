import { isLocked } from '../state.ts';
import type { SectionProps } from './props.ts';

/** The e-mail DocuSign sends: subject (at most 100 characters, DocuSign's emailSubject limit) and message. */
export function MessageFields({ state, commands }: SectionProps) {
  const { subject, message } = state.form;
  return (
    <fieldset disabled={isLocked(state)}>
      <label>Subject<input value={subject} maxLength={100} onInput={(e) => commands.dispatch({ type: 'editSubject', value: e.currentTarget.value })} /></label>
      <label>Message<textarea rows={4} value={message} onInput={(e) => commands.dispatch({ type: 'editMessage', value: e.currentTarget.value })} /></label>
    </fieldset>
  );
}
