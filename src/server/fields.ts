/**
 * A signer's fields as DocuSign tabs (spec `tabs`, `signHere`): placed ones at a document's page and
 * position (`documentId`, `pageNumber`, `xPosition`, `yPosition`: points from the page's top left), and
 * anchored ones by `anchorString` with offsets in pixels. Checked here first, so a field off its page
 * is our clear 400 rather than DocuSign's refusal of the whole envelope.
 */
import type { FieldKind, FieldRequest } from '../shared/api-send.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { PageInfo } from './pdf-pages.ts';
import { ApiError } from './http-error.ts';

const TAB_ARRAYS: Record<FieldKind, string> = {
  signHere: 'signHereTabs',
  initialHere: 'initialHereTabs',
  dateSigned: 'dateSignedTabs',
  fullName: 'fullNameTabs',
  text: 'textTabs',
};

/** What DocuSign takes: string scalars (spec). */
export type Tab = Record<string, string>;
export type Tabs = Partial<Record<string, Tab[]>>;

const invalid = (message: string) => new ApiError(400, ErrorCodes.FIELD_INVALID, message);

/** Refuses fields on a document, page or position the documents do not have. */
export function checkFields(signers: readonly { name: string; fields: readonly FieldRequest[] }[], documents: readonly { name: string; pages?: PageInfo | undefined }[]): void {
  for (const signer of signers) {
    for (const field of signer.fields) {
      if (!('document' in field)) continue;
      const who = `A field for ${signer.name.slice(0, 100)}`;
      const doc = documents[field.document - 1];
      if (doc === undefined) throw invalid(`${who} is on document ${field.document}, but the envelope has ${documents.length} of its own.`);
      if (doc.pages === undefined) continue;
      if (field.page > doc.pages.count) {
        throw invalid(`${who} is on page ${field.page} of "${doc.name.slice(0, 100)}", which has ${doc.pages.count} page${doc.pages.count === 1 ? '' : 's'}.`);
      }
      if (field.x > doc.pages.width || field.y > doc.pages.height) {
        throw invalid(`${who} lies outside page ${field.page} of "${doc.name.slice(0, 100)}" (${doc.pages.width} × ${doc.pages.height} points).`);
      }
    }
  }
}

/** The DocuSign tabs of one signer; `documentIds` are the envelope's ids of the request's documents. */
export function tabsFor(fields: readonly FieldRequest[], documentIds: readonly string[], textValues: readonly { label: string; value: string }[] = []): Tabs | undefined {
  const tabs: Tabs = {};
  const add = (kind: FieldKind, tab: Tab) => (tabs[TAB_ARRAYS[kind]] ??= []).push(tab);
  for (const field of fields) {
    const extra: Tab = {
      ...(field.label !== undefined ? { tabLabel: field.label } : {}),
      ...(field.kind === 'text' && field.value !== undefined ? { value: field.value } : {}),
    };
    if ('document' in field) {
      add(field.kind, {
        documentId: documentIds[field.document - 1] ?? '',
        pageNumber: String(field.page),
        xPosition: String(Math.round(field.x)),
        yPosition: String(Math.round(field.y)),
        ...extra,
      });
    } else {
      add(field.kind, {
        anchorString: field.anchor,
        anchorUnits: 'pixels',
        anchorXOffset: String(Math.round(field.xOffset ?? 0)),
        anchorYOffset: String(Math.round(field.yOffset ?? 0)),
        // Anchors come from adapters and administrators for documents that may not carry them: one that
        // is missing leaves its field out (the signer then places their own) instead of failing the send.
        anchorIgnoreIfNotPresent: 'true',
        ...extra,
      });
    }
  }
  // A template role's text fields: values by label; the template places them (spec templateRole.tabs).
  for (const t of textValues) add('text', { tabLabel: t.label, value: t.value });
  return Object.keys(tabs).length === 0 ? undefined : tabs;
}
