/**
 * A company's identity provider through oauth4webapi, as an OpenID Connect public client (PKCE S256,
 * no secret): discovery (`<issuer>/.well-known/openid-configuration`, OpenID Connect Discovery 1.0
 * section 4), the authorization URL with `state` and `nonce`, and the code exchange, which checks the
 * ID token's `iss`, `aud`, `exp` and `nonce` (OpenID Connect Core 3.1.3.7) before the companion server
 * verifies its signature against the issuer's keys.
 */
import * as oauth from 'oauth4webapi';
import { failure, OAuthFailure } from './oauth.ts';
import { isLoopback } from './settings.ts';

/** The discovered metadata a flow needs after the worker restarts (kept with the pending flow). */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  id_token_signing_alg_values_supported?: string[] | undefined;
}

export interface MemberClient {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
}

function server(metadata: ProviderMetadata): oauth.AuthorizationServer {
  const { id_token_signing_alg_values_supported: algs, ...rest } = metadata;
  return algs ? { ...rest, id_token_signing_alg_values_supported: algs } : rest;
}
const options = (url: string) => ({ [oauth.allowInsecureRequests]: isLoopback(new URL(url)) });

export async function discover(issuer: string): Promise<ProviderMetadata> {
  const issuerUrl = new URL(issuer);
  try {
    const response = await oauth.discoveryRequest(issuerUrl, { algorithm: 'oidc', ...options(issuer) });
    const as = await oauth.processDiscoveryResponse(issuerUrl, response);
    if (as.authorization_endpoint === undefined || as.token_endpoint === undefined) {
      throw new OAuthFailure('rejected', 'discovery document without authorization or token endpoint');
    }
    return {
      issuer: as.issuer,
      authorization_endpoint: as.authorization_endpoint,
      token_endpoint: as.token_endpoint,
      ...(as.id_token_signing_alg_values_supported ? { id_token_signing_alg_values_supported: as.id_token_signing_alg_values_supported } : {}),
    };
  } catch (error) {
    throw error instanceof OAuthFailure ? error : failure(error);
  }
}

export interface MemberSecrets {
  state: string;
  nonce: string;
  verifier: string;
  challenge: string;
}

export async function newMemberSecrets(): Promise<MemberSecrets> {
  const verifier = oauth.generateRandomCodeVerifier();
  return {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier,
    challenge: await oauth.calculatePKCECodeChallenge(verifier),
  };
}

export function memberAuthorizationUrl(
  as: ProviderMetadata,
  client: MemberClient,
  secrets: Pick<MemberSecrets, 'state' | 'nonce' | 'challenge'>,
): string {
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: client.scopes.join(' '),
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: secrets.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export interface MemberTokens {
  idToken: string;
  /** The validated ID token's email, for messages that name the domain. */
  email: string | undefined;
}

/** Exchange the code (public client: no secret) and return the ID token whose nonce is the one we sent. */
export async function exchangeMemberCode(
  metadata: ProviderMetadata,
  client: MemberClient,
  flow: { state: string; nonce: string; verifier: string },
  callbackUrl: string,
): Promise<MemberTokens> {
  const as = server(metadata);
  const oauthClient: oauth.Client = { client_id: client.clientId };
  try {
    const params = oauth.validateAuthResponse(as, oauthClient, new URL(callbackUrl), flow.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      oauthClient,
      oauth.None(),
      params,
      client.redirectUri,
      flow.verifier,
      options(metadata.token_endpoint),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, oauthClient, response, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (result.id_token === undefined || claims === undefined) throw new OAuthFailure('rejected', 'no ID token');
    return { idToken: result.id_token, email: typeof claims['email'] === 'string' ? claims['email'] : undefined };
  } catch (error) {
    throw error instanceof OAuthFailure ? error : failure(error);
  }
}
