import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installI18n } from '../../test/support/i18n.ts';
import { DOCUMENT_LIMITS } from '../shared/document-limits.ts';
import type { SendDocument } from './documents.ts';
import { notYetAdded } from './later/offered.ts';
import { kindOfFile } from './later/file-kind.ts';
import { reduceAll as reduce } from './later/reduce.ts';
import { documentErrors, fieldErrors } from './later/validate.ts';
import { canSend, initialState, type Action, type DialogState } from './state.ts';
import { bytes, session } from './test-session.ts';

let uninstall: () => void;
beforeAll(() => {
  uninstall = installI18n('en');
});
afterAll(() => uninstall());

const doc = (id: string, size = 10, pageUrl: string | undefined = id): SendDocument => ({
  id, kind: 'pdf', name: `${id}.pdf`, mimeType: 'application/pdf', size, blobUrl: `blob:${id}`, sha256: 'b'.repeat(64),
  ...(pageUrl ? { pageUrl } : {}),
});
const logins = {
  logins: [], member: { organization: null, pendingProvider: null, notice: null }, selected: { loginKey: 'k', accountId: 'a' },
  selectedForSite: false, sendingAs: null, pending: false, notice: null,
};

const run = (...actions: Action[]): DialogState => actions.reduce(reduce, initialState);
const ready = (...more: Action[]) =>
  run({ type: 'claimed', session, auth: logins }, { type: 'documentReady', bytes }, { type: 'guard', visible: true }, ...more);
const ids = (s: DialogState) => s.documents.list.map((d) => d.id);
const added = (d: SendDocument): Action => ({ type: 'documentAdded', document: d });

describe('the documents list', () => {
  it('starts with the document whose button opened the dialog, as a page document', () => {
    expect(ready().documents.list).toEqual([{ ...bytes, id: session.document.url, kind: 'pdf', pageUrl: session.document.url }]);
  });

  it('adds in order, never the same page document twice, and reorders with Move up / Move down', () => {
    let s = ready(added(doc('order')), added(doc('file:1', 10, undefined)), added(doc('order')));
    expect(ids(s)).toEqual([session.document.url, 'order', 'file:1']);
    s = reduce(s, { type: 'documentMoved', index: 2, by: -1 });
    expect(ids(s)).toEqual([session.document.url, 'file:1', 'order']);
    s = reduce(s, { type: 'documentMoved', index: 0, by: 1 });
    expect(ids(s)).toEqual(['file:1', session.document.url, 'order']);
    // Past either end: nothing moves.
    expect(ids(reduce(s, { type: 'documentMoved', index: 0, by: -1 }))).toEqual(ids(s));
    expect(ids(reduce(s, { type: 'documentMoved', index: 2, by: 1 }))).toEqual(ids(s));
  });

  it('removes any document but the last one', () => {
    let s = ready(added(doc('order')));
    s = reduce(s, { type: 'documentRemoved', index: 0 });
    expect(ids(s)).toEqual(['order']);
    s = reduce(s, { type: 'documentRemoved', index: 0 });
    expect(ids(s)).toEqual(['order']);
  });

  it('takes at most the limit’s number of documents; adding is refused once full', () => {
    const more = Array.from({ length: DOCUMENT_LIMITS.count + 2 }, (_, i) => added(doc(`d${i}`)));
    const s = ready(...more);
    expect(s.documents.list).toHaveLength(DOCUMENT_LIMITS.count);
    expect(reduce(s, { type: 'documentAdding', name: 'x' }).documents.adding).toBeNull();
  });

  it('Send waits while a document is being added; a failed add says why and Send is back', () => {
    const adding = ready({ type: 'documentAdding', name: 'Order form.docx' });
    expect(adding.documents.adding).toBe('Order form.docx');
    expect(canSend(adding)).toBe(false);
    const failed = reduce(adding, { type: 'documentAddFailed', message: 'The site refused the download.' });
    expect(failed.documents).toMatchObject({ adding: null, problem: 'The site refused the download.' });
    expect(canSend(failed)).toBe(true);
  });

  it('is read-only while sending and after the send', () => {
    const sending = ready(added(doc('order')), { type: 'sendStarted' });
    expect(ids(reduce(sending, { type: 'documentRemoved', index: 0 }))).toEqual(ids(sending));
    expect(ids(reduce(sending, added(doc('late'))))).toEqual(ids(sending));
    const sent = reduce(sending, { type: 'sent', result: { envelopeId: 'e', status: 'sent', signNow: [], replayed: false } });
    expect(ids(reduce(sent, { type: 'documentMoved', index: 1, by: -1 }))).toEqual(ids(sending));
  });

  it('offers the page’s documents not in the envelope yet', () => {
    const s = ready(added(doc('https://crm.example/order.docx')), {
      type: 'documentsOffered',
      offered: [
        { url: 'https://crm.example/order.docx', name: 'Order form.docx', kind: 'word' },
        { url: 'https://crm.example/pricing.pdf', name: 'pricing sheet', kind: 'pdf' },
      ],
    });
    expect(notYetAdded(s.documents).map((o) => o.url)).toEqual(['https://crm.example/pricing.pdf']);
  });
});

describe('the limits, as errors on the list once Send was refused', () => {
  const MB = 1024 * 1024;
  it('a document over 25 MB, then the total, then the count', () => {
    expect(documentErrors([doc('a'), doc('big', 25 * MB + 1)])).toEqual([{ field: 'documents', key: 'dialog_docsErrTooLarge', subs: ['25', 'big.pdf'] }]);
    expect(documentErrors([doc('a', 25 * MB), doc('b', 25 * MB)])).toEqual([]);
    expect(documentErrors([doc('a', 25 * MB), doc('b', 25 * MB), doc('c', 9 * MB + 1)])).toEqual([{ field: 'documents', key: 'dialog_docsErrTotal', subs: ['59'] }]);
    const eleven = Array.from({ length: 11 }, (_, i) => doc(`d${i}`));
    expect(documentErrors(eleven)).toEqual([{ field: 'documents', key: 'dialog_docsErrTooMany', subs: ['10'] }]);
  });

  it('come first among the form’s errors, and go as soon as the list is fixed', () => {
    let s = ready(added(doc('big', 30 * MB, undefined)), { type: 'editSubject', value: '' }, { type: 'invalid' });
    expect(fieldErrors(s).map((e) => e.field)).toEqual(['documents', 'subject']);
    s = reduce(s, { type: 'documentRemoved', index: 1 });
    expect(fieldErrors(s).map((e) => e.field)).toEqual(['subject']);
  });

  it('names a file’s kind from its name', () => {
    expect(['a.PDF', 'b.docx', 'c.xlsx', 'd.pptx', 'e.rtf', 'f'].map(kindOfFile)).toEqual(['pdf', 'word', 'excel', 'powerpoint', 'word', 'other']);
  });
});
