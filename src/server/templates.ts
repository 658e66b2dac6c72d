/**
 * The account's templates and identity-verification workflows, read from DocuSign
 * (`GET .../templates`, `GET .../templates/{id}`, `GET .../identity_verification`; spec
 * Templates_GetTemplates, Templates_GetTemplate, AccountIdentityVerification_GetAccountIdentityVerification)
 * and kept a minute per caller and account: the dialog lists them, and a send checks its roles against
 * the same copy, without a DocuSign call each time. The key holds tenant and principal, so one login or
 * organization never reads another's copy.
 */
import * as v from 'valibot';
import type { TemplateDetail, TemplateSummary } from '../shared/api-templates.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { Caller } from './caller.ts';
import { mapEsignError, networkError, type ApiContext, type Fetch } from './docusign.ts';
import { ApiError } from './http-error.ts';
import type { Logger } from './log.ts';
import type { Workflow } from './reach.ts';

export interface TemplateDeps {
  fetch: Fetch;
  now: () => number;
  timeoutMs: number;
  log: Logger;
  ttlMs?: number;
}

const ListSchema = v.object({
  envelopeTemplates: v.optional(v.nullable(v.array(v.object({ templateId: v.string(), name: v.optional(v.string()), description: v.optional(v.string()) })))),
});
const TemplateSchema = v.object({
  templateId: v.string(),
  name: v.optional(v.string()),
  description: v.optional(v.string()),
  emailSubject: v.optional(v.string()),
  documents: v.optional(v.array(v.object({ documentId: v.string(), name: v.optional(v.string()) }))),
  recipients: v.optional(
    v.object({
      signers: v.optional(
        v.array(
          v.object({
            roleName: v.optional(v.string()),
            recipientId: v.string(),
            routingOrder: v.optional(v.string()),
            tabs: v.optional(v.object({ textTabs: v.optional(v.array(v.object({ tabLabel: v.optional(v.string()) }))) })),
          }),
        ),
      ),
    }),
  ),
});
const WorkflowsSchema = v.object({
  identityVerification: v.optional(v.nullable(v.array(v.object({ workflowId: v.string(), defaultName: v.optional(v.string()) })))),
});

export interface Templates {
  list(caller: Caller, ctx: ApiContext): Promise<TemplateSummary[]>;
  /** 404 `template_not_found` when the account has no such template. */
  get(caller: Caller, ctx: ApiContext, templateId: string): Promise<TemplateDetail>;
  workflows(caller: Caller, ctx: ApiContext): Promise<Workflow[]>;
}

const MAX_ENTRIES = 1000;

export function createTemplates(deps: TemplateDeps): Templates {
  const ttl = deps.ttlMs ?? 60_000;
  const cache = new Map<string, { until: number; value: unknown }>();

  async function read(ctx: ApiContext, label: string, path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
    const url = `${ctx.baseUri.replace(/\/+$/, '')}/restapi/v2.1/accounts/${encodeURIComponent(ctx.accountId)}${path}`;
    let res: Response;
    try {
      res = await deps.fetch(url, { headers: { Authorization: `Bearer ${ctx.token}`, Accept: 'application/json' }, signal: AbortSignal.timeout(deps.timeoutMs) });
    } catch (cause) {
      deps.log.warn('docusign call failed', { call: label, error: cause });
      throw networkError(cause);
    }
    const body: unknown = await res.json().catch(() => undefined);
    deps.log.debug('docusign call', { call: label, status: res.status });
    return { status: res.status, body, headers: res.headers };
  }

  async function cached<T>(caller: Caller, ctx: ApiContext, what: string, load: () => Promise<T>): Promise<T> {
    const key = `${caller.tenant}\n${caller.principal}\n${ctx.accountId}\n${what}`;
    const now = deps.now();
    const hit = cache.get(key);
    if (hit !== undefined && hit.until > now) return hit.value as T;
    const value = await load();
    if (cache.size >= MAX_ENTRIES) for (const [k, e] of cache) if (e.until <= now || cache.size >= MAX_ENTRIES) cache.delete(k);
    cache.set(key, { until: now + ttl, value });
    return value;
  }

  const unreadable = () => new ApiError(502, ErrorCodes.DOCUSIGN_UNAVAILABLE, 'DocuSign answered with something unexpected. Try again later.');

  return {
    list: (caller, ctx) =>
      cached(caller, ctx, 'templates', async () => {
        const { status, body, headers } = await read(ctx, 'listTemplates', '/templates?count=100&order_by=name');
        if (status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(ListSchema, body);
        if (!parsed.success) throw unreadable();
        return (parsed.output.envelopeTemplates ?? []).map((t) => ({ templateId: t.templateId, name: t.name ?? '', description: t.description ?? '' }));
      }),

    get: (caller, ctx, templateId) =>
      cached(caller, ctx, `template:${templateId.toLowerCase()}`, async () => {
        const { status, body, headers } = await read(ctx, 'getTemplate', `/templates/${encodeURIComponent(templateId)}`);
        const code = (body as { errorCode?: unknown } | undefined)?.errorCode;
        // DocuSign answers an unknown template with 400/404 and a TEMPLATE_* code (UNCONFIRMED exact code).
        if (status === 404 || (status === 400 && typeof code === 'string' && code.toUpperCase().includes('TEMPLATE'))) {
          throw new ApiError(404, ErrorCodes.TEMPLATE_NOT_FOUND, 'This DocuSign account has no such template (it may have been deleted). Choose another.');
        }
        if (status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(TemplateSchema, body);
        if (!parsed.success) throw unreadable();
        const t = parsed.output;
        return {
          templateId: t.templateId,
          name: t.name ?? '',
          description: t.description ?? '',
          emailSubject: t.emailSubject ?? '',
          documents: (t.documents ?? []).map((d) => ({ documentId: d.documentId, name: d.name ?? '' })),
          roles: (t.recipients?.signers ?? [])
            .filter((s): s is typeof s & { roleName: string } => s.roleName !== undefined && s.roleName !== '')
            .map((s) => ({
              roleName: s.roleName,
              recipientId: s.recipientId,
              routingOrder: Number(s.routingOrder ?? '1') || 1,
              textFields: (s.tabs?.textTabs ?? []).map((x) => x.tabLabel ?? '').filter((l) => l !== ''),
            })),
        };
      }),

    workflows: (caller, ctx) =>
      cached(caller, ctx, 'workflows', async () => {
        const { status, body, headers } = await read(ctx, 'identityVerification', '/identity_verification');
        if (status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(WorkflowsSchema, body);
        if (!parsed.success) throw unreadable();
        return (parsed.output.identityVerification ?? []).map((w) => ({ workflowId: w.workflowId, defaultName: w.defaultName ?? '' }));
      }),
  };
}
