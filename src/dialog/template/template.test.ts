/** "Use a template": the mapping from the page (adapter first, then by name) and the reducer's template step. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { installI18n } from '../../../test/support/i18n.ts';
import type { TemplateDetail } from '../../shared/api-templates.ts';
import { messages, type DialogSessionResponse } from '../../shared/messages.ts';
import { buildRequest, IdempotencyKeys } from '../later/request.ts';
import { reduceAll as reduce } from '../later/reduce.ts';
import { initialState, type Action, type DialogState } from '../state.ts';
import { mapTemplate, pageContacts } from './mapping.ts';

let uninstall: () => void;
beforeAll(() => {
  uninstall = installI18n('en');
});
afterAll(() => uninstall());

const NDA = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';
const nda: TemplateDetail = {
  templateId: NDA,
  name: 'Mutual NDA',
  description: '',
  emailSubject: 'Please sign the NDA',
  roles: [
    { roleName: 'Witness', recipientId: '2', routingOrder: 2, textFields: [] },
    { roleName: 'Client', recipientId: '1', routingOrder: 1, textFields: ['Company Name', 'effective_date', 'bad/label'] },
  ],
  documents: [{ documentId: '1', name: 'Mutual NDA.pdf' }],
};
const fields = { contactName: 'Ada Lovelace', contactEmail: 'ada@acme.example', company_name: 'Acme Corp', account: 'Acme Holdings', clientName: 'Cy', clientEmail: 'cy@example.org' };
const prefilled = [{ role: 'signer' as const, name: 'Ada Lovelace', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email' as const, phone: '', auth: 'none' as const }];
const who = (list: ReturnType<typeof mapTemplate>) => list.map((r) => [r.templateRole, r.name, r.email, r.routingOrder]);

describe('mapTemplate', () => {
  it('by name: the Client role from the client contact, Company Name from company_name (case, spaces, underscores ignored)', () => {
    const mapped = mapTemplate(nda, fields, undefined, prefilled);
    expect(who(mapped)).toEqual([['Client', 'Cy', 'cy@example.org', 1], ['Witness', 'Ada Lovelace', 'ada@acme.example', 2]]);
    // A label the server would refuse is not sent; the template keeps its own value there.
    expect(mapped[0]?.textValues).toEqual([{ label: 'Company Name', value: 'Acme Corp' }, { label: 'effective_date', value: '' }]);
  });
  it('the adapter’s mapping first: Client is the contact, Company Name the account; no contact fills two roles', () => {
    const mapping = [{ template: ' mutual  nda ', roles: { client: 'contact' }, text: { 'Company Name': 'account' } }];
    const mapped = mapTemplate(nda, fields, mapping, prefilled);
    expect(who(mapped)).toEqual([['Client', 'Ada Lovelace', 'ada@acme.example', 1], ['Witness', '', '', 2]]);
    expect(mapped[0]?.textValues?.[0]).toEqual({ label: 'Company Name', value: 'Acme Holdings' });
  });
  it('a mapping for another template, or to a field the page lacks, maps nothing', () => {
    expect(who(mapTemplate(nda, fields, [{ template: 'Order form', roles: { Client: 'contact' } }], prefilled))[0]).toEqual(['Client', 'Cy', 'cy@example.org', 1]);
    expect(mapTemplate(nda, fields, [{ template: 'Mutual NDA', text: { 'Company Name': 'nope' } }], prefilled)[0]?.textValues?.[0]?.value).toBe('');
  });
  it('the page’s contacts are its <prefix>Email fields', () => {
    expect(pageContacts({ contactEmail: 'a@b.example', contactName: 'A', buyerEmail: 'x', Email: 'c@d.example' })).toEqual([{ key: 'contact', name: 'A', email: 'a@b.example', phone: '' }]);
  });
});

const session: DialogSessionResponse = {
  mode: 'send', secret: 's', document: { url: 'https://crm.example/msa.pdf', name: 'MSA.pdf', kind: 'pdf' },
  page: { url: 'https://crm.example/record/1', title: 'Acme' }, fields, sendingAs: null, sent: null, maxBytes: 1024, presentation: 'frame', opener: null,
};
const bytes = { name: 'MSA.pdf', mimeType: 'application/pdf', size: 10, blobUrl: 'blob:chrome-extension://id/11111111-2222-4333-8444-555555555555', sha256: 'a'.repeat(64) };
const run = (...actions: Action[]): DialogState => actions.reduce(reduce, initialState);
const ready: Action[] = [{ type: 'claimed', session, auth: null }, { type: 'documentReady', bytes }];
const applied = (): Action[] => [
  ...ready,
  { type: 'templateOpened' },
  { type: 'templateChosen', templateId: NDA },
  { type: 'templateApplied', detail: nda, recipients: mapTemplate(nda, fields, undefined, prefilled) },
];

describe('the template step in the dialog’s state', () => {
  it('a template replaces the recipients by its roles; Don’t use a template gives them back', () => {
    const before = run(...ready).form.recipients;
    const state = run(...applied());
    expect(state.template.chosen).toEqual({ name: 'ready', detail: nda });
    expect(state.form.template).toEqual({ templateId: NDA, includeDocument: false });
    expect(state.form.recipients.map((r) => r.templateRole)).toEqual(['Client', 'Witness']);
    const cleared = reduce(state, { type: 'templateCleared' });
    expect(cleared.form.recipients).toEqual(before);
    expect(cleared.form.template).toBeUndefined();
    expect(cleared.template.open).toBe(false);
  });
  it('an answer for a template no longer chosen changes nothing', () => {
    const state = run(...ready, { type: 'templateChosen', templateId: NDA }, { type: 'templateChosen', templateId: '00000000-0000-4000-8000-000000000000' });
    expect(reduce(state, { type: 'templateApplied', detail: nda, recipients: [] })).toBe(state);
    expect(reduce(state, { type: 'templateFailed', templateId: NDA, message: 'x' })).toBe(state);
  });
  it('text values and the page’s document are edited; the request carries them and validates; another value, another key', () => {
    const state = run(...applied(), { type: 'templateText', index: 0, label: 'effective_date', value: '2026-12-01' }, { type: 'templateIncludeDocument', value: true },
      { type: 'editRecipient', index: 1, patch: { name: 'Wes', email: 'wes@example.org' } });
    const built = buildRequest('3f1c2a4e-1b2c-4d5e-9f00-123456789abc', '4f1c2a4e-1b2c-4d5e-9f00-123456789abc', state.form, [{ ...bytes, id: 'doc-1', kind: 'pdf' }]);
    if (!built.ok) throw new Error('refused');
    expect(built.request.template).toEqual({ templateId: NDA, includeDocument: true });
    expect(built.request.recipients[0]).toMatchObject({ templateRole: 'Client', textValues: [{ label: 'Company Name', value: 'Acme Corp' }, { label: 'effective_date', value: '2026-12-01' }] });
    expect(v.safeParse(messages.sendEnvelope.request, built.request).success).toBe(true);
    const keys = new IdempotencyKeys();
    const first = keys.keyFor(state.form);
    expect(keys.keyFor(reduce(state, { type: 'templateText', index: 0, label: 'effective_date', value: '2027-01-01' }).form)).not.toBe(first);
    expect(keys.keyFor(reduce(state, { type: 'templateIncludeDocument', value: false }).form)).not.toBe(keys.keyFor(state.form));
  });
  it('nothing changes while sending', () => {
    const sending = run(...applied(), { type: 'sendStarted' });
    expect(reduce(sending, { type: 'templateCleared' })).toBe(sending);
    expect(reduce(sending, { type: 'templateText', index: 0, label: 'effective_date', value: 'x' })).toBe(sending);
  });
});
