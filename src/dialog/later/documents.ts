/**
 * Adding a document (documents.ts): "Add from this page" asks the content script over the page's port,
 * which fetches only documents it detected itself; a file from this computer is read here, in the dialog
 * frame. Loaded after the first paint (load-later.ts); the commands wait for it (controller.ts).
 */
import type { DocumentAnswer } from '../../content/dialog.ts';
import type { DocumentRef } from '../../content/detect.ts';
import { DOCUMENT_LIMITS } from '../../shared/document-limits.ts';
import { t } from '../../shared/i18n.ts';
import { ask, type DialogPort } from '../channel.ts';
import { holdBytes } from '../document-effects.ts';
import type { DocumentsAction, PageOffer, SendDocument } from '../documents.ts';
import { kindOfFile } from './file-kind.ts';

type Dispatch = (action: DocumentsAction) => void;

/** The page's other documents the content script detected (the ones "Add from this page" offers). */
export function listPageDocuments(port: DialogPort): Promise<DocumentRef[]> {
  return ask(port, { type: 'listDocuments' }, (m) => (m.type === 'documents' ? m.documents : undefined));
}

/** One of those documents' bytes, fetched in the page's context as the first one is. */
export function requestPageDocument(port: DialogPort, url: string): Promise<DocumentAnswer> {
  return ask(port, { type: 'fetchOther', url }, (m) => (m.type === 'otherDocument' && m.url === url ? m.answer : undefined));
}

export async function offerPageDocuments(port: DialogPort | undefined, dispatch: Dispatch): Promise<void> {
  if (!port) return;
  const offered = await listPageDocuments(port);
  dispatch({ type: 'documentsOffered', offered: offered.map(({ url, name, kind }) => ({ url, name, kind })) });
}

export async function addPageDocument(port: DialogPort | undefined, offer: PageOffer, dispatch: Dispatch): Promise<void> {
  if (!port) return;
  dispatch({ type: 'documentAdding', name: offer.name });
  const answer: DocumentAnswer = await requestPageDocument(port, offer.url);
  if (!answer.ok) return dispatch({ type: 'documentAddFailed', message: answer.message });
  const held = await holdBytes(offer.name, answer.bytes, answer.mimeType);
  dispatch({ type: 'documentAdded', document: { ...held, id: offer.url, kind: offer.kind, pageUrl: offer.url } });
}

let files = 0;

export async function addLocalFile(file: File, dispatch: Dispatch): Promise<void> {
  const name = file.name.slice(0, 200) || 'document';
  const base = { id: `file:${++files}`, kind: kindOfFile(name) };
  if (file.size === 0) return dispatch({ type: 'documentAddFailed', message: t('fetchEmpty') });
  // Too large to send: listed with its size and refused at Send (documentErrors), never read into memory.
  if (file.size > DOCUMENT_LIMITS.eachBytes) {
    const document: SendDocument = { ...base, name, mimeType: file.type, size: file.size, blobUrl: '', sha256: '' };
    return dispatch({ type: 'documentAdded', document });
  }
  dispatch({ type: 'documentAdding', name });
  try {
    // Read once: the bytes hashed are the bytes sent, even if the file changes on disk meanwhile.
    const held = await holdBytes(name, await file.arrayBuffer(), file.type || 'application/octet-stream');
    dispatch({ type: 'documentAdded', document: { ...held, ...base } });
  } catch {
    dispatch({ type: 'documentAddFailed', message: t('dialog_docsReadFailed', name) });
  }
}
