/**
 * `GET /v1/templates?accountId=…` and `GET /v1/templates/{templateId}?accountId=…`: the DocuSign
 * account's templates for "Use a template", read with the caller's own credentials (a linked login's
 * token, or its organization's system user for a member) and cached briefly per caller (templates.ts).
 */
import { Hono, type Context } from 'hono';
import type { TemplateDetail, TemplateListResponse } from '../../shared/api-templates.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { withSender, type SenderCredentials } from '../credentials.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import type { Templates } from '../templates.ts';
import { bad } from '../upload.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function templateRoutes(deps: { credentials: SenderCredentials; templates: Templates }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function senderOf(c: Context<AppEnv>) {
    const accountId = c.req.query('accountId') ?? '';
    if (!GUID.test(accountId)) throw bad('Name the DocuSign account: ?accountId=<account GUID>.');
    const caller = c.get('caller');
    return { caller, sender: await deps.credentials.forAccount(caller, accountId) };
  }

  app.get('/', async (c) => {
    const { caller, sender } = await senderOf(c);
    const templates = await withSender(sender, async () => deps.templates.list(caller, await sender.context()));
    const body: TemplateListResponse = { templates };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/:templateId', async (c) => {
    const templateId = c.req.param('templateId');
    if (!GUID.test(templateId)) throw new ApiError(404, ErrorCodes.TEMPLATE_NOT_FOUND, 'No such template.');
    const { caller, sender } = await senderOf(c);
    const body: TemplateDetail = await withSender(sender, async () => deps.templates.get(caller, await sender.context(), templateId));
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
