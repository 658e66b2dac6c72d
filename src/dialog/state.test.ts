import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '../shared/auth.ts';
import type { DialogSessionResponse } from '../shared/messages.ts';
import { initialState, isArmed, isLocked, reduce, sendingAs, type Action, type DialogState } from './state.ts';

const session: DialogSessionResponse = {
  secret: 's',
  document: { url: 'https://crm.example/msa.pdf', name: 'MSA.pdf', kind: 'pdf' },
  page: { url: 'https://crm.example/record/1', title: 'Acme' },
  fields: { contactName: 'Ada Lovelace', contactEmail: 'ada@acme.example' },
  sendingAs: null,
  sent: null,
  maxBytes: 1024,
  presentation: 'frame',
  opener: null,
};
const bytes = { name: 'MSA.pdf', mimeType: 'application/pdf', size: 10, blobUrl: 'blob:x', sha256: 'a'.repeat(64) };
const auth = (sendingAsLabel: string | null): AuthStatus => ({
  logins: [],
  member: { organization: null, pendingProvider: null, notice: null },
  selected: sendingAsLabel ? { loginKey: 'k', accountId: 'a' } : null,
  selectedForSite: false,
  sendingAs: sendingAsLabel,
  pending: false,
  notice: null,
});

const run = (...actions: Action[]): DialogState => actions.reduce(reduce, initialState);
const ready = (): DialogState => run({ type: 'claimed', session, auth: auth(null) }, { type: 'documentReady', bytes }, { type: 'guard', visible: true });

describe('the dialog state', () => {
  it('is prefilled from the session and ready once the bytes are in', () => {
    const claimed = run({ type: 'claimed', session, auth: null });
    expect(claimed.phase.name).toBe('downloading');
    expect(claimed.form.recipients).toEqual([{ role: 'signer', name: 'Ada Lovelace', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email', phone: '', auth: 'none' }]);
    expect(reduce(claimed, { type: 'documentReady', bytes }).phase.name).toBe('ready');
    // Bytes arriving after a fatal error change nothing.
    expect(reduce(reduce(claimed, { type: 'fatal', message: 'x' }), { type: 'documentReady', bytes }).phase.name).toBe('fatal');
  });

  it('adds recipients after the highest routing order, never removes the last one', () => {
    let s = reduce(ready(), { type: 'addRecipient', role: 'cc' });
    expect(s.form.recipients.map((r) => [r.role, r.routingOrder])).toEqual([['signer', 1], ['cc', 2]]);
    s = reduce(s, { type: 'removeRecipient', index: 0 });
    s = reduce(s, { type: 'removeRecipient', index: 0 });
    expect(s.form.recipients).toHaveLength(1);
    expect(s.form.recipients[0]?.role).toBe('cc');
  });

  it('locks the form while sending and after the send', () => {
    const sending = reduce(ready(), { type: 'sendStarted' });
    expect(isLocked(sending)).toBe(true);
    expect(reduce(sending, { type: 'editSubject', value: 'changed' }).form.subject).toBe(sending.form.subject);
    const failed = reduce(sending, { type: 'sendFailed', failure: { code: 'send_failed', message: 'no' } });
    expect(isLocked(failed)).toBe(false);
    expect(reduce(failed, { type: 'editSubject', value: 'changed' }).form.subject).toBe('changed');
  });

  it('takes who sends from the newest auth answer', () => {
    const s = run({ type: 'claimed', session: { ...session, sendingAs: { loginKey: 'k', accountId: 'a', label: 'Sending as Old' } }, auth: null });
    expect(sendingAs(s)).toBe('Sending as Old');
    expect(sendingAs(reduce(s, { type: 'authChanged', auth: auth('Sending as New') }))).toBe('Sending as New');
    expect(sendingAs(reduce(s, { type: 'authChanged', auth: auth(null) }))).toBeNull();
  });

  it('arms Send only while the guard says the dialog is fully visible', () => {
    expect(isArmed(ready())).toBe(true);
    expect(isArmed(reduce(ready(), { type: 'guard', visible: false }))).toBe(false);
    expect(isArmed(reduce(ready(), { type: 'guard', visible: undefined }))).toBe(false);
  });
});
