/**
 * The status panel, loaded when a dialog opens on a document already sent: a dialog that sends never
 * loads it (the initial load's budget, test/unit/bundle-size.test.ts, counts the panel's chunk for the
 * dialogs that open on it).
 */
import { t } from '../../shared/i18n.ts';
import { lazy } from '../lazy.tsx';
import { loadLater } from '../load-later.ts';
import { Layout } from '../views/Layout.tsx';
import type { StatusPanelProps } from './StatusPanel.tsx';

export const StatusPanel = lazy<StatusPanelProps>(
  // Through later/ (later/steps.ts), which a dialog loads after its first paint anyway.
  () => loadLater().then((later) => later.statusPanel()),
  ({ onHeight }) => (
    <Layout busy onHeight={onHeight}>
      <p class="muted" role="status">{t('dialog_opening')}</p>
    </Layout>
  ),
);
