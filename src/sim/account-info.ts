/**
 * `GET /v2.1/accounts/{accountId}` (Accounts_GetAccount, `accountInformation`): the cheapest eSignature
 * call there is, the one DocuSign's own browser sample makes first; the connection check uses it.
 */
import { Hono } from 'hono';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';

export function accountInfoRoutes(deps: SimDeps): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get('/', (c) => {
    const account = deps.store.accounts.get(c.get('accountId'));
    if (!account) return c.notFound();
    return c.json({
      accountIdGuid: account.accountId,
      accountName: account.name,
      // UNCONFIRMED values: the simulator has no billing; DocuSign's developer accounts look like this.
      planName: 'DEVELOPER',
      connectPermission: 'full',
      envelopeSendingBlocked: 'false',
    });
  });
  return app;
}
