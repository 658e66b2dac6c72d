/**
 * The go-live run's send: the companion server itself (createApp, in-process), reached as the
 * extension reaches it (`POST /v1/envelopes`, multipart, Idempotency-Key), so its eSignature calls are
 * exactly SignBridge's. The server learns the account's base_uri from /oauth/userinfo as always.
 */
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/log.ts';
import { openStore } from '../server/db/open.ts';
import { makePdf } from '../sim/pdf.ts';
import type { Environment } from './environment.ts';
import type { SendThroughServer } from './golive.ts';

export function serverSend(env: Environment, publicUrl: string): SendThroughServer {
  return async ({ fetch, token, accountId, email, name, n, now }) => {
    const app = createApp({
      config: { publicUrl, version: 'go-live', docusign: { accountServer: env.accountServer, clientId: 'go-live', scopes: [], redirectUri: `${publicUrl}/oauth/callback` } },
      log: createLogger({ level: 'error', write: () => undefined }),
      fetch,
      store: openStore(':memory:'),
      now,
    });
    const form = new FormData();
    form.append('request', JSON.stringify({ accountId, subject: `SignBridge go-live check ${n}`, signers: [{ name, email, routingOrder: 1 }] }));
    form.append('document', new Blob([new Uint8Array(makePdf(1, 'Go-live check'))], { type: 'application/pdf' }), 'go-live-check.pdf');
    const res = await app.request('/v1/envelopes', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `go-live-${now()}-${n}` },
      body: form,
    });
    const body = (await res.json().catch(() => undefined)) as { envelopeId?: unknown } | undefined;
    return typeof body?.envelopeId === 'string' ? body.envelopeId : undefined;
  };
}
