/** Every refusal the simulator makes, with DocuSign's status and error body. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createSim, makePdf, type SimSeed } from './index.ts';
import { loadDefaultSeed } from './seed.ts';
import { ACCOUNTS, api, CONFIDENTIAL_KEY, embeddedEnvelope, ORIGIN, pdfBase64, PUBLIC_KEY, REDIRECT, TEMPLATE_ID, tokenFor, USERS } from './test-helpers.ts';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const PDF = pdfBase64(makePdf(1));

async function setup(limits?: SimSeed['limits']) {
  const seed = { ...loadDefaultSeed(), ...(limits ? { limits } : {}) };
  const sim = createSim({ origin: ORIGIN, startTime: START, seed });
  const token = await tokenFor(sim, USERS.alice);
  return { sim, token, us: api(sim, token, ACCOUNTS.aliceUs) };
}

async function refusal(res: Response, status: number, errorCode: string) {
  expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({ status, body: { errorCode, message: expect.any(String) as unknown } });
}

describe('authentication and membership on every eSignature call', () => {
  test('no token: 401 USER_AUTHENTICATION_FAILED', async () => {
    const { sim, us } = await setup();
    await refusal(await sim.fetch(`${us.base}/templates`), 401, 'USER_AUTHENTICATION_FAILED');
  });
  test('a malformed, expired or revoked token: 401 AUTHORIZATION_INVALID_TOKEN', async () => {
    const { sim, token, us } = await setup();
    await refusal(await api(sim, 'not-a-token', ACCOUNTS.aliceUs).call('GET', '/templates'), 401, 'AUTHORIZATION_INVALID_TOKEN');
    await sim.control.advance(8 * 3600_000);
    await refusal(await us.call('GET', '/templates'), 401, 'AUTHORIZATION_INVALID_TOKEN');
    const fresh = await tokenFor(sim, USERS.alice);
    sim.control.revokeToken(fresh);
    await refusal(await api(sim, fresh, ACCOUNTS.aliceUs).call('GET', '/templates'), 401, 'AUTHORIZATION_INVALID_TOKEN');
    void token;
  });
  test('a user outside the account: 400 USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT', async () => {
    const { sim } = await setup();
    const bob = await tokenFor(sim, USERS.bob);
    await refusal(await api(sim, bob, ACCOUNTS.aliceUs).call('GET', '/templates'), 400, 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT');
  });
  test("an account called through another account's site: 401 USER_AUTHENTICATION_FAILED", async () => {
    const { sim, token } = await setup();
    await refusal(await api(sim, token, { id: ACCOUNTS.aliceEu.id, site: 'na2' }).call('GET', '/templates'), 401, 'USER_AUTHENTICATION_FAILED');
    expect((await api(sim, token, ACCOUNTS.aliceEu).call('GET', '/templates')).status).toBe(200);
  });
  test("another member's envelope: 400 USER_LACKS_PERMISSIONS; an unknown one: 400 ENVELOPE_DOES_NOT_EXIST", async () => {
    const { sim } = await setup();
    const bob = api(sim, await tokenFor(sim, USERS.bob), ACCOUNTS.bob);
    const carol = api(sim, await tokenFor(sim, USERS.carol), ACCOUNTS.bob);
    const { envelopeId } = (await (await bob.call('POST', '/envelopes', embeddedEnvelope(PDF))).json()) as { envelopeId: string };
    await refusal(await carol.call('GET', `/envelopes/${envelopeId}`), 400, 'USER_LACKS_PERMISSIONS');
    await refusal(await bob.call('GET', '/envelopes/3f1e2d3c-0000-4000-8000-000000000000'), 400, 'ENVELOPE_DOES_NOT_EXIST');
  });
  test('every response carries X-DocuSign-TraceToken, refusals too', async () => {
    const { sim, us } = await setup();
    for (const res of [await sim.fetch(`${us.base}/templates`), await us.call('GET', '/templates'), await sim.fetch(`${ORIGIN}/oauth/userinfo`), await sim.fetch(`${ORIGIN}/nowhere`)]) {
      expect(res.headers.get('X-DocuSign-TraceToken')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('limits', () => {
  test('hourly limit: headers count down, then 400 HOURLY_APIINVOCATION_LIMIT_EXCEEDED until the top of the hour', async () => {
    const { sim, us } = await setup({ hourly: 3, burst: 100 });
    const first = await us.call('GET', '/templates');
    expect(first.headers.get('X-RateLimit-Limit')).toBe('3');
    expect(first.headers.get('X-RateLimit-Remaining')).toBe('2');
    expect(first.headers.get('X-RateLimit-Reset')).toBe(String((START + 3600_000) / 1000));
    expect(first.headers.get('X-BurstLimit-Limit')).toBe('100');
    expect(first.headers.get('X-BurstLimit-Remaining')).toBe('99');
    await us.call('GET', '/templates');
    await us.call('GET', '/templates');
    await refusal(await us.call('GET', '/templates'), 400, 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
    await sim.control.advance(3600_000);
    expect((await us.call('GET', '/templates')).status).toBe(200);
  });
  test('burst limit: 400 BURST_APIINVOCATION_LIMIT_EXCEEDED within 30 seconds', async () => {
    const { sim, us } = await setup({ burst: 2 });
    await us.call('GET', '/templates');
    await us.call('GET', '/templates');
    await refusal(await us.call('GET', '/templates'), 400, 'BURST_APIINVOCATION_LIMIT_EXCEEDED');
    await sim.control.advance(30_000);
    expect((await us.call('GET', '/templates')).status).toBe(200);
  });
  test('polling one envelope: a read within 15 minutes is a violation; past the limit 400 Hourly_Envelope_Polling_Limit_Exceeded', async () => {
    const { sim, us } = await setup({ envelopePollsPerHour: 3 });
    const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(PDF))).json()) as { envelopeId: string };
    await us.call('GET', `/envelopes/${envelopeId}`);
    await sim.control.advance(15 * 60_000);
    await us.call('GET', `/envelopes/${envelopeId}`); // 15 minutes later: allowed
    await us.call('GET', `/envelopes/${envelopeId}`); // at once: a violation
    const reads = sim.control.calls().filter((c) => c.method === 'GET' && c.path.endsWith(envelopeId));
    expect(reads.map((c) => c.pollingViolation === true)).toEqual([false, false, true]);
    await refusal(await us.call('GET', `/envelopes/${envelopeId}`), 400, 'Hourly_Envelope_Polling_Limit_Exceeded');
  });
});

describe('create envelope validation', () => {
  const base = () => embeddedEnvelope(PDF);
  const signer = (patch: Record<string, unknown>) => ({ ...base(), recipients: { signers: [{ ...base().recipients.signers[0], ...patch }] } });
  test.each<[string, () => unknown, number, string]>([
    ['a body that is not JSON', () => '{"emailSubject":', 400, 'INVALID_REQUEST_BODY'],
    ['an object where a string belongs', () => ({ ...base(), emailSubject: { a: 1 } }), 400, 'INVALID_REQUEST_BODY'],
    ['documents that are not an array', () => ({ ...base(), documents: 'x' }), 400, 'INVALID_REQUEST_BODY'],
    ['an unknown status', () => ({ ...base(), status: 'completed' }), 400, 'ENVELOPE_INVALID_STATUS'],
    ['sending without documents', () => ({ ...base(), documents: [] }), 400, 'ENVELOPE_IS_INCOMPLETE'],
    ['sending without recipients', () => ({ ...base(), recipients: {} }), 400, 'ENVELOPE_IS_INCOMPLETE'],
    ['sending without a subject', () => ({ ...base(), emailSubject: '' }), 400, 'ENVELOPE_IS_INCOMPLETE'],
    ['duplicate recipient ids', () => ({ ...base(), recipients: { signers: base().recipients.signers, carbonCopies: [{ ...base().recipients.carbonCopies[0], recipientId: '1' }] } }), 400, 'RECIPIENT_ID_DUPLICATED'],
    ['a signer without email', () => signer({ email: undefined }), 400, 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT'],
    ['a signer without name', () => signer({ name: ' ' }), 400, 'INVALID_USERNAME_FOR_RECIPIENT'],
    ['SMS delivery without a phone number', () => signer({ email: undefined, deliveryMethod: 'SMS' }), 400, 'INVALID_PHONE_NUMBER'],
    ['a clientUserId over 100 characters', () => signer({ clientUserId: 'x'.repeat(101) }), 400, 'INVALID_CLIENT_USER_ID'],
    ['a recipient without recipientId', () => signer({ recipientId: undefined }), 400, 'INVALID_RECIPIENT_ID'],
    ['a non-PDF document without fileExtension', () => ({ ...base(), documents: [{ documentId: '1', name: 'notes', documentBase64: Buffer.from('hello').toString('base64') }] }), 400, 'FORMAT_CONVERSION_ERROR'],
    ['invalid base64', () => ({ ...base(), documents: [{ documentId: '1', name: 'a.pdf', documentBase64: '***' }] }), 400, 'INVALID_REQUEST_BODY'],
    ['duplicate document ids', () => ({ ...base(), documents: [base().documents[0], base().documents[0]] }), 400, 'DOCUMENT_ID_DUPLICATED'],
    ['an unknown template', () => ({ templateId: '00000000-0000-4000-8000-000000000000', status: 'sent', templateRoles: [] }), 400, 'TEMPLATE_ID_INVALID'],
    ['a template role left empty', () => ({ templateId: TEMPLATE_ID, status: 'sent', templateRoles: [{ roleName: 'Client', name: 'Cy Client', email: 'cy@example.org' }] }), 400, 'TEMPLATE_ROLE_NOT_FILLED'],
    ['a role the template does not have', () => ({ templateId: TEMPLATE_ID, status: 'sent', templateRoles: [{ roleName: 'Boss', name: 'B', email: 'b@example.org' }] }), 400, 'INVALID_ROLE_NAME'],
    ['a recipient type the simulator does not model', () => ({ ...base(), recipients: { ...base().recipients, inPersonSigners: [{ recipientId: '9', hostName: 'H', hostEmail: 'h@example.org' }] } }), 400, 'SIMULATOR_UNSUPPORTED'],
    ['an eventNotification without a URL', () => ({ ...base(), eventNotification: { events: ['envelope-completed'] } }), 400, 'INVALID_EVENT_NOTIFICATION_URL'],
  ])('refuses %s', async (_name, body, status, code) => {
    const { us } = await setup();
    const b = body();
    await refusal(await us.call('POST', '/envelopes', typeof b === 'string' ? b : b, typeof b === 'string' ? { 'content-type': 'application/json' } : {}), status, code);
  });

  test('refuses an unsupported content type: 415 INVALID_CONTENT_TYPE', async () => {
    const { us } = await setup();
    await refusal(await us.call('POST', '/envelopes', 'a=b', { 'content-type': 'text/plain' }), 415, 'INVALID_CONTENT_TYPE');
  });

  test('a document over 25 MB: 400 MAX_DOCUMENT_SIZE_EXCEEDED; a request far past it: 413', async () => {
    const { us } = await setup();
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
    big.write('%PDF-');
    const body = { ...embeddedEnvelope(''), documents: [{ documentId: '1', name: 'big.pdf', documentBase64: big.toString('base64') }] };
    await refusal(await us.call('POST', '/envelopes', body), 400, 'MAX_DOCUMENT_SIZE_EXCEEDED');
    await refusal(await us.call('POST', '/envelopes', 'x'.repeat(40 * 1024 * 1024), { 'content-type': 'application/json' }), 413, 'MAX_DOCUMENT_SIZE_EXCEEDED');
  });

  test('accepts SMS delivery with a phone and no email, and a docx with its fileExtension', async () => {
    const { us } = await setup();
    expect((await us.call('POST', '/envelopes', signer({ email: undefined, deliveryMethod: 'SMS', phoneNumber: { countryCode: '1', number: '4155551212' } }))).status).toBe(201);
    const docx = { ...base(), documents: [{ documentId: '1', name: 'Offer', fileExtension: 'docx', documentBase64: Buffer.from('PK\u0003\u0004').toString('base64') }] };
    expect((await us.call('POST', '/envelopes', docx)).status).toBe(201);
  });

  test('a draft from a template may leave a role open', async () => {
    const { us } = await setup();
    const res = await us.call('POST', '/envelopes', { templateId: TEMPLATE_ID, status: 'created', templateRoles: [{ roleName: 'Client', name: 'Cy Client', email: 'cy@example.org' }] });
    expect(res.status).toBe(201);
  });

  test('a template with every role filled: tab values applied by label', async () => {
    const { sim, us } = await setup();
    const res = await us.call('POST', '/envelopes', {
      templateId: TEMPLATE_ID,
      status: 'sent',
      templateRoles: [
        { roleName: 'Client', name: 'Cy Client', email: 'cy@example.org', clientUserId: 'c-1', tabs: { textTabs: [{ tabLabel: 'company', value: 'Cy Corp' }, { tabLabel: 'unknown', value: 'x' }] } },
        { roleName: 'Witness', name: 'Wes Witness', email: 'wes@example.org' },
      ],
    });
    expect(res.status).toBe(201);
    const [e] = sim.control.envelopes();
    expect(e?.emailSubject).toBe('Please sign the NDA');
    expect(e?.recipients.signers[0]?.tabs.map((t) => ({ tabLabel: t.tabLabel, value: t.value }))).toEqual([{ tabLabel: 'company', value: 'Cy Corp' }, { tabLabel: 'effective_date', value: '' }]);
    expect(e?.documents[0]?.pages).toBe(2);
  });

  test('list without from_date: 400 INVALID_REQUEST_PARAMETER', async () => {
    const { us } = await setup();
    await refusal(await us.call('GET', '/envelopes'), 400, 'INVALID_REQUEST_PARAMETER');
    await refusal(await us.call('GET', '/envelopes?from_date=yesterday'), 400, 'INVALID_REQUEST_PARAMETER');
  });

  test('never a 5xx for arbitrary JSON', async () => {
    const { us } = await setup({ burst: 100_000, hourly: 100_000 });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await us.call('POST', '/envelopes', JSON.stringify(value), { 'content-type': 'application/json' });
        return res.status < 500;
      }),
      { numRuns: 150 },
    );
  });
});

describe('recipient and sender views', () => {
  const view = { returnUrl: 'http://127.0.0.1:8787/done', authenticationMethod: 'none', clientUserId: 'crm-contact-42', userName: 'Dana Doe', email: 'dana@example.org' };
  async function sent(extra: Record<string, unknown> = {}) {
    const ctx = await setup();
    const { envelopeId } = (await (await ctx.us.call('POST', '/envelopes', embeddedEnvelope(PDF, extra))).json()) as { envelopeId: string };
    return { ...ctx, envelopeId };
  }
  test.each<[string, Record<string, unknown>, string]>([
    ['a clientUserId that does not match', { clientUserId: 'other' }, 'UNKNOWN_ENVELOPE_RECIPIENT'],
    ['a userName that does not match', { userName: 'Dana D.' }, 'UNKNOWN_ENVELOPE_RECIPIENT'],
    ['an email that does not match', { email: 'dana@example.com' }, 'UNKNOWN_ENVELOPE_RECIPIENT'],
    ['no returnUrl', { returnUrl: undefined }, 'INVALID_REQUEST_PARAMETER'],
    ['a relative returnUrl', { returnUrl: '/done' }, 'INVALID_REQUEST_PARAMETER'],
    ['no authenticationMethod', { authenticationMethod: undefined }, 'INVALID_AUTHENTICATION_METHOD'],
  ])('recipient view refuses %s', async (_name, patch, code) => {
    const { us, envelopeId } = await sent();
    await refusal(await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, { ...view, ...patch }), 400, code);
  });
  test('recipient view refuses a draft envelope and a signer who is not captive', async () => {
    const { us, envelopeId } = await sent({ status: 'created' });
    await refusal(await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, view), 400, 'ENVELOPE_INVALID_STATUS');
    const remote = embeddedEnvelope(PDF);
    const { envelopeId: id2 } = (await (await us.call('POST', '/envelopes', { ...remote, recipients: { signers: [{ recipientId: '1', email: 'dana@example.org', name: 'Dana Doe' }] } })).json()) as { envelopeId: string };
    await refusal(await us.call('POST', `/envelopes/${id2}/views/recipient`, { ...view, clientUserId: undefined }), 400, 'UNKNOWN_ENVELOPE_RECIPIENT');
  });
  test('recipient view refuses a signer whose routing turn has not come', async () => {
    const { us, envelopeId } = await sent({
      recipients: {
        signers: [
          { recipientId: '1', routingOrder: '1', email: 'a@example.org', name: 'First', clientUserId: 'a' },
          { recipientId: '2', routingOrder: '2', email: 'dana@example.org', name: 'Dana Doe', clientUserId: 'crm-contact-42' },
        ],
      },
    });
    await refusal(await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, view), 400, 'RECIPIENT_NOT_IN_SEQUENCE');
  });
  test('sender view refuses an envelope already sent', async () => {
    const { us, envelopeId } = await sent();
    await refusal(await us.call('POST', `/envelopes/${envelopeId}/views/sender`, { returnUrl: 'http://127.0.0.1:8787/done' }), 400, 'ENVELOPE_INVALID_STATUS');
  });
});

describe('account server refusals', () => {
  const auth = (params: Record<string, string>) => `${ORIGIN}/oauth/auth?${new URLSearchParams(params)}`;
  const pkce = { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' };
  test('an unknown client or an unregistered redirect URI: an error page, no redirect', async () => {
    const sim = createSim({ origin: ORIGIN });
    for (const params of [
      { response_type: 'code', client_id: 'nope', redirect_uri: REDIRECT, scope: 'signature', ...pkce },
      { response_type: 'code', client_id: PUBLIC_KEY, redirect_uri: `${REDIRECT}/x`, scope: 'signature', ...pkce },
    ]) {
      const res = await sim.fetch(auth(params), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('role="alert"');
    }
  });
  test.each<[string, Record<string, string>, string]>([
    ['a public key without PKCE', { response_type: 'code', scope: 'signature' }, 'invalid_request'],
    ['PKCE plain', { response_type: 'code', scope: 'signature', code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
    ['an unknown scope', { response_type: 'code', scope: 'signature admin', ...pkce }, 'invalid_scope'],
    ['the implicit grant', { response_type: 'token', scope: 'signature', ...pkce }, 'unsupported_response_type'],
  ])('%s: redirect with error and the state', async (_name, params, error) => {
    const sim = createSim({ origin: ORIGIN });
    const res = await sim.fetch(auth({ client_id: PUBLIC_KEY, redirect_uri: REDIRECT, state: 'st', ...params }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect([to.origin + to.pathname, to.searchParams.get('error'), to.searchParams.get('state')]).toEqual([REDIRECT, error, 'st']);
  });
  test('a wrong password shows the login page again with an error', async () => {
    const sim = createSim({ origin: ORIGIN });
    const page = await (await sim.fetch(auth({ response_type: 'code', client_id: PUBLIC_KEY, redirect_uri: REDIRECT, scope: 'signature', ...pkce }))).text();
    const request = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await sim.fetch(`${ORIGIN}/oauth/login`, { method: 'POST', body: new URLSearchParams({ request, email: USERS.alice.email, password: 'wrong' }) });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Your email or password is incorrect.');
  });
  test('token endpoint: unsupported grant, a confidential key without its secret, a missing code', async () => {
    const sim = createSim({ origin: ORIGIN });
    const token = (body: Record<string, string>) => sim.fetch(`${ORIGIN}/oauth/token`, { method: 'POST', body: new URLSearchParams(body) });
    expect(await (await token({ grant_type: 'password', client_id: PUBLIC_KEY })).json()).toEqual({ error: 'unsupported_grant_type' });
    expect(await (await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL_KEY, code: 'x' })).json()).toEqual({ error: 'invalid_client', error_description: 'unauthorized_client' });
    const missing = await token({ grant_type: 'authorization_code', client_id: PUBLIC_KEY, code: 'x', code_verifier: 'v'.repeat(43) });
    expect([missing.status, await missing.json()]).toEqual([400, { error: 'invalid_grant', error_description: 'expired_client_token' }]);
  });
  test('never a 5xx from the account server for arbitrary forms and headers', async () => {
    const sim = createSim({ origin: ORIGIN });
    const field = fc.oneof(fc.string(), fc.constantFrom('authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', PUBLIC_KEY, CONFIDENTIAL_KEY, '%E0%A4%A', 'a.b.c'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('grant_type', 'client_id', 'code', 'code_verifier', 'refresh_token', 'assertion', 'redirect_uri', 'request', 'email', 'password', 'decision'), field), fc.option(fc.string()), fc.constantFrom('/oauth/token', '/oauth/login', '/oauth/consent', '/oauth/userinfo', '/oauth/auth'), async (form, header, path) => {
        const headers: Record<string, string> = {};
        if (header !== null) headers['authorization'] = `Basic ${Buffer.from(header).toString('base64')}`;
        const get = path === '/oauth/userinfo' || path === '/oauth/auth';
        const url = get ? `${ORIGIN}${path}?${new URLSearchParams(form)}` : `${ORIGIN}${path}`;
        const res = await sim.fetch(url, { method: get ? 'GET' : 'POST', headers, redirect: 'manual', ...(get ? {} : { body: new URLSearchParams(form) }) });
        return res.status < 500;
      }),
      { numRuns: 200 },
    );
  });

  test('userinfo without a live token: 401 invalid_token', async () => {
    const sim = createSim({ origin: ORIGIN });
    const res = await sim.fetch(`${ORIGIN}/oauth/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_token', error_description: 'expired_or_revoked_token' });
  });
});
