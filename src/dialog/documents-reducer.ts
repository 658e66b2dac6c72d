/**
 * The documents list's reducer (documents.ts). Its actions come from adding a document (later/documents.ts)
 * and from moving or removing one, possible only once a second was added: it loads with them, after the
 * first paint (later/reduce.ts).
 */
import { DOCUMENT_LIMITS } from '../shared/document-limits.ts';
import { canAdd, type Documents, type DocumentsAction } from './documents.ts';

const ACTIONS: ReadonlySet<string> = new Set<DocumentsAction['type']>([
  'documentsOffered', 'documentAdding', 'documentAdded', 'documentAddFailed', 'documentMoved', 'documentRemoved',
]);

export const isDocumentsAction = (action: { type: string }): action is DocumentsAction => ACTIONS.has(action.type);

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
