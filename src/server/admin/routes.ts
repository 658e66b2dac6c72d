/**
 * `/admin`: the admin operations for a tenant's administrators, signed in with their identity provider
 * (sign-in.ts). An administrator sees the connection check of their own tenant only, its consent URLs,
 * and may reset its cached token; everyone else gets 403. Forms carry the session's CSRF token; the
 * cookie is HttpOnly, SameSite=Lax, path /admin, Secure on https.
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { checkConnection } from '../../admin/check.ts';
import { consentUrls } from '../../admin/consent.ts';
import { resetToken } from '../../admin/token-cache.ts';
import type { AdminDeps, AdminTenant } from '../../admin/types.ts';
import type { AppEnv } from '../env.ts';
import { adminHtml, checkTable, consentList, escapeHtml, paragraphs } from './html.ts';
import { createAdminSessions, type AdminSessionRows } from './sessions.ts';
import { createSignIn, type PendingSignIns, type SignInTenant } from './sign-in.ts';

export type AdminPageTenant = AdminTenant & SignInTenant;

export interface AdminPageDeps {
  tenants: readonly AdminPageTenant[];
  ops: AdminDeps;
  publicUrl: string;
  /** The store's session rows, so every instance on it knows every admin session. */
  sessions: AdminSessionRows;
  /** Sign-ins in progress, in the store like the sessions (any instance may get the callback). */
  signIns: PendingSignIns;
}

const COOKIE = 'signbridge_admin';

export function adminRoutes(deps: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const secure = deps.publicUrl.startsWith('https:');
  const signIn = createSignIn({
    tenants: deps.tenants,
    redirectUri: `${deps.publicUrl}/admin/oidc/callback`,
    now: deps.ops.now,
    allowHttp: !secure,
    pending: deps.signIns,
  });
  const sessions = createAdminSessions(deps.sessions, deps.ops.now);
  const session = (c: Parameters<typeof getCookie>[0]) => sessions.get(getCookie(c, COOKIE));

  app.get('/admin', async (c) => {
    const s = await session(c);
    if (!s) {
      const links = deps.tenants
        .filter((t) => t.adminGroup !== undefined)
        .map((t) => `<li><a href="/admin/login?tenant=${encodeURIComponent(t.id)}">Sign in with ${escapeHtml(t.name)}</a></li>`);
      return adminHtml(c, 200, 'SignBridge administration', `${paragraphs(['Sign in with your organization’s identity provider.'])}<ul>${links.join('')}</ul>`);
    }
    const tenant = deps.tenants.find((t) => t.id === s.tenantId);
    if (!tenant) return adminHtml(c, 403, 'Not allowed', paragraphs(['Your organization is no longer configured here.']));
    const report = await checkConnection(tenant, deps.ops);
    const env = deps.ops.environment(tenant);
    const reset = c.req.query('reset') === '1' ? paragraphs(['The cached DocuSign token is dropped on every server instance; the next send requests a new one.']) : '';
    const forms = `<form method="post" action="/admin/reset-token"><input type="hidden" name="csrf" value="${escapeHtml(s.csrf)}"><button type="submit">Reset DocuSign token</button></form>
<form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="${escapeHtml(s.csrf)}"><button type="submit">Sign out</button></form>`;
    const body = `<p id="who" data-tenant="${escapeHtml(tenant.id)}">Signed in as ${escapeHtml(s.name)} (${escapeHtml(s.email)}), administrator of ${escapeHtml(tenant.name)}.</p>
${reset}<h2>Connection check</h2>${checkTable(report)}
${env ? consentList(consentUrls(env, deps.ops.jwt.clientId, deps.ops.consentRedirectUri)) : ''}${forms}`;
    return adminHtml(c, 200, `${tenant.name}: SignBridge administration`, body);
  });

  app.get('/admin/login', async (c) => {
    const started = await signIn.start(c.req.query('tenant') ?? '');
    if (started.kind === 'unknown') return adminHtml(c, 400, 'Unknown organization', paragraphs(['There is no such organization here. Start again from the admin page.']));
    if (started.kind === 'busy') {
      c.header('Retry-After', '60');
      return adminHtml(c, 429, 'Too many sign-ins', paragraphs(['Too many sign-ins are in progress. Try again in a minute.']));
    }
    return c.redirect(started.url, 302);
  });

  app.get('/admin/oidc/callback', async (c) => {
    const result = await signIn.finish(new URL(c.req.url).searchParams);
    if (result.kind === 'refused') {
      c.get('log').info('admin sign-in refused', { status: result.status });
      return adminHtml(c, result.status, 'Not allowed', paragraphs([result.message]));
    }
    const id = await sessions.open(result);
    setCookie(c, COOKIE, id, { path: '/admin', httpOnly: true, sameSite: 'Lax', secure, maxAge: 8 * 3600 });
    return c.redirect('/admin', 303);
  });

  const withCsrf = async (c: Parameters<typeof getCookie>[0]) => {
    const s = await session(c);
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    return s && form['csrf'] === s.csrf ? s : undefined;
  };

  app.post('/admin/reset-token', async (c) => {
    const s = await withCsrf(c);
    if (!s) return adminHtml(c, 403, 'Not allowed', paragraphs(['Sign in as an administrator first.']));
    await resetToken(deps.ops.state, s.tenantId);
    c.get('log').info('admin token reset', { tenant: s.tenantId });
    return c.redirect('/admin?reset=1', 303);
  });

  app.post('/admin/logout', async (c) => {
    if (await withCsrf(c)) await sessions.close(getCookie(c, COOKIE));
    deleteCookie(c, COOKIE, { path: '/admin' });
    return c.redirect('/admin', 303);
  });
  return app;
}
