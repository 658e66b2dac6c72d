/**
 * DocuSign's OAuth endpoints through oauth4webapi, as a public client (PKCE, no secret): the
 * authorization URL, the code exchange, refresh and userinfo. DocuSign publishes no discovery
 * document, so the authorization server metadata is built from the account server's URL.
 */
import * as oauth from 'oauth4webapi';
import { accountServerProblem } from './account-servers.ts';
import { isLoopback } from './settings.ts';
import type { TokenSet, RefreshOutcome } from './tokens.ts';
import { parseUserInfo, type UserInfo } from './userinfo.ts';

export interface OAuthConfig {
  accountServer: string;
  clientId: string;
  scopes: string[];
  redirectUri: string;
}

/** Every OAuth endpoint is built here, so no code, token or refresh token goes to a host that is not DocuSign's. */
function authorizationServer(accountServer: string): oauth.AuthorizationServer {
  const problem = accountServerProblem(accountServer);
  if (problem !== null) throw new OAuthFailure('rejected', problem);
  const base = new URL(accountServer).origin;
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/auth`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/oauth/userinfo`,
  };
}

/** Plain HTTP only for the local simulator and server; anything else must be HTTPS. */
export const requestOptions = (accountServer: string) => ({ [oauth.allowInsecureRequests]: isLoopback(new URL(accountServer)) });

export function authorizationUrl(
  config: OAuthConfig,
  flow: { state: string; codeChallenge: string; forceLogin: boolean },
): string {
  const url = new URL('/oauth/auth', new URL(config.accountServer).origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    scope: config.scopes.join(' '),
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    state: flow.state,
    code_challenge: flow.codeChallenge,
    code_challenge_method: 'S256',
    ...(flow.forceLogin ? { prompt: 'login' } : {}),
  }).toString();
  return url.toString();
}

export async function newPkce(): Promise<{ state: string; verifier: string; challenge: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { state: oauth.generateRandomState(), verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export class OAuthFailure extends Error {
  /** `invalid_token`: DocuSign answered 401 to an access token (revoked, expired there, withdrawn). */
  readonly reason: 'invalid_grant' | 'invalid_token' | 'rejected' | 'unavailable';
  constructor(reason: OAuthFailure['reason'], message: string) {
    super(message);
    this.name = 'OAuthFailure';
    this.reason = reason;
  }
}

/** oauth4webapi puts the offending Response in `cause` (duck-typed: Response classes differ between realms). */
function statusOfCause(error: unknown): number {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number' ? cause.status : 0;
}

/** Map anything oauth4webapi or fetch throws to a reason, without carrying response bodies along. */
export function failure(error: unknown): OAuthFailure {
  if (error instanceof OAuthFailure) return error;
  // A 5xx is DocuSign having trouble, not a verdict on the code or token: worth trying again.
  const status = error instanceof oauth.ResponseBodyError ? error.status : statusOfCause(error);
  if (status >= 500) return new OAuthFailure('unavailable', `HTTP ${status}`);
  if (error instanceof oauth.ResponseBodyError) {
    return new OAuthFailure(error.error === 'invalid_grant' ? 'invalid_grant' : 'rejected', `${error.error} (HTTP ${error.status})`);
  }
  if (error instanceof TypeError) return new OAuthFailure('unavailable', 'network error');
  if (error instanceof Error && 'code' in error) return new OAuthFailure('rejected', String(error.code));
  return new OAuthFailure('rejected', 'unexpected answer');
}

function toTokenSet(response: oauth.TokenEndpointResponse): TokenSet {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    // DocuSign's access tokens last 8 hours (FACTS.md 1.6) when it does not say.
    expiresInSeconds: response.expires_in ?? 28_800,
  };
}

export async function exchangeCode(
  flow: Pick<OAuthConfig, 'accountServer' | 'clientId' | 'redirectUri'>,
  state: string,
  callbackUrl: string,
  verifier: string,
): Promise<TokenSet> {
  const client: oauth.Client = { client_id: flow.clientId };
  try {
    const as = authorizationServer(flow.accountServer);
    const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      flow.redirectUri,
      verifier,
      requestOptions(flow.accountServer),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, response));
  } catch (error) {
    throw failure(error);
  }
}

export async function refreshTokens(
  login: { accountServer: string; clientId: string },
  refreshToken: string,
): Promise<RefreshOutcome> {
  const client: oauth.Client = { client_id: login.clientId };
  try {
    const as = authorizationServer(login.accountServer);
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, requestOptions(login.accountServer));
    return { ok: true, tokens: toTokenSet(await oauth.processRefreshTokenResponse(as, client, response)) };
  } catch (error) {
    const f = failure(error);
    return f.reason === 'invalid_grant' ? { ok: false, reason: 'invalid_grant' } : { ok: false, reason: 'unavailable', detail: f.message };
  }
}

export async function readUserInfo(login: { accountServer: string; clientId: string }, accessToken: string): Promise<UserInfo> {
  const client: oauth.Client = { client_id: login.clientId };
  let raw: unknown;
  try {
    const as = authorizationServer(login.accountServer);
    const response = await oauth.userInfoRequest(as, client, accessToken, requestOptions(login.accountServer));
    raw = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck, response);
  } catch (error) {
    // DocuSign answers a token it no longer accepts with 401 (a body error or a WWW-Authenticate challenge).
    const status = error instanceof oauth.ResponseBodyError || error instanceof oauth.WWWAuthenticateChallengeError ? error.status : statusOfCause(error);
    if (status === 401) throw new OAuthFailure('invalid_token', 'HTTP 401');
    throw failure(error);
  }
  const info = parseUserInfo(raw);
  if (!info) throw new OAuthFailure('rejected', 'userinfo in an unexpected shape');
  return info;
}
