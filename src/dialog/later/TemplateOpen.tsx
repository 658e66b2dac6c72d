/**
 * "Use a template" once the user asked for it (template/TemplateEntry.tsx shows the button before): the
 * step, whose module (with the mapping from the page) loads only now, so the dialog everybody opens stays
 * small. Its actions are reduced by later/reduce.ts, in this chunk.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { TemplateStepProps as EntryProps } from '../template/TemplateEntry.tsx';
import type { TemplateStepProps } from '../template/TemplateStep.tsx';
import { selectedLoginKey } from './commands.ts';

export function TemplateOpen(props: EntryProps) {
  const [Step, setStep] = useState<ComponentType<TemplateStepProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('../template/TemplateStep.tsx').then((m) => setStep(() => m.TemplateStep), () => setFailed(true));
  }, []);
  if (failed) return <p class="error" role="alert">{t('template_stepFailed')}</p>;
  return Step ? <Step {...props} loginKey={selectedLoginKey(props.state)} /> : <p class="muted" role="status">{t('template_loadingList')}</p>;
}
