import { t } from '../../shared/i18n.ts';
import { laterModule } from '../load-later.ts';
import { isLocked } from '../state.ts';
import type { SectionProps } from '../views/props.ts';

export type TemplateStepProps = SectionProps & { sessionId: string };

/**
 * "Use a template": a button until the user asks, then the step (later/TemplateOpen.tsx), which renders
 * from the chunk loaded after the first paint (load-later.ts) and loads the step's own module.
 */
export function TemplateEntry(props: TemplateStepProps) {
  const { state, commands } = props;
  const later = laterModule();
  if (!state.template.open) {
    return (
      <div class="add">
        <button type="button" class="secondary" disabled={isLocked(state)} onClick={() => commands.dispatch({ type: 'templateOpened' })}>
          {t('template_use')}
        </button>
      </div>
    );
  }
  return later ? <later.TemplateOpen {...props} /> : <p class="muted" role="status">{t('template_loadingList')}</p>;
}
