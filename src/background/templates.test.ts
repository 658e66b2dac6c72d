/** The worker's templates: asked of the server with the dialog's credential, kept a minute per login and account. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../shared/result.ts';
import type { SenderContext } from './router.ts';
import { storageAreas as areas } from '../../test/support/memory-storage.ts';

vi.mock('webextension-polyfill', async () => ({ default: { storage: (await import('../../test/support/memory-storage.ts')).storageAreas } }));

const { createDocumentHandlers, sentDocuments } = await import('./documents.ts');
const { createTemplateFeature } = await import('./templates.ts');

const A1 = '8f2c1a4e-1b2c-4d5e-9f00-123456789abc';
const A2 = '9f2c1a4e-1b2c-4d5e-9f00-123456789abc';
const NDA = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';
const page: SenderContext = { kind: 'content', tabId: 7, frameId: 0, url: 'https://crm.example/record/1' };
const dialog = (tabId = 7): SenderContext => ({ kind: 'extension-page', tabId, frameId: 3, url: 'chrome-extension://id/src/dialog/index.html' });
const list = { templates: [{ templateId: NDA, name: 'Mutual NDA', description: '' }] };
const detail = { ...list.templates[0], emailSubject: 'Please sign', roles: [{ roleName: 'Client', recipientId: '1', routingOrder: 1, textFields: ['company'] }], documents: [] };

function setup(answer: (url: string, init?: RequestInit) => Response = (url) => Response.json(url.includes(`/${NDA}`) ? detail : list)) {
  let now = 1_000;
  const calls: { url: string; auth: string }[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    calls.push({ url, auth: new Headers(init?.headers).get('Authorization') ?? '' });
    return Promise.resolve(answer(url, init));
  });
  /** Each login its own token; `accountOf` says which account the login sends from right now. */
  const accountOf: Record<string, string> = { 'login-a': A1, 'login-b': A1 };
  const deps = {
    getAccessToken: (_site: string | undefined, loginKey: string | undefined) => {
      const key = loginKey ?? 'login-a';
      return Promise.resolve(ok({ accessToken: `tok-${key}`, accountId: accountOf[key] ?? A1, serverUrl: 'http://127.0.0.1:8787' }));
    },
    sendingAs: () => Promise.resolve({ loginKey: 'login-a', accountId: A1, label: 'Alice' }),
    credentialRefused: vi.fn(() => Promise.resolve(null)),
    serverUrl: () => Promise.resolve('http://127.0.0.1:8787'),
    fetch,
    now: () => now,
    extensionOrigin: 'chrome-extension://id',
  };
  const documents = createDocumentHandlers(deps);
  const { handlers } = createTemplateFeature(deps);
  const session = async () => {
    const opened = await documents.openDialog(
      { document: { url: 'https://crm.example/files/msa.pdf', name: 'MSA.pdf', kind: 'pdf' }, page: { url: page.url ?? '', title: 'R' }, fields: {} },
      page,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    await documents.dialogSession({ sessionId: opened.value.sessionId }, dialog());
    return opened.value.sessionId;
  };
  return { handlers, documents, calls, accountOf, deps, session, later: (ms: number) => (now += ms) };
}

beforeEach(() => areas.session.clear());

describe('listTemplates', () => {
  it('asks the server once a minute per login and account, with that login’s credential', async () => {
    const { handlers, calls, accountOf, session, later } = setup();
    const sessionId = await session();
    expect(await handlers.listTemplates({ sessionId }, dialog())).toEqual(ok(list));
    expect(await handlers.listTemplates({ sessionId, loginKey: 'login-a' }, dialog())).toEqual(ok(list));
    expect(calls).toEqual([{ url: `http://127.0.0.1:8787/v1/templates?accountId=${A1}`, auth: 'Bearer tok-login-a' }]);
    // Another login, even on the same account, reads its own copy.
    await handlers.listTemplates({ sessionId, loginKey: 'login-b' }, dialog());
    expect(calls.at(-1)?.auth).toBe('Bearer tok-login-b');
    // The same login switched to another account.
    accountOf['login-a'] = A2;
    await handlers.listTemplates({ sessionId }, dialog());
    expect(calls.at(-1)?.url).toContain(`accountId=${A2}`);
    expect(calls).toHaveLength(3);
    later(60_001);
    await handlers.listTemplates({ sessionId }, dialog());
    expect(calls).toHaveLength(4);
  });

  it('keeps no refusal and no answer it cannot read; a 401 is reported as the credential refused', async () => {
    let answer = Response.json({ error: { code: 'not_linked', message: 'Link your login.' } }, { status: 401 });
    const { handlers, calls, deps, session } = setup(() => answer);
    const sessionId = await session();
    expect(await handlers.listTemplates({ sessionId }, dialog())).toEqual(err('not_linked', 'Link your login.'));
    expect(deps.credentialRefused).toHaveBeenCalledWith('tok-login-a');
    answer = Response.json({ templates: [{ templateId: 'not-a-guid', name: 'x', description: '' }] });
    expect(await handlers.listTemplates({ sessionId }, dialog())).toMatchObject({ ok: false, error: { code: 'send_failed' } });
    answer = Response.json(list);
    expect(await handlers.listTemplates({ sessionId }, dialog())).toEqual(ok(list));
    expect(calls).toHaveLength(3);
  });

  it('answers only the dialog that owns the session', async () => {
    const { handlers, calls, session } = setup();
    const sessionId = await session();
    expect(await handlers.listTemplates({ sessionId }, dialog(8))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(calls).toEqual([]);
  });
});

describe('templateDetail', () => {
  it('reads one template for the account, kept like the list', async () => {
    const { handlers, calls, session } = setup();
    const sessionId = await session();
    expect(await handlers.templateDetail({ sessionId, templateId: NDA }, dialog())).toEqual(ok(detail));
    await handlers.templateDetail({ sessionId, templateId: NDA.toUpperCase() }, dialog());
    expect(calls.map((c) => c.url)).toEqual([`http://127.0.0.1:8787/v1/templates/${NDA}?accountId=${A1}`]);
  });
});

describe('sendEnvelope from a template', () => {
  it('without the page’s document: no document part, the roles and text values sent, the page’s button not marked sent', async () => {
    const bodies: FormData[] = [];
    const { documents, session } = setup((_url, init) => {
      bodies.push(init?.body as FormData);
      return Response.json({ envelopeId: 'env-1', status: 'sent', documents: [] }, { status: 201 });
    });
    const sessionId = await session();
    const signer = { role: 'signer' as const, name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email' as const, phone: '', auth: 'none' as const };
    const sent = await documents.sendEnvelope(
      {
        sessionId, idempotencyKey: '5f1c2a4e-1b2c-4d5e-9f00-123456789abc', subject: 'NDA', message: '',
        recipients: [{ ...signer, templateRole: 'Client', textValues: [{ label: 'company', value: 'Acme' }] }],
        documents: [{ name: 'MSA.pdf', mimeType: 'application/pdf', size: 5, blobUrl: 'blob:chrome-extension://id/11111111-2222-4333-8444-555555555555', sha256: 'a'.repeat(64) }],
        template: { templateId: NDA, includeDocument: false },
      },
      dialog(),
    );
    expect(sent).toMatchObject({ ok: true, value: { envelopeId: 'env-1' } });
    expect(bodies[0]?.getAll('document')).toEqual([]);
    const request = JSON.parse(bodies[0]?.get('request') as string) as { template: unknown; signers: unknown[] };
    expect(request.template).toEqual({ templateId: NDA });
    expect(request.signers[0]).toMatchObject({ role: 'Client', textValues: [{ label: 'company', value: 'Acme' }] });
    expect(await sentDocuments.get()).toEqual({});
  });
});
