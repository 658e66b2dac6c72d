/**
 * The envelope's documents in the dialog: the ordered list (the document whose button opened the dialog
 * first), what "Add from this page" offers, and the limits (DOCUMENT_LIMITS, the server's; checked on Send
 * by later/validate.ts). Adding, moving and removing (documents-reducer.ts, later/documents.ts) load after
 * the first paint (load-later.ts): a second document comes only through them.
 */
import { DOCUMENT_LIMITS } from '../shared/document-limits.ts';
import type { MessageKey } from '../shared/i18n.ts';
import type { DocumentBytes } from './model.ts';

export interface SendDocument extends DocumentBytes {
  /** Unique in the list (keys its row): the page document's URL, or `file:<n>` for a file from this computer. */
  id: string;
  /** `pdf`, `word`, … as the page's detection or the file's name says. */
  kind: string;
  /** A document of the page, by the URL the content script detected: its button shows the send. */
  pageUrl?: string;
}

/** One of the page's other documents, as the content script listed it. */
export interface PageOffer {
  url: string;
  name: string;
  kind: string;
}

export interface Documents {
  /** In the envelope's order. */
  list: SendDocument[];
  /** The page's other documents once "Add from this page" asked for them, null before. */
  offered: PageOffer[] | null;
  /** The name of a document being fetched or read (one at a time: Send waits for it). */
  adding: string | null;
  /** Why the last add failed, in the user's words ('' when it did not). */
  problem: string;
}

export type DocumentsAction =
  | { type: 'documentsOffered'; offered: PageOffer[] }
  | { type: 'documentAdding'; name: string }
  | { type: 'documentAdded'; document: SendDocument }
  | { type: 'documentAddFailed'; message: string }
  | { type: 'documentMoved'; index: number; by: -1 | 1 }
  | { type: 'documentRemoved'; index: number };

export const emptyDocuments: Documents = { list: [], offered: null, adding: null, problem: '' };

/** Another document may be added (the list is not full and nothing is being added). */
export const canAdd = (docs: Documents): boolean => docs.adding === null && docs.list.length < DOCUMENT_LIMITS.count;

export type DocumentErrorKey = Extract<MessageKey, 'dialog_docsErrTooMany' | 'dialog_docsErrTooLarge' | 'dialog_docsErrTotal'>;

export interface DocumentError {
  field: 'documents';
  key: DocumentErrorKey;
  /** The message's substitutions: the limit, and the document it is about. */
  subs: [string, ...string[]];
}

/**
 * What the file chooser offers: PDF and Office documents, as far as the server recognises them by their
 * bytes (src/server/sniff.ts: OOXML, not the old binary .doc/.xls/.ppt); DocuSign converts Office files.
 */
export const FILE_TYPES = '.pdf,.docx,.rtf,.xlsx,.pptx';

/** Whole megabytes, as the hint says them. */
export const megabytes = (bytes: number): string => String(Math.floor(bytes / 1024 / 1024));
