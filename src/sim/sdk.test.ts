/**
 * DocuSign's official Node SDK (docusign-esign) against a listening simulator: requestJWTUserToken,
 * getUserInfo, createEnvelope, createRecipientView.
 *
 * The SDK hardcodes `https://${oAuthBasePath}` for its OAuth calls (ApiClient.js sendJWTTokenRequest,
 * getUserInfo), and the simulator speaks plain http on 127.0.0.1. Rather than patching the SDK or adding
 * TLS, this test installs an axios request interceptor on the SDK's own axios instance that rewrites
 * exactly `https://<simulator host>` to `http://<simulator host>`; every other byte the SDK sends is its own.
 */
import { createRequire } from 'node:module';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makePdf, startSimServer, type SimServer } from './index.ts';
import { ACCOUNTS, CONFIDENTIAL_KEY, USERS } from './test-helpers.ts';

interface AxiosConfig {
  baseURL?: string;
}
interface AxiosLike {
  interceptors: { request: { use(fn: (c: AxiosConfig) => AxiosConfig): number; eject(id: number): void } };
}
interface SdkResponse<T> {
  body: T;
}
interface ApiClient {
  setOAuthBasePath(host: string): void;
  setBasePath(path: string): void;
  addDefaultHeader(name: string, value: string): void;
  requestJWTUserToken(clientId: string, userId: string, scopes: string[], key: Buffer, expiresIn: number): Promise<SdkResponse<{ access_token: string; expires_in: number }>>;
  getUserInfo(token: string): Promise<{ sub: string; accounts: { accountId: string; baseUri: string; isDefault: string }[] }>;
}
interface EnvelopesApi {
  createEnvelope(accountId: string, opts: { envelopeDefinition: unknown }): Promise<{ envelopeId: string; status: string }>;
  createRecipientView(accountId: string, envelopeId: string, opts: { recipientViewRequest: unknown }): Promise<{ url: string }>;
}
interface DocusignModule {
  ApiClient: new () => ApiClient;
  EnvelopesApi: new (client: ApiClient) => EnvelopesApi;
}

const sdkRequire = createRequire(createRequire(import.meta.url).resolve('docusign-esign'));
const docusign = sdkRequire('docusign-esign') as DocusignModule;
const axios = sdkRequire('axios') as AxiosLike;

let server: SimServer;
let privatePem: string;
let interceptor: number;

beforeAll(async () => {
  server = await startSimServer({ port: 0 });
  const pair = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  privatePem = await exportPKCS8(pair.privateKey);
  server.sim.control.addRsaPublicKey(CONFIDENTIAL_KEY, await exportSPKI(pair.publicKey));
  server.sim.control.grantConsent(USERS.system.sub, CONFIDENTIAL_KEY, ['signature', 'impersonation']);
  const host = new URL(server.origin).host;
  interceptor = axios.interceptors.request.use((config) => {
    if (config.baseURL === `https://${host}`) config.baseURL = `http://${host}`;
    return config;
  });
});

afterAll(async () => {
  axios.interceptors.request.eject(interceptor);
  await server.close();
});

describe('docusign-esign SDK', () => {
  test('JWT token, userinfo, createEnvelope and createRecipientView', async () => {
    const client = new docusign.ApiClient();
    client.setOAuthBasePath(new URL(server.origin).host);
    const jwt = await client.requestJWTUserToken(CONFIDENTIAL_KEY, USERS.system.sub, ['signature', 'impersonation'], Buffer.from(privatePem), 600);
    expect(jwt.body.expires_in).toBe(3600);
    const token = jwt.body.access_token;

    const info = await client.getUserInfo(token);
    expect(info.sub).toBe(USERS.system.sub);
    const account = info.accounts.find((a) => a.isDefault === 'true');
    expect(account).toMatchObject({ accountId: ACCOUNTS.aliceUs.id, baseUri: `${server.origin}/na2` });

    client.setBasePath(`${account?.baseUri ?? ''}/restapi`);
    client.addDefaultHeader('Authorization', `Bearer ${token}`);
    const envelopes = new docusign.EnvelopesApi(client);
    const summary = await envelopes.createEnvelope(ACCOUNTS.aliceUs.id, {
      envelopeDefinition: {
        emailSubject: 'SDK envelope',
        status: 'sent',
        documents: [{ documentId: '1', name: 'Offer.pdf', fileExtension: 'pdf', documentBase64: Buffer.from(makePdf(2)).toString('base64') }],
        recipients: { signers: [{ recipientId: '1', routingOrder: '1', email: 'eve@example.org', name: 'Eve Example', clientUserId: '1001' }] },
      },
    });
    expect(summary.status).toBe('sent');

    const view = await envelopes.createRecipientView(ACCOUNTS.aliceUs.id, summary.envelopeId, {
      recipientViewRequest: { returnUrl: 'http://127.0.0.1:8787/signing/return', authenticationMethod: 'none', clientUserId: '1001', userName: 'Eve Example', email: 'eve@example.org' },
    });
    expect(view.url.startsWith(`${server.origin}/na2/Signing/MTRedeem/v1/`)).toBe(true);
    const sdkCalls = server.sim.control.calls().filter((c) => c.clientId === CONFIDENTIAL_KEY);
    expect(sdkCalls.map((c) => [c.method, c.status])).toEqual([
      ['POST', 200],
      ['GET', 200],
      ['POST', 201],
      ['POST', 201],
    ]);
  });
});
