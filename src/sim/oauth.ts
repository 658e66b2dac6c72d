/**
 * The account server's browser side: `GET /oauth/auth`, the login page and the consent page.
 * Errors before the redirect URI is trusted show a page; after, they go back to the client as
 * `error=...` with the unchanged `state` (RFC 6749 4.1.2.1).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { SimEnv } from './env.ts';
import { html, page, readForm } from './html.ts';
import { grantConsentTo, hasConsent, membershipsOf, opaque, type PendingAuth, type Store } from './store.ts';
import { CODE_TTL_MS } from './tokens.ts';

const SESSION_COOKIE = 'ds_sim_session';
const PENDING_TTL_MS = 30 * 60_000;
/** Scopes the account server knows (FACTS.md 1.5); anything else is `invalid_scope`. */
const KNOWN_SCOPES = new Set([
  'signature', 'extended', 'impersonation', 'openid', 'cors', 'click.manage', 'click.send',
  'organization_read', 'group_read', 'permission_read', 'user_read', 'user_write', 'account_read',
  'account_write', 'domain_read', 'identity_provider_read', 'user_data_redact', 'asset_group_account_read',
]);

const splitScopes = (value: string | undefined): string[] => (value ?? '').split(/[\s+]+/).filter(Boolean);

function errorPage(c: Context<SimEnv>, message: string): Response {
  c.set('errorCode', 'invalid_request');
  return c.html(page('Error', html`<h1>Something went wrong</h1><p class="error" role="alert">${message}</p>`), 400);
}

function redirectBack(c: Context<SimEnv>, p: Pick<PendingAuth, 'redirectUri' | 'state'>, params: Record<string, string>): Response {
  const url = new URL(p.redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (p.state !== undefined) url.searchParams.set('state', p.state);
  return c.redirect(url.toString(), 302);
}

function loginPage(c: Context<SimEnv>, p: PendingAuth, error?: string, email?: string): Response {
  const body = html`<h1>Log in to DocuSign</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : html``}
<form method="post" action="/oauth/login">
<input type="hidden" name="request" value="${p.id}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${email ?? p.loginHint ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Log in</button>
</form>`;
  return c.html(page('Log in - DocuSign', body), error ? 401 : 200);
}

function consentPage(c: Context<SimEnv>, store: Store, p: PendingAuth): Response {
  const key = store.keys.get(p.clientId);
  const scopes = p.adminConsentScopes ?? p.scopes;
  const who = p.adminConsentScopes ? html`<p>You are granting access <strong>on behalf of every user of your organization</strong>.</p>` : html``;
  const body = html`<h1>${key?.name ?? p.clientId} wants to access your DocuSign account</h1>
${who}<p>Requested permissions:</p><ul>${scopes.map((s) => html`<li>${s}</li>`)}</ul>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request" value="${p.id}">
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
  return c.html(page('Allow access - DocuSign', body));
}

/** The user is known: ask for consent if needed, else send the code back. */
function proceed(c: Context<SimEnv>, store: Store, p: PendingAuth): Response {
  const sub = p.sub;
  if (sub === undefined) return loginPage(c, p);
  c.set('sub', sub);
  if (p.adminConsentScopes) {
    if (!membershipsOf(store, sub).some((m) => m.admin)) {
      store.pending.delete(p.id);
      return redirectBack(c, p, { error: 'access_denied', error_description: 'admin_consent_requires_admin' });
    }
    return consentPage(c, store, p);
  }
  if (!hasConsent(store, sub, p.clientId, p.scopes)) return consentPage(c, store, p);
  return issueCode(c, store, p);
}

function issueCode(c: Context<SimEnv>, store: Store, p: PendingAuth): Response {
  store.pending.delete(p.id);
  const code = opaque('eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.');
  store.codes.set(code, {
    code,
    clientId: p.clientId,
    redirectUri: p.redirectUri,
    sub: p.sub ?? '',
    scopes: p.scopes,
    ...(p.challenge !== undefined ? { challenge: p.challenge } : {}),
    expiresAt: store.now() + CODE_TTL_MS,
    used: false,
    grantId: opaque(),
  });
  store.issued.push(code);
  return redirectBack(c, p, { code });
}

function pendingFrom(store: Store, id: unknown): PendingAuth | undefined {
  if (typeof id !== 'string') return undefined;
  const p = store.pending.get(id);
  if (!p || store.now() - p.createdAt > PENDING_TTL_MS) return undefined;
  return p;
}

export function oauthPages(store: Store): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get('/oauth/auth', (c) => {
    const q = c.req.query();
    const key = q['client_id'] ? store.keys.get(q['client_id']) : undefined;
    if (!key) return errorPage(c, 'The client id provided is not registered with DocuSign.');
    c.set('clientId', key.clientId);
    const redirectUri = q['redirect_uri'] ?? '';
    // Exact string match, as DocuSign compares redirect URIs.
    if (!key.redirectUris.includes(redirectUri)) return errorPage(c, 'The redirect URI is not registered properly with DocuSign.');
    const base = { redirectUri, ...(q['state'] !== undefined ? { state: q['state'] } : {}) };
    if (q['response_type'] !== 'code') {
      // DocuSign still has the implicit grant (`token`); the simulator does not, and nothing of ours uses it.
      return redirectBack(c, base, { error: 'unsupported_response_type' });
    }
    const scopes = splitScopes(q['scope']);
    const adminScopes = splitScopes(q['admin_consent_scope']);
    if (scopes.length === 0 || [...scopes, ...adminScopes].some((s) => !KNOWN_SCOPES.has(s))) {
      return redirectBack(c, base, { error: 'invalid_scope' });
    }
    const challenge = q['code_challenge'];
    const method = q['code_challenge_method'];
    if (challenge !== undefined && method !== 'S256') {
      // UNCONFIRMED: DocuSign's code only ever uses S256; `plain` is refused here.
      return redirectBack(c, base, { error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    }
    if (key.type === 'public' && (challenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(challenge))) {
      return redirectBack(c, base, { error: 'invalid_request', error_description: 'code challenge and code challenge method required' });
    }
    const pending: PendingAuth = {
      id: opaque(),
      clientId: key.clientId,
      scopes,
      ...base,
      ...(challenge !== undefined ? { challenge } : {}),
      ...(adminScopes.length > 0 && scopes.includes('openid') ? { adminConsentScopes: adminScopes } : {}),
      ...(q['login_hint'] !== undefined ? { loginHint: q['login_hint'] } : {}),
      createdAt: store.now(),
    };
    store.pending.set(pending.id, pending);
    const session = getCookie(c, SESSION_COOKIE);
    const sub = session !== undefined ? store.sessions.get(session) : undefined;
    const hinted = pending.loginHint?.toLowerCase();
    const sessionUser = sub !== undefined ? store.users.get(sub) : undefined;
    // Silent login unless prompt=login or the hint names someone else.
    if (sessionUser && q['prompt'] !== 'login' && (hinted === undefined || sessionUser.email.toLowerCase() === hinted)) {
      pending.sub = sessionUser.sub;
      return proceed(c, store, pending);
    }
    return loginPage(c, pending);
  });

  app.post('/oauth/login', async (c) => {
    const form = await readForm(c.req);
    const p = pendingFrom(store, form['request']);
    if (!p) return errorPage(c, 'This login request has expired. Start again from the application.');
    c.set('clientId', p.clientId);
    const email = typeof form['email'] === 'string' ? form['email'].trim().toLowerCase() : '';
    const password = typeof form['password'] === 'string' ? form['password'] : '';
    const user = [...store.users.values()].find((u) => u.email.toLowerCase() === email);
    if (!user || user.password !== password) return loginPage(c, p, 'Your email or password is incorrect.', email);
    const session = opaque();
    store.sessions.set(session, user.sub);
    setCookie(c, SESSION_COOKIE, session, { path: '/oauth', httpOnly: true, sameSite: 'Lax' });
    p.sub = user.sub;
    return proceed(c, store, p);
  });

  app.post('/oauth/consent', async (c) => {
    const form = await readForm(c.req);
    const p = pendingFrom(store, form['request']);
    if (!p || p.sub === undefined) return errorPage(c, 'This consent request has expired. Start again from the application.');
    c.set('clientId', p.clientId);
    c.set('sub', p.sub);
    if (form['decision'] !== 'allow') {
      store.pending.delete(p.id);
      return redirectBack(c, p, { error: 'access_denied' });
    }
    if (p.adminConsentScopes) {
      // Admin consent covers every member of the accounts the admin administers.
      const scopes = p.adminConsentScopes;
      for (const m of membershipsOf(store, p.sub)) {
        if (!m.admin) continue;
        for (const member of m.account.members) grantConsentTo(store, member.sub, p.clientId, scopes);
      }
    } else {
      grantConsentTo(store, p.sub, p.clientId, p.scopes);
    }
    return issueCode(c, store, p);
  });

  return app;
}
