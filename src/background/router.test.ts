import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, type Handlers, type SenderInfo } from './router.ts';
import { ok } from '../shared/result.ts';

const options = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id' };
const popup: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/src/popup/index.html', origin: 'chrome-extension://ext-id' };
const content: SenderInfo = { id: 'ext-id', url: 'https://crm.example.com/record/1', origin: 'https://crm.example.com', tab: { id: 7 }, frameId: 0 };

const notUsedHere = (): never => {
  throw new Error('not used by the router tests');
};

function handlers(): Handlers {
  return {
    ping: vi.fn(({ nonce }: { nonce: string }) => ok({ bootId: 'b', bootedAt: 1, nonce })),
    pageSeen: vi.fn(() => ok({ recorded: true as const })),
    authStatus: notUsedHere,
    authConnect: notUsedHere,
    authSelect: notUsedHere,
    authForgetSiteChoice: notUsedHere,
    authRefreshAccounts: notUsedHere,
    authDisconnect: notUsedHere,
    authDismissNotice: notUsedHere,
    authCheckToken: notUsedHere,
    memberProviders: notUsedHere,
    memberSignIn: notUsedHere,
    memberSignOut: notUsedHere,
    memberDismissNotice: notUsedHere,
    settingsGet: notUsedHere,
    settingsSave: notUsedHere,
    contentConfig: notUsedHere,
    loadOpener: notUsedHere,
    openDialog: notUsedHere,
    dialogSession: notUsedHere,
    sendEnvelope: notUsedHere,
    listTemplates: notUsedHere,
    templateDetail: notUsedHere,
    startSigning: notUsedHere,
    signingStatus: notUsedHere,
    openInDocuSign: notUsedHere,
    siteStatus: notUsedHere,
    siteEnable: notUsedHere,
    siteDisable: notUsedHere,
    connectionCheck: notUsedHere,
    statusDetail: notUsedHere,
    statusRemind: notUsedHere,
    statusVoid: notUsedHere,
    statusDownload: notUsedHere,
    statusRecent: notUsedHere,
  };
}

describe('classifySender', () => {
  it('knows our extension pages and content scripts apart', () => {
    expect(classifySender(popup, options)?.kind).toBe('extension-page');
    expect(classifySender(content, options)).toMatchObject({ kind: 'content', tabId: 7 });
  });

  it('refuses other extensions and senders without a tab or our origin', () => {
    expect(classifySender({ ...popup, id: 'other' }, options)).toBeNull();
    expect(classifySender({ id: 'ext-id', url: 'https://evil.example/' }, options)).toBeNull();
  });

  it('does not take a page whose URL merely starts like our origin for an extension page', () => {
    const lookalike = { id: 'ext-id', url: 'chrome-extension://ext-id.evil.example/x', tab: { id: 3 } };
    expect(classifySender(lookalike, options)?.kind).toBe('content');
    const originMismatch = { ...popup, origin: 'https://crm.example.com', tab: { id: 3 } };
    expect(classifySender(originMismatch, options)?.kind).not.toBe('extension-page');
  });
});

describe('createRouter', () => {
  it('validates, checks the sender and answers with the handler result', async () => {
    const h = handlers();
    const route = createRouter(h, options);
    await expect(route({ type: 'ping', payload: { nonce: 'n' } }, popup)).resolves.toEqual({
      ok: true,
      value: { bootId: 'b', bootedAt: 1, nonce: 'n' },
    });
    await expect(route({ type: 'pageSeen', payload: { documents: 3 } }, content)).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['an unknown type', { type: 'stealTokens', payload: {} }, popup, 'unknown_message'],
    ['a prototype key as type', { type: 'toString', payload: {} }, popup, 'unknown_message'],
    ['a non-object', 'ping', popup, 'unknown_message'],
    ['a wrong payload type', { type: 'ping', payload: { nonce: 1 } }, popup, 'invalid_message'],
    ['an extra payload key', { type: 'ping', payload: { nonce: 'n', extra: true } }, popup, 'invalid_message'],
    ['a content-only message from a page', { type: 'pageSeen', payload: { documents: 1 } }, popup, 'forbidden_sender'],
    ['a message from another extension', { type: 'ping', payload: { nonce: 'n' } }, { ...popup, id: 'x' }, 'forbidden_sender'],
    ['the connection test from a content script', { type: 'connectionCheck', payload: {} }, content, 'forbidden_sender'],
  ])('refuses %s', async (_name, message, sender, code) => {
    const h = handlers();
    const answer = await createRouter(h, options)(message, sender);
    expect(answer).toMatchObject({ ok: false, error: { code } });
    expect(h.ping).not.toHaveBeenCalled();
    expect(h.pageSeen).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into an internal error and reports it', async () => {
    const onError = vi.fn();
    const h = handlers();
    h.ping = () => {
      throw new Error('boom');
    };
    const answer = await createRouter(h, { ...options, onError })({ type: 'ping', payload: { nonce: 'n' } }, popup);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onError).toHaveBeenCalledWith('ping', expect.any(Error));
  });
});
