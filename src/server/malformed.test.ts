/**
 * Property-based: thousands of malformed requests, every answer a 4xx with a known error code, never a
 * 5xx, and the simulator never asked to create anything.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { ErrorCodes } from '../shared/errors.ts';
import { createKit, envelopeForm, envelopeRequest, pdf, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const CODES = new Set<string>(Object.values(ErrorCodes));
let counter = 0;
const freshKey = () => `key-prop-${String(counter++).padStart(8, '0')}`;

async function expectClientError(res: Response, label: unknown): Promise<void> {
  const text = await res.text();
  let code: unknown;
  try {
    code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  if (res.status < 400 || res.status >= 500 || typeof code !== 'string' || !CODES.has(code)) {
    throw new Error(`expected a 4xx with a code, got ${res.status} ${text.slice(0, 300)} for ${JSON.stringify(label).slice(0, 500)}`);
  }
}

/** Changes a valid envelope request so that it is certainly invalid. */
const brokenRequest: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('accountId', 'subject', 'signers').map((key) => {
    const r: Record<string, unknown> = { ...envelopeRequest() };
    delete r[key];
    return r;
  }),
  fc.record({ key: fc.constantFrom('accountId', 'subject', 'message', 'signers', 'carbonCopies', 'fields', 'source'), value: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { minKeys: 1 })) }).map(
    ({ key, value }) => ({ ...envelopeRequest(), [key]: value }),
  ),
  fc.string({ minLength: 1 }).filter((k) => !['accountId', 'subject', 'message', 'signers', 'carbonCopies', 'fields', 'source'].includes(k)).map((k) => ({ ...envelopeRequest(), [k]: 1 })),
  // Subjects are trimmed before the 100-character check: make the length real.
  fc.string({ minLength: 101, maxLength: 300 }).map((s) => envelopeRequest({ subject: s.replace(/\s/g, 'x') })),
  fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)).map((accountId) => envelopeRequest({ accountId })),
  fc.record({
    name: fc.string({ maxLength: 120 }),
    email: fc.string({ maxLength: 120 }).filter((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)),
    routingOrder: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double()),
  }).map((signer) => envelopeRequest({ signers: [signer as never] })),
  fc.integer({ min: 1000, max: 5000 }).map((routingOrder) => envelopeRequest({ signers: [{ name: 'A', email: 'a@example.org', routingOrder }] })),
  fc.constant(envelopeRequest({ signers: [] })),
  fc.array(fc.record({ name: fc.string(), value: fc.string({ minLength: 101 }) }), { minLength: 1, maxLength: 3 }).map((fields) => envelopeRequest({ fields })),
  fc.oneof(fc.anything(), fc.jsonValue()).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);

describe('malformed requests', () => {
  let kit: ReturnType<typeof createKit>;
  let token: string;
  beforeAll(async () => {
    kit = createKit();
    token = await kit.login();
  });

  test('broken envelope requests with good documents: 4xx with a code', async () => {
    await fc.assert(
      fc.asyncProperty(brokenRequest, async (request) => {
        const body = envelopeForm(request, [{ bytes: pdf(), name: 'Offer.pdf' }]);
        const res = await kit.app.request('/v1/envelopes', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': freshKey() }, body });
        await expectClientError(res, request);
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  test('documents that are not documents, wrong parts and broken JSON: 4xx with a code', async () => {
    const badDoc = fc.uint8Array({ maxLength: 200 }).map((bytes) => Uint8Array.from([0, ...bytes])); // NUL first: no known type, not text
    const part = fc.oneof(
      fc.record({ kind: fc.constant('doc' as const), bytes: badDoc, name: fc.string({ maxLength: 300 }) }),
      fc.record({ kind: fc.constant('field' as const), name: fc.string({ minLength: 1, maxLength: 20 }), value: fc.string({ maxLength: 100 }) }),
      fc.record({ kind: fc.constant('json' as const), value: fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 0, maxLength: 5 }), async (parts) => {
        const form = new FormData();
        const hasBrokenJson = parts.some((p) => p.kind === 'json');
        if (!hasBrokenJson) form.append('request', JSON.stringify(envelopeRequest()));
        for (const p of parts) {
          if (p.kind === 'doc') form.append('document', new Blob([p.bytes]), p.name);
          else if (p.kind === 'field') form.append(p.name, p.value);
          else form.append('request', p.value);
        }
        // Without any broken part the request would be fine: add an empty document to break it.
        if (parts.every((p) => p.kind === 'field' && p.name === 'request') || parts.length === 0) form.append('document', new Blob([]), 'empty.pdf');
        const res = await kit.app.request('/v1/envelopes', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': freshKey() }, body: form });
        await expectClientError(res, parts);
      }),
      { numRuns: 800 },
    );
  }, 120_000);

  test('random headers and raw bodies: 4xx with a code', async () => {
    const header = (good: string) => fc.option(fc.oneof(fc.constant(good), fc.string({ maxLength: 80 }).filter((s) => !/[\r\n\0]/.test(s))), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        header(`Bearer ${'x'}`),
        header('key-valid-000001'),
        fc.option(fc.oneof(fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'application/json', 'text/plain', 'multipart/form-data; boundary=abc'), fc.string({ maxLength: 60 })), { nil: undefined }),
        fc.uint8Array({ maxLength: 500 }),
        async (auth, key, type, bytes) => {
          const headers: Record<string, string> = {};
          // Half the time a good token, so the body parser is reached too.
          headers['Authorization'] = auth === 'Bearer x' ? `Bearer ${token}` : (auth ?? '');
          if (key !== undefined) headers['Idempotency-Key'] = key === 'key-valid-000001' ? freshKey() : key;
          if (type !== undefined) headers['Content-Type'] = type;
          let res: Response;
          try {
            res = await kit.app.request('/v1/envelopes', { method: 'POST', headers, body: bytes });
          } catch (error) {
            // The Request constructor itself refused a header value: nothing reached the server.
            if (error instanceof TypeError) return;
            throw error;
          }
          await expectClientError(res, { auth, key, type, bytes: bytes.length });
        },
      ),
      { numRuns: 1000 },
    );
  }, 120_000);

  test('signing-session requests that make no sense: 4xx with a code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s))),
        fc.oneof(fc.jsonValue(), fc.record({ accountId: fc.oneof(fc.constant(SIM_ACCOUNTS.aliceUs), fc.string()), recipientId: fc.oneof(fc.string(), fc.integer()) })),
        async (envelopeId, body) => {
          const res = await kit.app.request(`/v1/envelopes/${envelopeId}/signing-sessions`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          await expectClientError(res, { envelopeId, body });
        },
      ),
      { numRuns: 800 },
    );
  }, 120_000);

  test('nothing above reached DocuSign\'s envelope creation', () => {
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign')).toEqual([]);
    expect(kit.log.lines.some((line) => line.includes('"level":"error"'))).toBe(false);
  });
});
