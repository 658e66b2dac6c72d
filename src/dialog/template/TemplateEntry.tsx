import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { loadLater } from '../load-later.ts';
import { isLocked } from '../state.ts';
import type { SectionProps } from '../views/props.ts';

type StepProps = SectionProps & { sessionId: string };

/**
 * "Use a template": a button until the user asks, then the step itself, whose module (with the mapping
 * from the page) is loaded only then, so the dialog everybody opens stays small.
 */
export function TemplateEntry(props: StepProps) {
  const { state, commands } = props;
  const [Step, setStep] = useState<ComponentType<StepProps> | null>(null);
  const [failed, setFailed] = useState(false);
  const open = state.template.open;
  useEffect(() => {
    if (!open || Step) return;
    // The step's actions are reduced by later/reduce.ts, whose chunk imports the step (later/steps.ts).
    loadLater().then((later) => later.templateStep()).then((step) => setStep(() => step), () => setFailed(true));
  }, [open, Step]);
  if (!open) {
    return (
      <div class="add">
        <button type="button" class="secondary" disabled={isLocked(state)} onClick={() => commands.dispatch({ type: 'templateOpened' })}>
          {t('template_use')}
        </button>
      </div>
    );
  }
  if (failed) return <p class="error" role="alert">{t('template_stepFailed')}</p>;
  return Step ? <Step {...props} /> : <p class="muted" role="status">{t('template_loadingList')}</p>;
}
