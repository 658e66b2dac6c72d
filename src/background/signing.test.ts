/**
 * The worker's Sign now / Open in DocuSign / signing status handlers act only on the envelope the
 * calling dialog's own session sent (issue 14, findings 7 and 10), with storage and tabs faked.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../shared/result.ts';
import type { SenderContext } from './router.ts';

const fake = vi.hoisted(() => {
  const make = () => {
    let data: Record<string, unknown> = {};
    return {
      get: (key: string) => Promise.resolve(key in data ? { [key]: structuredClone(data[key]) } : {}),
      set: (items: Record<string, unknown>) => Promise.resolve(void (data = { ...data, ...structuredClone(items) })),
      remove: (key: string) => Promise.resolve(void delete data[key]),
      clear: () => void (data = {}),
    };
  };
  return { session: make(), local: make(), opened: [] as string[] };
});
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: { session: fake.session, local: fake.local },
    tabs: { create: ({ url }: { url: string }) => Promise.resolve(void fake.opened.push(url)).then(() => ({ id: 42 })) },
  },
}));

const { createSigning, signings } = await import('./signing.ts');
const { dialogSessions, sentDocuments, pageDocumentKey } = await import('./documents.ts');

const MINE = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const SESSION = '33333333-3333-4333-8333-333333333333';
const page = { url: 'https://crm.example/record/1', title: 'Acme' };
const document = { url: 'https://crm.example/files/msa.pdf', name: 'MSA.pdf', kind: 'pdf' as const };
const dialog = (tabId: number): SenderContext => ({ kind: 'extension-page', tabId, frameId: 3, url: 'chrome-extension://id/src/dialog/index.html' });

function setup(outcome: () => Response = () => Response.json({ status: 'completed' })) {
  const fetch = vi.fn((input: string | URL | Request) =>
    Promise.resolve(String(input instanceof Request ? input.url : input).endsWith('/signing-outcome') ? outcome() : Response.json({ url: 'https://demo.docusign.net/Signing/abc' }, { status: 201 })),
  );
  const signing = createSigning({
    getAccessToken: () => Promise.resolve(ok({ accessToken: 'tok', accountId: 'acc', serverUrl: 'http://127.0.0.1:8787' })),
    sendingAs: () => Promise.resolve(null),
    serverUrl: () => Promise.resolve('http://127.0.0.1:8787'),
    fetch,
    now: () => 1_000,
    extensionOrigin: 'chrome-extension://id',
  });
  return { handlers: signing.handlers, onTabUpdated: signing.onTabUpdated, fetch };
}

beforeEach(async () => {
  fake.session.clear();
  fake.local.clear();
  fake.opened.length = 0;
  await dialogSessions.set({ [SESSION]: { tabId: 7, secret: 's', claimed: true, createdAt: 1_000, document, page, fields: {} } });
  await sentDocuments.set({ [pageDocumentKey(page.url, document.url)]: { envelopeId: MINE, at: 1 } });
});

describe('a dialog acts only on the envelope its session sent', () => {
  it('startSigning: another envelope, another tab or an unknown session is refused, and nothing is asked or opened', async () => {
    const { handlers, fetch } = setup();
    for (const [request, sender] of [
      [{ sessionId: SESSION, envelopeId: OTHER, recipientId: '1' }, dialog(7)],
      [{ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(8)],
      [{ sessionId: OTHER, envelopeId: MINE, recipientId: '1' }, dialog(7)],
    ] as const) {
      expect(await handlers.startSigning(request, sender)).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    }
    expect(fetch).not.toHaveBeenCalled();
    expect(fake.opened).toEqual([]);
    expect(await handlers.startSigning({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(7))).toEqual({ ok: true, value: { started: true } });
    expect(fake.opened).toEqual(['https://demo.docusign.net/Signing/abc']);
  });

  it('openInDocuSign: only the session’s own envelope', async () => {
    const { handlers, fetch } = setup();
    expect(await handlers.openInDocuSign({ sessionId: SESSION, envelopeId: OTHER }, dialog(7))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(fetch).not.toHaveBeenCalled();
    expect(await handlers.openInDocuSign({ sessionId: SESSION, envelopeId: MINE }, dialog(7))).toEqual({ ok: true, value: { opened: true } });
  });

  it('signingStatus: only the session’s own envelope, and only a signing it started', async () => {
    const { handlers } = setup();
    await signings.set({ [`${MINE}:1`]: { tabId: 42, sessionId: OTHER, envelopeId: MINE, recipientId: '1', site: page.url, documentKey: '', freshLinks: 0, event: 'signing_complete' } });
    expect(await handlers.signingStatus({ sessionId: SESSION, envelopeId: OTHER, recipientId: '1' }, dialog(7))).toMatchObject({ ok: false });
    expect(await handlers.signingStatus({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(8))).toMatchObject({ ok: false });
    expect(await handlers.signingStatus({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(7))).toEqual({ ok: true, value: { event: null } });
    await signings.update((all) => ({ ...all, [`${MINE}:1`]: { ...all[`${MINE}:1`]!, sessionId: SESSION } }));
    expect(await handlers.signingStatus({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(7))).toEqual({ ok: true, value: { event: 'signing_complete' } });
  });
});

describe('Signed and Declined are DocuSign’s, not the return URL’s', () => {
  const RETURN = `http://127.0.0.1:8787/signing/return?envelopeId=${MINE}&recipientId=1`;
  const key = pageDocumentKey(page.url, document.url);
  const status = (handlers: ReturnType<typeof setup>['handlers']) => handlers.signingStatus({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(7));

  async function returned(outcome: () => Response, event: string) {
    const s = setup(outcome);
    expect(await s.handlers.startSigning({ sessionId: SESSION, envelopeId: MINE, recipientId: '1' }, dialog(7))).toMatchObject({ ok: true });
    await s.onTabUpdated(42, `${RETURN}&event=${event}`);
    return s;
  }

  it('a forged event=signing_complete that DocuSign does not confirm shows no Signed and records nothing', async () => {
    const { handlers, fetch } = await returned(() => Response.json({ status: 'delivered' }), 'signing_complete');
    expect(await status(handlers)).toEqual({ ok: true, value: { event: 'cancel' } });
    expect((await sentDocuments.get())[key]?.outcome).toBeUndefined();
    // Asked once, for this recipient, with the login's account.
    const asked = fetch.mock.calls.map(([url]) => (url instanceof Request ? url.url : url.toString())).filter((url) => url.endsWith('/signing-outcome'));
    expect(asked).toEqual([`http://127.0.0.1:8787/v1/envelopes/${MINE}/signing-outcome`]);
  });

  it('a confirmed signing is Signed and recorded; a confirmed decline is Declined', async () => {
    const signed = await returned(() => Response.json({ status: 'completed' }), 'signing_complete');
    expect(await status(signed.handlers)).toEqual({ ok: true, value: { event: 'signing_complete' } });
    expect((await sentDocuments.get())[key]?.outcome).toBe('signed');
    const declined = await returned(() => Response.json({ status: 'declined' }), 'decline');
    expect(await status(declined.handlers)).toEqual({ ok: true, value: { event: 'decline' } });
  });

  it('the server not answering is no Signed either', async () => {
    const { handlers } = await returned(() => Response.json({ error: { code: 'docusign_unavailable', message: 'DocuSign is down.' } }, { status: 503 }), 'signing_complete');
    expect(await status(handlers)).toEqual({ ok: true, value: { event: 'exception' } });
    expect((await sentDocuments.get())[key]?.outcome).toBeUndefined();
  });
});
