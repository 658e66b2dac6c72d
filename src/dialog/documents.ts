/**
 * The envelope's documents in the dialog, as plain functions: the ordered list (the document whose
 * button opened the dialog first), what "Add from this page" offers, adding, moving and removing, and
 * the limits (DOCUMENT_LIMITS, the server's; checked on Send by later/validate.ts). The effects that
 * fetch or read the bytes are in document-effects.ts.
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

const ACTIONS: ReadonlySet<string> = new Set<DocumentsAction['type']>([
  'documentsOffered', 'documentAdding', 'documentAdded', 'documentAddFailed', 'documentMoved', 'documentRemoved',
]);

export const isDocumentsAction = (action: { type: string }): action is DocumentsAction => ACTIONS.has(action.type);

export const emptyDocuments: Documents = { list: [], offered: null, adding: null, problem: '' };

/** Another document may be added (the list is not full and nothing is being added). */
export const canAdd = (docs: Documents): boolean => docs.adding === null && docs.list.length < DOCUMENT_LIMITS.count;

export function reduceDocuments(docs: Documents, action: DocumentsAction): Documents {
  switch (action.type) {
    case 'documentsOffered':
      return { ...docs, offered: action.offered };
    case 'documentAdding':
      return canAdd(docs) ? { ...docs, adding: action.name, problem: '' } : docs;
    case 'documentAdded': {
      const { document } = action;
      const full = docs.list.length >= DOCUMENT_LIMITS.count;
      const twice = docs.list.some((d) => d.id === document.id);
      return { ...docs, adding: null, list: full || twice ? docs.list : [...docs.list, document] };
    }
    case 'documentAddFailed':
      return { ...docs, adding: null, problem: action.message };
    case 'documentMoved': {
      const to = action.index + action.by;
      const moving = docs.list[action.index];
      if (!moving || to < 0 || to >= docs.list.length) return docs;
      const list = docs.list.filter((_, i) => i !== action.index);
      list.splice(to, 0, moving);
      return { ...docs, list };
    }
    case 'documentRemoved':
      // An envelope needs a document: the last one stays.
      if (docs.list.length <= 1) return docs;
      return { ...docs, list: docs.list.filter((_, i) => i !== action.index) };
  }
}

/** The page's offered documents not in the envelope yet. */
export const notYetAdded = (docs: Documents): PageOffer[] =>
  (docs.offered ?? []).filter((offer) => !docs.list.some((d) => d.pageUrl === offer.url));

export type DocumentErrorKey = Extract<MessageKey, 'dialog_docsErrTooMany' | 'dialog_docsErrTooLarge' | 'dialog_docsErrTotal'>;

export interface DocumentError {
  field: 'documents';
  key: DocumentErrorKey;
  /** The message's substitutions: the limit, and the document it is about. */
  subs: [string, ...string[]];
}

const KINDS: Readonly<Record<string, string>> = {
  pdf: 'pdf', docx: 'word', rtf: 'word', xlsx: 'excel', pptx: 'powerpoint',
};

/** A file's kind from its name (the server sniffs the bytes anyway). */
export const kindOfFile = (name: string): string => KINDS[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'other';

/**
 * What the file chooser offers: PDF and Office documents, as far as the server recognises them by their
 * bytes (src/server/sniff.ts: OOXML, not the old binary .doc/.xls/.ppt); DocuSign converts Office files.
 */
export const FILE_TYPES = '.pdf,.docx,.rtf,.xlsx,.pptx';

/** Whole megabytes, as the hint says them. */
export const megabytes = (bytes: number): string => String(Math.floor(bytes / 1024 / 1024));
