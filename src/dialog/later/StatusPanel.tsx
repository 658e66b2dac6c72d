/**
 * The status panel, for a dialog that opens on a document already sent: rendered from later/ (Dialog.tsx
 * shows "Opening" until then), it loads the panel's own chunk when first shown, so a dialog that sends
 * never loads it.
 */
import { t } from '../../shared/i18n.ts';
import type { StatusPanelProps } from '../status/StatusPanel.tsx';
import { Layout } from '../views/Layout.tsx';
import { lazy } from './lazy.tsx';

export const StatusPanel = lazy<StatusPanelProps>(
  () => import('../status/StatusPanel.tsx').then((m) => m.StatusPanel),
  ({ onHeight }) => (
    <Layout busy onHeight={onHeight}>
      <p class="muted" role="status">{t('dialog_opening')}</p>
    </Layout>
  ),
);
