/**
 * Sign-in of tenant administrators to `/admin` with their organization's identity provider: OpenID
 * Connect Authorization Code with PKCE (S256) as a public client (oauth4webapi), single-use state and
 * nonce, the ID token's claims checked by oauth4webapi and its signature by jose against the issuer's
 * JWKS (RS256, ES256, PS256 only). The tenant is the one whose identity provider issued the token AND
 * whose email domains hold the verified email; an administrator is a member whose `groups` claim holds
 * the tenant's `adminGroup`. Never a tenant the browser names.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';

export interface AdminIdentityProvider {
  issuer: string;
  clientId: string;
}

export interface SignInTenant {
  id: string;
  name: string;
  identityProvider: AdminIdentityProvider;
  emailDomains: readonly string[];
  adminGroup?: string | undefined;
}

export type SignInResult =
  | { kind: 'admin'; tenantId: string; email: string; name: string }
  | { kind: 'refused'; status: 400 | 403; message: string };

interface Pending {
  tenantId: string;
  verifier: string;
  nonce: string;
  createdAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 1000;
const ALGORITHMS = ['RS256', 'ES256', 'PS256'];

export interface SignIn {
  /** Where to send the browser to sign in for `tenantId` (the IdP's authorization URL). */
  start(tenantId: string): Promise<string | undefined>;
  /** Finishes a sign-in from the callback URL's parameters. */
  finish(params: URLSearchParams): Promise<SignInResult>;
}

export function createSignIn(deps: { tenants: readonly SignInTenant[]; redirectUri: string; now: () => number; allowHttp: boolean }): SignIn {
  const pending = new Map<string, Pending>();
  const servers = new Map<string, Promise<oauth.AuthorizationServer>>();
  const jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const options = deps.allowHttp ? { [oauth.allowInsecureRequests]: true } : {};

  const discover = (issuer: string): Promise<oauth.AuthorizationServer> => {
    let found = servers.get(issuer);
    if (!found) {
      const url = new URL(issuer);
      found = oauth.discoveryRequest(url, options).then((res) => oauth.processDiscoveryResponse(url, res));
      found.catch(() => servers.delete(issuer));
      servers.set(issuer, found);
    }
    return found;
  };
  const sweep = () => {
    for (const [state, p] of pending) if (deps.now() - p.createdAt > PENDING_TTL_MS) pending.delete(state);
  };

  return {
    async start(tenantId) {
      const tenant = deps.tenants.find((t) => t.id === tenantId);
      if (!tenant) return undefined;
      const as = await discover(tenant.identityProvider.issuer);
      if (as.authorization_endpoint === undefined) return undefined;
      sweep();
      if (pending.size >= MAX_PENDING) return undefined;
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const nonce = oauth.generateRandomNonce();
      pending.set(state, { tenantId, verifier, nonce, createdAt: deps.now() });
      const url = new URL(as.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: tenant.identityProvider.clientId,
        redirect_uri: deps.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },

    async finish(params) {
      const state = params.get('state') ?? '';
      const started = pending.get(state);
      // Single use: the state is gone whatever happens next.
      pending.delete(state);
      if (!started || deps.now() - started.createdAt > PENDING_TTL_MS) {
        return { kind: 'refused', status: 400, message: 'This sign-in is unknown or expired. Start again from the admin page.' };
      }
      const first = deps.tenants.find((t) => t.id === started.tenantId);
      if (!first) return { kind: 'refused', status: 400, message: 'This sign-in is for a tenant that no longer exists.' };
      const client: oauth.Client = { client_id: first.identityProvider.clientId };
      let claims: oauth.IDToken | undefined;
      let idToken: string | undefined;
      try {
        const as = await discover(first.identityProvider.issuer);
        const callback = oauth.validateAuthResponse(as, client, params, state);
        const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, deps.redirectUri, started.verifier, options);
        const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: started.nonce, requireIdToken: true });
        claims = oauth.getValidatedIdTokenClaims(result);
        idToken = result.id_token;
        if (as.jwks_uri === undefined || idToken === undefined) throw new Error('no jwks');
        let keys = jwks.get(as.jwks_uri);
        if (!keys) {
          keys = createRemoteJWKSet(new URL(as.jwks_uri));
          jwks.set(as.jwks_uri, keys);
        }
        await jwtVerify(idToken, keys, { issuer: as.issuer, audience: client.client_id, algorithms: ALGORITHMS, currentDate: new Date(deps.now()) });
      } catch {
        return { kind: 'refused', status: 400, message: 'The identity provider’s answer could not be verified. Start again from the admin page.' };
      }
      const email = typeof claims?.['email'] === 'string' ? claims['email'].toLowerCase() : '';
      if (claims?.['email_verified'] !== true || email === '') return { kind: 'refused', status: 403, message: 'Your identity provider did not confirm your email address.' };
      const domain = email.slice(email.lastIndexOf('@') + 1);
      const tenant = deps.tenants.find(
        (t) => t.identityProvider.issuer === claims?.iss && t.identityProvider.clientId === client.client_id && t.emailDomains.includes(domain),
      );
      if (!tenant) return { kind: 'refused', status: 403, message: `${domain} does not belong to an organization that uses SignBridge here.` };
      const groups = Array.isArray(claims['groups']) ? claims['groups'].filter((g): g is string => typeof g === 'string') : [];
      if (tenant.adminGroup === undefined || !groups.includes(tenant.adminGroup)) {
        return { kind: 'refused', status: 403, message: `${email} is not a SignBridge administrator of ${tenant.name}. Ask your IT department to add you to the administrators group.` };
      }
      return { kind: 'admin', tenantId: tenant.id, email, name: typeof claims['name'] === 'string' ? claims['name'] : email };
    },
  };
}
