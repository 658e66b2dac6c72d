/**
 * Sign-in of tenant administrators to `/admin` with their organization's identity provider: OpenID
 * Connect Authorization Code with PKCE (S256) as a public client (oauth4webapi), single-use state and
 * nonce, the ID token's claims checked by oauth4webapi and its signature by jose against the issuer's
 * JWKS (RS256, ES256, PS256 only). The tenant is the one whose identity provider issued the token AND
 * whose email domains hold the verified email; an administrator is a member whose `groups` claim holds
 * the tenant's `adminGroup`. Never a tenant the browser names.
 */
import { createHash } from 'node:crypto';
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

export interface PendingSignIn {
  tenantId: string;
  verifier: string;
  nonce: string;
  createdAt: number;
}

/**
 * Where sign-ins in progress are kept (db/admin-sign-ins.ts: the server's store), by the SHA-256 of their
 * `state`, so that the identity provider's redirect may land on any instance.
 */
export interface PendingSignIns {
  /** Stores one unless `maxPending` live ones exist already (false); drops those created up to `expiredBefore`. */
  put(stateHash: string, row: PendingSignIn, limits: { maxPending: number; expiredBefore: number }): Promise<boolean>;
  /** Removes and answers the sign-in of this state: whichever instance asks first gets it, once. */
  take(stateHash: string): Promise<PendingSignIn | undefined>;
}

const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 1000;
const ALGORITHMS = ['RS256', 'ES256', 'PS256'];

/** `busy`: too many sign-ins are in progress (a bound, so that nobody can fill the store with them). */
export type SignInStart = { kind: 'redirect'; url: string } | { kind: 'unknown' } | { kind: 'busy' };

export interface SignIn {
  /** Where to send the browser to sign in for `tenantId` (the IdP's authorization URL). */
  start(tenantId: string): Promise<SignInStart>;
  /** Finishes a sign-in from the callback URL's parameters. */
  finish(params: URLSearchParams): Promise<SignInResult>;
}

const hashOf = (state: string): string => createHash('sha256').update(state).digest('hex');

export function createSignIn(deps: {
  tenants: readonly SignInTenant[];
  redirectUri: string;
  now: () => number;
  allowHttp: boolean;
  pending: PendingSignIns;
}): SignIn {
  const { pending } = deps;
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

  return {
    async start(tenantId) {
      const tenant = deps.tenants.find((t) => t.id === tenantId);
      if (!tenant) return { kind: 'unknown' };
      const as = await discover(tenant.identityProvider.issuer);
      if (as.authorization_endpoint === undefined) return { kind: 'unknown' };
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const nonce = oauth.generateRandomNonce();
      const now = deps.now();
      const stored = await pending.put(hashOf(state), { tenantId, verifier, nonce, createdAt: now }, { maxPending: MAX_PENDING, expiredBefore: now - PENDING_TTL_MS });
      if (!stored) return { kind: 'busy' };
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
      return { kind: 'redirect', url: url.toString() };
    },

    async finish(params) {
      const state = params.get('state') ?? '';
      // Single use: the state is gone whatever happens next, on every instance.
      const started = state === '' ? undefined : await pending.take(hashOf(state));
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
