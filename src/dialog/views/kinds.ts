import { t, type MessageKey } from '../../shared/i18n.ts';

const KIND: Record<string, MessageKey> = {
  pdf: 'dialog_kindPdf', word: 'dialog_kindWord', excel: 'dialog_kindExcel', powerpoint: 'dialog_kindPowerpoint',
  image: 'dialog_kindImage', text: 'dialog_kindText', html: 'dialog_kindHtml',
};

/** "PDF", "Word", … for a document's kind. */
export const kindText = (kind: string): string => t(KIND[kind] ?? 'dialog_kindOther');
