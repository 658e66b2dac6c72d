/** `GET /oauth/userinfo`, in exactly DocuSign's shape (FACTS.md 3): `base_uri` has no `/restapi`. */
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import { membershipsOf, type Store } from './store.ts';
import { bearer } from './tokens.ts';

export function userinfoRoutes(store: Store, origin: () => string): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get('/oauth/userinfo', (c) => {
    const auth = bearer(store, c.req.header('authorization'));
    if ('problem' in auth) {
      // UNCONFIRMED: the body DocuSign sends for a bad token at userinfo; RFC 6750 shape with 401.
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return oauthError(c, 'invalid_token', auth.problem === 'missing' ? 'missing_token' : 'expired_or_revoked_token', 401);
    }
    const { token } = auth;
    c.set('clientId', token.clientId);
    c.set('sub', token.sub);
    const user = store.users.get(token.sub);
    if (!user) return oauthError(c, 'invalid_token', 'user_not_found', 401);
    return c.json({
      sub: user.sub,
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
      created: user.created,
      email: user.email,
      accounts: membershipsOf(store, user.sub).map(({ account, isDefault }) => ({
        account_id: account.accountId,
        is_default: isDefault,
        account_name: account.name,
        base_uri: `${origin()}/${account.site}`,
        ...(account.organizationId !== undefined
          ? {
              organization: {
                organization_id: account.organizationId,
                // UNCONFIRMED: DocuSign's example shows a `self` link to the organization resource.
                links: [{ rel: 'self', href: `${origin()}/management/v2/organizations/${account.organizationId}` }],
              },
            }
          : {}),
      })),
    });
  });
  return app;
}
