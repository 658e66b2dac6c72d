/**
 * Embedded views: `views/recipient` (a captive signer's signing URL), `views/sender` and `views/console`
 * (the web app, opened on one envelope when `envelopeId` is given). URLs point to
 * the simulator's own pages on the account's site, are single-use and die after 5 minutes.
 */
import { Hono } from 'hono';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';
import { Errors, esignError } from './errors.ts';
import { maySee } from './esign-auth.ts';
import { guarded } from './envelopes.ts';
import { isCurrent } from './lifecycle.ts';
import { opaque } from './store.ts';

export const VIEW_TTL_MS = 5 * 60_000;

const AUTH_METHODS = new Set(
  ['Biometric', 'Email', 'HTTPBasicAuth', 'Kerberos', 'KnowledgeBasedAuth', 'None', 'PaperDocuments', 'Password', 'RSASecureID',
    'SingleSignOn_CASiteminder', 'SingleSignOn_InfoCard', 'SingleSignOn_MicrosoftActiveDirectory', 'SingleSignOn_Other',
    'SingleSignOn_Passport', 'SingleSignOn_SAML', 'Smartcard', 'SSLMutualAuth', 'X509Certificate'].map((m) => m.toLowerCase()),
);

type Obj = Record<string, unknown>;

async function jsonBody(req: { text(): Promise<string> }): Promise<Obj> {
  const text = await req.text();
  if (text.length > 64 * 1024) throw Errors.badBody('The request body is too large.');
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch (error) {
    throw Errors.badBody(error instanceof Error ? error.message : 'Invalid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw Errors.badBody('Expected a JSON object.');
  return body as Obj;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** returnUrl: required, absolute http(s), at most 470 characters (spec `recipientViewRequest.returnUrl`). */
function returnUrlOf(body: Obj): string {
  const url = str(body['returnUrl']);
  let ok: boolean;
  try {
    ok = url !== undefined && url.length <= 470 && /^https?:$/.test(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok || url === undefined) throw Errors.invalidParameter("The 'returnUrl' must be an absolute http(s) URL of at most 470 characters.");
  return url;
}

export function viewRoutes(deps: SimDeps): Hono<SimEnv> {
  const { store } = deps;
  const app = new Hono<SimEnv>();

  const envelopeFor = (accountId: string, id: string, sub: string) => {
    const e = store.envelopes.get(id.toLowerCase());
    if (!e || e.accountId !== accountId) throw Errors.envelopeMissing();
    if (!maySee(store, accountId, sub, e.createdBy.sub)) throw Errors.lacksPermissions();
    return e;
  };
  const siteOf = (accountId: string) => store.accounts.get(accountId)?.site ?? '';

  app.post(
    '/envelopes/:envelopeId/views/recipient',
    guarded(async (c) => {
      const body = await jsonBody(c.req);
      const e = envelopeFor(c.get('accountId'), c.req.param('envelopeId') ?? '', c.get('sub'));
      const returnUrl = returnUrlOf(body);
      const method = str(body['authenticationMethod']);
      // UNCONFIRMED code: authenticationMethod is required by the spec.
      if (!method || !AUTH_METHODS.has(method.toLowerCase())) throw esignError(400, 'INVALID_AUTHENTICATION_METHOD', 'The authenticationMethod is missing or not supported.');
      if (e.status !== 'sent' && e.status !== 'delivered') {
        // UNCONFIRMED code: signing views exist only for envelopes out for signature.
        throw esignError(400, 'ENVELOPE_INVALID_STATUS', `Invalid envelope status for a recipient view: ${e.status}.`);
      }
      const clientUserId = str(body['clientUserId']);
      const userName = str(body['userName']) ?? '';
      const email = (str(body['email']) ?? '').toLowerCase();
      const recipientId = str(body['recipientId']);
      // A captive signer: clientUserId, userName and email must all match one signer.
      const signer = e.recipients.signers.find(
        (s) =>
          s.clientUserId !== undefined &&
          s.clientUserId === clientUserId &&
          s.name === userName &&
          s.email.toLowerCase() === email &&
          (recipientId === undefined || recipientId === s.recipientId),
      );
      if (!signer) throw esignError(400, 'UNKNOWN_ENVELOPE_RECIPIENT', 'The recipient you have identified is not a valid recipient of the specified envelope.');
      // UNCONFIRMED code/status for a signer whose routing turn has not come (or who is finished).
      if (!isCurrent(signer)) throw esignError(400, 'RECIPIENT_NOT_IN_SEQUENCE', 'The recipient is not in the signing sequence yet, or has finished.');
      const token = opaque();
      store.views.set(token, { token, accountId: e.accountId, envelopeId: e.envelopeId, recipientId: signer.recipientId, returnUrl, expiresAt: store.now() + VIEW_TTL_MS, used: false, kind: 'recipient' });
      store.issued.push(token);
      return c.json({ url: `${deps.origin()}/${siteOf(e.accountId)}/Signing/MTRedeem/v1/${token}?slt=${token.slice(0, 8)}` }, 201);
    }),
  );

  app.post(
    '/envelopes/:envelopeId/views/sender',
    guarded(async (c) => {
      const body = await jsonBody(c.req);
      const e = envelopeFor(c.get('accountId'), c.req.param('envelopeId') ?? '', c.get('sub'));
      const returnUrl = returnUrlOf(body);
      // UNCONFIRMED code: the sender view is for drafts.
      if (e.status !== 'created') throw esignError(400, 'ENVELOPE_INVALID_STATUS', `Invalid envelope status for a sender view: ${e.status}.`);
      const token = opaque();
      store.views.set(token, { token, accountId: e.accountId, envelopeId: e.envelopeId, recipientId: '', returnUrl, expiresAt: store.now() + VIEW_TTL_MS, used: false, kind: 'sender' });
      store.issued.push(token);
      return c.json({ url: `${deps.origin()}/${siteOf(e.accountId)}/Signing/StartInSession/v1/${token}` }, 201);
    }),
  );

  // The console view (spec `consoleViewRequest {envelopeId, returnUrl}`): a single-use URL into the web
  // app, opened on the envelope when `envelopeId` is given. DocuSign's URL has the form
  // `/Member/StartInSession.aspx?StartConsole=1&t=<token>&DocuEnvelope=<envelopeId>` (spec examples).
  app.post(
    '/views/console',
    guarded(async (c) => {
      const body = await jsonBody(c.req);
      const returnUrl = returnUrlOf(body);
      const envelopeId = str(body['envelopeId']);
      const e = envelopeId === undefined ? undefined : envelopeFor(c.get('accountId'), envelopeId, c.get('sub'));
      const token = opaque();
      store.views.set(token, { token, accountId: c.get('accountId'), envelopeId: e?.envelopeId ?? '', recipientId: '', returnUrl, expiresAt: store.now() + VIEW_TTL_MS, used: false, kind: 'console' });
      store.issued.push(token);
      const query = new URLSearchParams({ StartConsole: '1', t: token, ...(e ? { DocuEnvelope: e.envelopeId } : {}) });
      return c.json({ url: `${deps.origin()}/${siteOf(c.get('accountId'))}/Member/StartInSession.aspx?${query.toString()}` }, 201);
    }),
  );

  return app;
}
