import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installI18n } from '../../test/support/i18n.ts';
import type { AuthStatus, LoginView, OrganizationView } from '../shared/auth.ts';
import { endedOrganization, reconnectTarget } from './later/link.ts';
import { signingRefusal } from './later/refusals.ts';
import { reduceAll as reduce } from './later/reduce.ts';
import { fieldErrors } from './later/validate.ts';
import { sendFromGroups } from './send-from.ts';
import {
  canSend, initialState, isArmed, isLocked, nothingToSendFrom,
  type Action, type DialogState,
} from './state.ts';
import { bytes, session } from './test-session.ts';

let uninstall: () => void;
beforeAll(() => {
  uninstall = installI18n('en');
});
afterAll(() => uninstall());

const alice = (patch: Partial<LoginView> = {}): LoginView => ({
  key: 'k',
  accountServer: 'https://account-d.docusign.com',
  name: 'Alice Adams',
  email: 'alice@example.com',
  status: 'connected',
  accounts: [
    { accountId: 'a', name: 'Adams Ltd', site: 'na2', baseUri: 'https://na2.docusign.net', isDefault: true, label: 'Adams Ltd' },
    { accountId: 'b', name: 'Adams GmbH', site: 'eu1', baseUri: 'https://eu1.docusign.net', isDefault: false, label: 'Adams GmbH' },
  ],
  accountId: 'a',
  accountsReadAt: 1,
  ...patch,
});
const auth = (logins: LoginView[], patch: Partial<AuthStatus> = {}): AuthStatus => ({
  logins,
  member: { organization: null, pendingProvider: null, notice: null },
  selected: logins[0] ? { loginKey: logins[0].key, accountId: logins[0].accountId } : null,
  selectedForSite: false,
  sendingAs: null,
  pending: false,
  notice: null,
  ...patch,
});

const run = (...actions: Action[]): DialogState => actions.reduce(reduce, initialState);
const ready = (logins = [alice()]): DialogState =>
  run({ type: 'claimed', session, auth: auth(logins) }, { type: 'documentReady', bytes }, { type: 'guard', visible: true });

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

  it('a Send that waits for its checks to load shows the sending state; a refused form goes back to where it was', () => {
    const failure = { code: 'send_failed', message: 'no' };
    const failed = reduce(reduce(ready(), { type: 'sendStarted' }), { type: 'sendFailed', failure });
    const checking = reduce(failed, { type: 'sendStarted', checking: true });
    expect(checking.phase.name).toBe('sending');
    expect(isLocked(checking)).toBe(true);
    const refused = reduce(checking, { type: 'invalid' });
    expect(refused.phase).toEqual({ name: 'failed', failure });
    expect(refused.attempts).toBe(1);
    // Checked and sent: the send under way has nothing to go back to.
    const sending = reduce(checking, { type: 'sendStarted' });
    expect(sending.phase).toEqual({ name: 'sending' });
    expect(reduce(sending, { type: 'invalid' }).phase).toEqual({ name: 'sending' });
  });

  it('shows no error before Send, then every error of the form as it is now', () => {
    let s = reduce(ready(), { type: 'editSubject', value: '' });
    expect(fieldErrors(s)).toEqual([]);
    s = reduce(s, { type: 'invalid' });
    expect(fieldErrors(s).map((e) => e.field)).toEqual(['subject']);
    // Filling the subject in clears its error at once (issue 15: "The subject is empty." stayed).
    s = reduce(s, { type: 'editSubject', value: 'Please sign' });
    expect(fieldErrors(s)).toEqual([]);
    s = reduce(s, { type: 'editRecipient', index: 0, patch: { email: 'nope' } });
    expect(fieldErrors(s)).toEqual([{ field: 'r0-email', key: 'dialog_errEmail', n: 1 }]);
  });

  it('with nothing to send from, Send is off and Connect is offered; a login linked meanwhile turns it on', () => {
    const none = ready([]);
    expect(nothingToSendFrom(none)).toBe(true);
    expect(canSend(none)).toBe(false);
    const linked = reduce(none, { type: 'authChanged', auth: auth([alice()]) });
    expect(nothingToSendFrom(linked)).toBe(false);
    expect(canSend(linked)).toBe(true);
  });

  it('offers Reconnect for a login the worker marked, or that DocuSign just refused, until it is reconnected', () => {
    const marked = ready([alice({ status: 'needs_reconnect' })]);
    expect(reconnectTarget(marked)?.key).toBe('k');
    expect(canSend(marked)).toBe(false);
    let s = reduce(ready(), { type: 'sendStarted' });
    s = reduce(s, { type: 'sendFailed', failure: { code: 'docusign_token_revoked', message: 'revoked' } });
    expect(reconnectTarget(s)?.key).toBe('k');
    s = reduce(s, { type: 'linkStarted', mode: 'reconnect', loginKey: 'k', at: 100 });
    // Older news (accounts read before the click) or a sign-in still pending: not yet.
    s = reduce(s, { type: 'authChanged', auth: auth([alice({ accountsReadAt: 50 })]) });
    s = reduce(s, { type: 'authChanged', auth: auth([alice({ accountsReadAt: 150 })], { pending: true }) });
    expect(s.link.name).toBe('started');
    s = reduce(s, { type: 'authChanged', auth: auth([alice({ accountsReadAt: 150 })]) });
    expect(s.link).toEqual({ name: 'done', mode: 'reconnect' });
    expect(reconnectTarget(s)).toBeNull();
    expect(canSend(s)).toBe(true);
    // Another kind of failure offers no Reconnect.
    const other = reduce(reduce(ready(), { type: 'sendStarted' }), { type: 'sendFailed', failure: { code: 'docusign_unavailable', message: 'x' } });
    expect(reconnectTarget(other)).toBeNull();
  });

  it('an organization whose session ended: Send is off and "Sign in again" is offered, until the member has signed in again', () => {
    const adams = (state: OrganizationView['state']): OrganizationView => ({
      key: 'organization:t1', identityProviderId: 'idp', tenant: { id: 't1', name: 'Adams Consulting' },
      member: { sub: 's', email: 'dana@adams.example', name: 'Dana Diaz' },
      sendAs: [{ accountId: 'o', accountName: 'Adams', site: 'na2', label: 'Adams Consulting · organization' }],
      state, expiresAt: 1,
    });
    const asOrg = (state: OrganizationView['state'], patch: Partial<AuthStatus['member']> = {}) =>
      auth([alice()], { member: { organization: adams(state), pendingProvider: null, notice: null, ...patch }, selected: { loginKey: 'organization:t1', accountId: 'o' } });
    const open = (a: AuthStatus) => run({ type: 'claimed', session, auth: a }, { type: 'documentReady', bytes }, { type: 'guard', visible: true });

    expect(canSend(open(asOrg('active')))).toBe(true);
    expect(endedOrganization(open(asOrg('active')))).toBeNull();
    const ended = open(asOrg('expired'));
    expect(canSend(ended)).toBe(false);
    expect(endedOrganization(ended)?.tenant.name).toBe('Adams Consulting');
    // The session ran out after the worker last said so: the server's refusal offers it too.
    let s = reduce(reduce(open(asOrg('active')), { type: 'sendStarted' }), { type: 'sendFailed', failure: { code: 'session_expired', message: 'ended' } });
    expect(endedOrganization(s)?.key).toBe('organization:t1');
    s = reduce(s, { type: 'authChanged', auth: asOrg('expired') });
    expect(canSend(s)).toBe(false);
    s = reduce(s, { type: 'linkStarted', mode: 'signIn', loginKey: null, at: 100 });
    s = reduce(s, { type: 'authChanged', auth: asOrg('active', { pendingProvider: 'Adams Consulting' }) });
    expect(s.link.name).toBe('started');
    s = reduce(s, { type: 'authChanged', auth: asOrg('active') });
    expect(s.link).toEqual({ name: 'done', mode: 'signIn' });
    expect(endedOrganization(s)).toBeNull();
    expect(canSend(s)).toBe(true);
    // A personal login selected beside an ended organization sends as before.
    expect(canSend(open({ ...asOrg('expired'), selected: { loginKey: 'k', accountId: 'a' } }))).toBe(true);
    expect(endedOrganization(open({ ...asOrg('expired'), selected: { loginKey: 'k', accountId: 'a' } }))).toBeNull();
  });

  it('a sign-in that ends in an error after the click (its tab closed) is over: its words show and the button works again', () => {
    const marked = ready([alice({ status: 'needs_reconnect' })]);
    let s = reduce(marked, { type: 'linkStarted', mode: 'reconnect', loginKey: 'k', at: 100 });
    const notice = (at: number) => ({ kind: 'error' as const, code: 'tab_closed', message: 'The sign-in tab was closed.', at });
    // An older error (before the click) is not this sign-in's.
    s = reduce(s, { type: 'authChanged', auth: auth([alice({ status: 'needs_reconnect' })], { notice: notice(50) }) });
    expect(s.link.name).toBe('started');
    s = reduce(s, { type: 'authChanged', auth: auth([alice({ status: 'needs_reconnect' })], { notice: notice(150) }) });
    expect(s.link).toEqual({ name: 'failed', message: 'The sign-in tab was closed.' });
    expect(reconnectTarget(s)?.key).toBe('k');
  });

  it('names accounts so a person understands them, grouped by login', () => {
    const groups = sendFromGroups(auth([alice()]));
    expect(groups.map((g) => [g.label, g.options.map((o) => o.label)])).toEqual([
      ['Alice Adams (alice@example.com)', ['Adams Ltd — DocuSign developer environment', 'Adams GmbH — DocuSign developer environment']],
    ]);
    expect(sendFromGroups(auth([alice({ accountServer: 'https://account.docusign.com' })]))[0]?.options[0]?.label).toBe('Adams Ltd — DocuSign production');
  });

  it('says in words that a finished envelope has nothing left to sign, never DocuSign’s raw refusal', () => {
    const raw = { code: 'docusign_rejected', message: 'Invalid envelope status for a recipient view: completed.' };
    expect(signingRefusal(raw)).toBe('There is nothing left to sign here: the envelope is already complete, declined or voided.');
    expect(signingRefusal({ code: 'session_expired', message: 'Open the dialog again.' })).toBe('Open the dialog again.');
  });

  it('arms Send only while the guard says the dialog is fully visible', () => {
    expect(isArmed(ready())).toBe(true);
    expect(isArmed(reduce(ready(), { type: 'guard', visible: false }))).toBe(false);
    expect(isArmed(reduce(ready(), { type: 'guard', visible: undefined }))).toBe(false);
  });
});
