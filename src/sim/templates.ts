/** Templates and identity-verification workflows of an account (read-only, from the seed). */
import { Hono } from 'hono';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';
import { esignError } from './errors.ts';
import { guarded } from './envelopes.ts';
import { WORKFLOWS } from './identity.ts';
import { templateJson } from './serialize.ts';

export function templateRoutes(deps: SimDeps): Hono<SimEnv> {
  const { store } = deps;
  const app = new Hono<SimEnv>();
  // Templates are seeded at simulator start; their dates are that moment.
  const created = store.now();

  app.get('/templates', (c) => {
    const list = [...store.templates.values()].filter((t) => t.accountId === c.get('accountId'));
    return c.json({
      resultSetSize: String(list.length),
      startPosition: '0',
      endPosition: String(Math.max(0, list.length - 1)),
      totalSetSize: String(list.length),
      ...(list.length > 0 ? { envelopeTemplates: list.map((t) => templateJson(t, created, false)) } : {}),
    });
  });

  app.get(
    '/templates/:templateId',
    guarded((c) => {
      const t = store.templates.get(c.req.param('templateId') ?? '');
      // UNCONFIRMED code for an unknown template id.
      if (!t || t.accountId !== c.get('accountId')) throw esignError(400, 'TEMPLATE_ID_INVALID', 'Invalid template ID.');
      return c.json(templateJson(t, created, true));
    }),
  );

  app.get('/identity_verification', (c) =>
    c.json({ identityVerification: WORKFLOWS.map((w) => ({ ...w, defaultDescription: w.defaultName })) }),
  );

  return app;
}
