import { createHash, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { EnvelopeRequest } from '../shared/api.ts';
import { ok, err } from '../shared/result.ts';
import type { SenderContext } from './router.ts';
import { storageAreas as areas } from '../../test/support/memory-storage.ts';
import { builtinAdapters } from './adapters/index.ts';

vi.mock('webextension-polyfill', async () => ({ default: { storage: (await import('../../test/support/memory-storage.ts')).storageAreas } }));

const { createDocumentHandlers, validateManagedAdapters, sentDocuments, recordOutcome } = await import('./documents.ts');
const ACCOUNT = '8f2c1a4e-1b2c-4d5e-9f00-123456789abc';

const tab = (tabId: number, url = 'https://crm.example/record/1?x=1'): SenderContext => ({ kind: 'content', tabId, frameId: 0, url });
const dialogSender = (tabId: number): SenderContext => ({ kind: 'extension-page', tabId, frameId: 3, url: 'chrome-extension://id/src/dialog/index.html#x' });
const bytes = Buffer.from('%PDF-1.4 hello');
const EXTENSION = 'chrome-extension://abcdefghijklmnop';
const sha256 = createHash('sha256').update(bytes).digest('hex');
// The dialog's blob: URLs, as the worker's fetch sees them.
const blobs = new Map<string, Blob>([[`blob:${EXTENSION}/11111111-2222-4333-8444-555555555555`, new Blob([bytes])]]);
const document = {
  name: 'MSA.pdf',
  mimeType: 'application/pdf',
  size: bytes.length,
  blobUrl: `blob:${EXTENSION}/11111111-2222-4333-8444-555555555555`,
  sha256,
  pageUrl: 'https://crm.example/files/msa.pdf',
};
/** The server's 201: it reports the SHA-256 of what it received. */
const created = (envelopeId: string, received = sha256) => Response.json({ envelopeId, status: 'sent', documents: [{ sha256: received }] }, { status: 201 });
const recipients = [{ role: 'signer' as const, name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email' as const, phone: '', auth: 'none' as const }];

interface Captured {
  url: string;
  headers: Headers;
  request: unknown;
  file: { name: string; type: string; bytes: Buffer };
  /** Every `document` part, in the order sent. */
  files: { name: string; type: string; bytes: Buffer }[];
}

function setup(answer: () => Response = () => created('env-1'), credentialRefused?: (token: string) => Promise<'needs_reconnect' | null>) {
  const captured: Captured[] = [];
  const server = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const form = init?.body as FormData;
    const parts = await Promise.all(
      form.getAll('document').map(async (part) => {
        const file = part as File;
        return { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
      }),
    );
    const file = form.get('document') as File;
    captured.push({
      files: parts,
      url: input instanceof Request ? input.url : input.toString(),
      headers: new Headers(init?.headers),
      request: JSON.parse(form.get('request') as string) as unknown,
      file: { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) },
    });
    return answer();
  });
  const getAccessToken = vi.fn(() => Promise.resolve(ok({ accessToken: 'tok-secret', accountId: ACCOUNT, serverUrl: 'http://127.0.0.1:8787/' })));
  const blobReads: string[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('blob:')) return server(input, init);
    blobReads.push(url);
    const blob = blobs.get(url);
    return blob ? Promise.resolve(new Response(blob)) : Promise.reject(new TypeError('Failed to fetch'));
  };
  const handlers = createDocumentHandlers({
    getAccessToken,
    sendingAs: () => Promise.resolve(null),
    serverUrl: () => Promise.resolve('http://127.0.0.1:8787/'),
    fetch,
    now: () => 1_000,
    extensionOrigin: EXTENSION,
    ...(credentialRefused ? { credentialRefused } : {}),
  });
  // `fetch`: the calls that reached the server.
  return { handlers, fetch: server, captured, getAccessToken, blobReads };
}

async function openSession(handlers: ReturnType<typeof setup>['handlers'], tabId = 7) {
  const opened = await handlers.openDialog(
    { document: { url: 'https://crm.example/files/msa.pdf', name: 'MSA.pdf', kind: 'pdf' }, page: { url: 'https://crm.example/record/1?x=1', title: 'Acme' }, fields: { contactName: 'Ada' } },
    tab(tabId),
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const claimed = await handlers.dialogSession({ sessionId: opened.value.sessionId }, dialogSender(tabId));
  return { opened: opened.value, claimed };
}

beforeEach(() => {
  areas.session.clear();
  areas.local.clear();
});

describe('validateManagedAdapters', () => {
  it('keeps valid adapters and drops (and reports) invalid ones', () => {
    const warn = vi.fn();
    const good = { id: 'acme-crm', matches: ['https://crm.acme.example/*'], rows: 'tr.file', link: 'a', fields: { contactEmail: '.email' } };
    expect(validateManagedAdapters([good, { id: 'Bad Id', matches: [], rows: '', link: 'a' }, 'nope'], warn)).toEqual([good]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(validateManagedAdapters({ not: 'an array' }, warn)).toEqual([]);
    expect(validateManagedAdapters(undefined, warn)).toEqual([]);
  });
});

describe('send sessions', () => {
  it('gives the dialog in the same tab its session once, with the secret the content script got', async () => {
    const { handlers } = setup();
    const { opened, claimed } = await openSession(handlers);
    expect(claimed).toMatchObject({ ok: true, value: { secret: opened.secret, fields: { contactName: 'Ada' }, sent: null } });
    expect(opened.secret).toMatch(/^[0-9a-f]{64}$/);
    const again = await handlers.dialogSession({ sessionId: opened.sessionId }, dialogSender(7));
    expect(again).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });
  it('refuses a dialog in another tab and a page opening a session for another origin', async () => {
    const { handlers } = setup();
    const opened = await handlers.openDialog(
      { document: { url: 'https://crm.example/f.pdf', name: 'f.pdf', kind: 'pdf' }, page: { url: 'https://crm.example/r', title: '' }, fields: {} },
      tab(7),
    );
    if (!opened.ok) throw new Error('open failed');
    expect(await handlers.dialogSession({ sessionId: opened.value.sessionId }, dialogSender(8))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    const forged = await handlers.openDialog(
      { document: { url: 'https://bank.example/f.pdf', name: 'f.pdf', kind: 'pdf' }, page: { url: 'https://bank.example/', title: '' }, fields: {} },
      tab(7, 'https://evil.example/'),
    );
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await handlers.contentConfig({ pageUrl: 'https://bank.example/' }, tab(7, 'https://evil.example/'))).toMatchObject({ ok: false });
  });
});

describe('sendEnvelope', () => {
  it('posts the request and the byte-identical document with the token and idempotency key, then records "sent"', async () => {
    const { handlers, captured } = setup();
    const { opened } = await openSession(handlers);
    const key = randomUUID();
    const sent = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: key, subject: 'Please sign', message: 'Hi', recipients, documents: [document] }, dialogSender(7));
    expect(sent).toEqual({ ok: true, value: { envelopeId: 'env-1', status: 'sent', signNow: [], replayed: false } });
    expect(captured).toHaveLength(1);
    const call = captured[0]!;
    expect(call.url).toBe('http://127.0.0.1:8787/v1/envelopes');
    expect(call.headers.get('authorization')).toBe('Bearer tok-secret');
    expect(call.headers.get('idempotency-key')).toBe(key);
    expect(call.file).toEqual({ name: 'MSA.pdf', type: 'application/pdf', bytes });
    // The request part is what the server's own schema (src/shared/api.ts) accepts.
    expect(v.parse(EnvelopeRequest, call.request)).toEqual({
      accountId: ACCOUNT,
      subject: 'Please sign',
      message: 'Hi',
      signers: [{ name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signsNow: false, delivery: 'email', auth: 'none', fields: [{ kind: 'signHere', anchor: '/sn1/' }], textValues: [] }],
      carbonCopies: [],
      fields: [{ name: 'contactName', value: 'Ada' }],
      source: { url: 'https://crm.example/record/1?x=1', title: 'Acme' },
    });
    expect(await sentDocuments.get()).toEqual({
      'https://crm.example/record/1|https://crm.example/files/msa.pdf': { envelopeId: 'env-1', at: 1_000, to: 'Ada', others: 0 },
    });
    const config = await handlers.contentConfig({ pageUrl: 'https://crm.example/record/1#top' }, tab(7));
    // The page learns when and to whom, never the envelope id.
    expect(config).toEqual({ ok: true, value: { adapters: builtinAdapters, sent: { 'https://crm.example/files/msa.pdf': { at: 1_000, to: 'Ada', others: 0 } } } });
  });

  it('the adapter\'s anchors travel from the page\'s session to the dialog and into the request, beside placed fields', async () => {
    const { handlers, captured } = setup();
    const anchors = [{ anchor: '**date1**', kind: 'dateSigned' as const, signer: 1 }];
    const opened = await handlers.openDialog(
      { document: { url: 'https://crm.example/f.pdf', name: 'f.pdf', kind: 'pdf' }, page: { url: 'https://crm.example/r', title: '' }, fields: {}, anchors },
      tab(7),
    );
    if (!opened.ok) throw new Error('open failed');
    expect(await handlers.dialogSession({ sessionId: opened.value.sessionId }, dialogSender(7))).toMatchObject({ ok: true, value: { anchors } });
    const placed = { kind: 'signHere' as const, document: 1, page: 1, x: 72, y: 600 };
    const withField = [{ ...recipients[0]!, fields: [placed] }];
    await handlers.sendEnvelope({ sessionId: opened.value.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients: withField, documents: [document] }, dialogSender(7));
    const request = v.parse(EnvelopeRequest, captured[0]?.request);
    expect(request.signers[0]?.fields).toEqual([placed, { kind: 'signHere', anchor: '/sn1/' }, { kind: 'dateSigned', anchor: '**date1**' }]);
  });

  it('a 401 on a send reports the dead login as needs_reconnect (with the server\'s words) and records nothing', async () => {
    const refusedTokens: string[] = [];
    const revoked = () => Response.json({ error: { code: 'docusign_token_revoked', message: 'Your DocuSign login was revoked. Reconnect DocuSign in SignBridge.' } }, { status: 401 });
    const { handlers } = setup(revoked, (token) => {
      refusedTokens.push(token);
      return Promise.resolve('needs_reconnect');
    });
    const { opened } = await openSession(handlers);
    const sent = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] }, dialogSender(7));
    expect(sent).toEqual({ ok: false, error: { code: 'needs_reconnect', message: 'Your DocuSign login was revoked. Reconnect DocuSign in SignBridge.' } });
    expect(refusedTokens).toEqual(['tok-secret']);
    expect(await sentDocuments.get()).toEqual({});
  });

  it('keeps how Sign now ended with the sent record, for the envelope last sent only; contentConfig returns it', async () => {
    const { handlers } = setup();
    const { opened } = await openSession(handlers);
    await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] }, dialogSender(7));
    const key = 'https://crm.example/record/1|https://crm.example/files/msa.pdf';
    await recordOutcome(key, 'an-older-envelope', 'declined');
    expect((await sentDocuments.get())[key]?.outcome).toBeUndefined();
    await recordOutcome(key, 'env-1', 'signed', 2_000);
    expect(await handlers.contentConfig({ pageUrl: 'https://crm.example/record/1' }, tab(7))).toMatchObject({
      ok: true,
      value: { sent: { 'https://crm.example/files/msa.pdf': { at: 1_000, outcome: 'signed', outcomeAt: 2_000 } } },
    });
    await recordOutcome('https://crm.example/record/2|https://crm.example/files/x.pdf', 'env-1', 'signed');
    expect(Object.keys(await sentDocuments.get())).toEqual([key]);
  });

  it('forgets what was sent when storage is cleared (the default is never changed in place)', async () => {
    const { handlers } = setup();
    const { opened } = await openSession(handlers);
    await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] }, dialogSender(7));
    areas.local.clear();
    expect(await handlers.contentConfig({ pageUrl: 'https://crm.example/record/1' }, tab(7))).toMatchObject({ ok: true, value: { sent: {} } });
    expect(await sentDocuments.get()).toEqual({});
  });

  it('never sends twice for one idempotency key: a retry replays, a concurrent double click joins', async () => {
    const { handlers, fetch } = setup();
    const { opened } = await openSession(handlers);
    const request = { sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] };
    const [a, b] = await Promise.all([handlers.sendEnvelope(request, dialogSender(7)), handlers.sendEnvelope(request, dialogSender(7))]);
    expect(a).toEqual(b);
    const retry = await handlers.sendEnvelope(request, dialogSender(7));
    expect(retry).toEqual({ ok: true, value: { envelopeId: 'env-1', status: 'sent', signNow: [], replayed: true } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a completed send is replayed only to its own session: another tab or an unknown session gets nothing', async () => {
    const { handlers } = setup();
    const { opened } = await openSession(handlers);
    const request = { sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] };
    expect(await handlers.sendEnvelope(request, dialogSender(7))).toMatchObject({ ok: true, value: { replayed: false } });
    expect(await handlers.sendEnvelope(request, dialogSender(8))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(await handlers.sendEnvelope({ ...request, sessionId: randomUUID() }, dialogSender(7))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });

  it('passes the server’s message on failure, and a retry with the same key goes to the server again', async () => {
    let failing = true;
    const { handlers, fetch, captured } = setup(() =>
      failing
        ? Response.json({ error: { code: 'rate_limited', message: 'DocuSign limits this account until 14:00. Try again then.' } }, { status: 429 })
        : created('env-2'),
    );
    const { opened } = await openSession(handlers);
    const request = { sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] };
    expect(await handlers.sendEnvelope(request, dialogSender(7))).toEqual(
      err('send_failed', 'DocuSign limits this account until 14:00. Try again then.'),
    );
    failing = false;
    expect(await handlers.sendEnvelope(request, dialogSender(7))).toMatchObject({ ok: true, value: { envelopeId: 'env-2' } });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(captured.map((c) => c.headers.get('idempotency-key'))).toEqual([request.idempotencyKey, request.idempotencyKey]);
    // One request id per attempt, a UUID each.
    const ids = captured.map((c) => c.headers.get('x-request-id') ?? '');
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(2);
  });

  it('stops before any upload when no login is linked, the session is unknown, or the bytes do not match', async () => {
    const { handlers, fetch, getAccessToken } = setup();
    const { opened } = await openSession(handlers);
    const base = { sessionId: opened.sessionId, subject: 's', message: '', recipients, documents: [document] };
    // Another size than the bytes behind the URL, a revoked URL, another origin's blob: URL.
    for (const changed of [
      { ...document, size: document.size + 1 },
      { ...document, blobUrl: `blob:${EXTENSION}/99999999-2222-4333-8444-555555555555` },
      { ...document, blobUrl: 'blob:https://evil.example/11111111-2222-4333-8444-555555555555' },
    ]) {
      expect(await handlers.sendEnvelope({ ...base, idempotencyKey: randomUUID(), documents: [changed] }, dialogSender(7))).toMatchObject({
        ok: false,
        error: { code: 'invalid_message' },
      });
    }
    expect(await handlers.sendEnvelope({ ...base, idempotencyKey: randomUUID(), sessionId: randomUUID() }, dialogSender(7))).toMatchObject({
      ok: false,
      error: { code: 'session_expired' },
    });
    expect(await handlers.sendEnvelope({ ...base, idempotencyKey: randomUUID() }, dialogSender(9))).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    getAccessToken.mockResolvedValueOnce(err('not_linked', 'Link your DocuSign login in the SignBridge popup, then send again.'));
    expect(await handlers.sendEnvelope({ ...base, idempotencyKey: randomUUID() }, dialogSender(7))).toMatchObject({ ok: false, error: { code: 'not_linked' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads the bytes from the dialog\'s blob: URL (no bytes in the message) and checks the server\'s SHA-256 end to end', async () => {
    const { handlers, blobReads } = setup(() => created('env-3', 'c'.repeat(64)));
    const { opened } = await openSession(handlers);
    const answer = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] }, dialogSender(7));
    expect(blobReads).toEqual([document.blobUrl]);
    expect(answer).toMatchObject({ ok: false, error: { code: 'document_mismatch' } });
    if (!answer.ok) expect(answer.error.message).toContain('env-3');
    // Not recorded as sent, nor as a completed send a retry would replay.
    expect(await sentDocuments.get()).toEqual({});
    expect(await handlers.contentConfig({ pageUrl: 'https://crm.example/record/1' }, tab(7))).toMatchObject({ ok: true, value: { sent: {} } });
  });

  describe('several documents', () => {
    const orderBytes = Buffer.from('PK\u0003\u0004 order form');
    const fileBytes = Buffer.from('%PDF-1.7 from the computer');
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const order = {
      name: 'Order form.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: orderBytes.length,
      blobUrl: `blob:${EXTENSION}/22222222-2222-4333-8444-555555555555`,
      sha256: hash(orderBytes),
      pageUrl: 'https://crm.example/files/order-form.docx',
    };
    const local = { name: 'Terms.pdf', mimeType: 'application/pdf', size: fileBytes.length, blobUrl: `blob:${EXTENSION}/33333333-2222-4333-8444-555555555555`, sha256: hash(fileBytes) };
    blobs.set(order.blobUrl, new Blob([orderBytes]));
    blobs.set(local.blobUrl, new Blob([fileBytes]));
    const answering = (...shas: string[]) => () => Response.json({ envelopeId: 'env-9', status: 'sent', documents: shas.map((sha) => ({ sha256: sha })) }, { status: 201 });

    it('uploads every blob in the dialog\'s order and records "sent" for each page document, not for the file', async () => {
      const { handlers, captured, blobReads } = setup(answering(local.sha256, order.sha256, document.sha256));
      const { opened } = await openSession(handlers);
      const documents = [local, order, document];
      const sent = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents }, dialogSender(7));
      expect(sent).toMatchObject({ ok: true, value: { envelopeId: 'env-9', replayed: false } });
      expect(blobReads).toEqual([local.blobUrl, order.blobUrl, document.blobUrl]);
      expect(captured[0]?.files).toEqual([
        { name: 'Terms.pdf', type: 'application/pdf', bytes: fileBytes },
        { name: 'Order form.docx', type: order.mimeType, bytes: orderBytes },
        { name: 'MSA.pdf', type: 'application/pdf', bytes },
      ]);
      expect(await sentDocuments.get()).toEqual({
        'https://crm.example/record/1|https://crm.example/files/order-form.docx': { envelopeId: 'env-9', at: 1_000, to: 'Ada', others: 0 },
        'https://crm.example/record/1|https://crm.example/files/msa.pdf': { envelopeId: 'env-9', at: 1_000, to: 'Ada', others: 0 },
      });
    });

    it('a session document left out of the envelope is not recorded as sent', async () => {
      const { handlers } = setup(answering(order.sha256));
      const { opened } = await openSession(handlers);
      await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [order] }, dialogSender(7));
      expect(Object.keys(await sentDocuments.get())).toEqual(['https://crm.example/record/1|https://crm.example/files/order-form.docx']);
    });

    it('refuses an answer whose hashes differ from the dialog\'s, in count or order, and records nothing', async () => {
      for (const shas of [[order.sha256, document.sha256], [document.sha256], [document.sha256, order.sha256, document.sha256]]) {
        const { handlers } = setup(answering(...shas));
        const { opened } = await openSession(handlers);
        const answer = await handlers.sendEnvelope(
          { sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document, order] },
          dialogSender(7),
        );
        expect(answer).toMatchObject({ ok: false, error: { code: 'document_mismatch' } });
        expect(await sentDocuments.get()).toEqual({});
      }
    });

    it('uploads nothing when one of the blobs is not what the dialog announced', async () => {
      const { handlers, fetch } = setup();
      const { opened } = await openSession(handlers);
      const documents = [document, { ...order, size: order.size + 1 }];
      const answer = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents }, dialogSender(7));
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
      expect(fetch).not.toHaveBeenCalled();
    });
  });

  it('says so when the server cannot be reached', async () => {
    const { handlers, fetch } = setup();
    fetch.mockRejectedValueOnce(new TypeError('fetch failed'));
    const { opened } = await openSession(handlers);
    const answer = await handlers.sendEnvelope({ sessionId: opened.sessionId, idempotencyKey: randomUUID(), subject: 's', message: '', recipients, documents: [document] }, dialogSender(7));
    expect(answer).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
  });
});
