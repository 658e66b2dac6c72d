import type { Commands } from '../controller.ts';
import type { DialogState } from '../state.ts';

/** What every section of the dialog gets: the one state to render from, and the commands to act. */
export interface SectionProps {
  state: DialogState;
  commands: Commands;
}
