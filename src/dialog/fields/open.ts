/**
 * Opens the "Place fields" step. The step and pdf.js come in by dynamic import at the click, never in
 * the dialog's first load (test/unit/bundle-size.test.ts checks the build), through later/steps.ts.
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Commands } from '../controller.ts';
import { loadLater } from '../load-later.ts';
import type { DialogState } from '../state.ts';

export interface StepProps {
  state: DialogState;
  commands: Commands;
  /** The send's documents in order (a field's `document` is the 1-based position here). */
  documents: readonly { name: string; blobUrl: string }[];
  onDone: () => void;
}

export const PLACE_FIELDS_ID = 'place-fields';

export function useFieldsStep() {
  const [Step, setStep] = useState<ComponentType<StepProps> | null>(null);
  const [failed, setFailed] = useState('');
  const opened = useRef(false);
  const open = useCallback(() => {
    setFailed('');
    loadLater().then((later) => later.fieldsStep()).then(
      (step) => {
        opened.current = true;
        setStep(() => step);
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
  }, []);
  const close = useCallback(() => setStep(null), []);
  // Back on the form: the focus returns to the button that opened the step (WAI-ARIA dialog pattern).
  useEffect(() => {
    if (Step === null && opened.current) document.getElementById(PLACE_FIELDS_ID)?.focus();
  }, [Step]);
  return { Step, open, close, failed };
}
