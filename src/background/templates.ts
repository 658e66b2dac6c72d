/**
 * "Use a template" in the worker (issue 13): the dialog's `listTemplates` and `templateDetail`, asked of
 * SignBridge's server (`GET /v1/templates`, which reads DocuSign's Templates_GetTemplates and
 * Templates_GetTemplate) with the credential of the login or organization the dialog sends with. Each
 * answer is kept a minute per login, account and server, so opening the step again (or another dialog)
 * does not ask again; a login never reads another login's or account's copy.
 */
import { TemplateDetail, TemplateListResponse } from '../shared/api-templates.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { dialogSessions, dialogTabOf, type AccessGrant, type DocumentDeps } from './documents.ts';
import type { Handlers } from './router.ts';
import { request } from './status-client.ts';

export const TEMPLATE_CACHE_MS = 60_000;
const MAX_ENTRIES = 100;

type TemplateHandlers = Pick<Handlers, 'listTemplates' | 'templateDetail'>;

export function createTemplateFeature(deps: DocumentDeps, ttlMs = TEMPLATE_CACHE_MS) {
  const cache = new Map<string, { until: number; value: unknown }>();

  /** The dialog's own session, and who it sends as: the login asked for, else the one selected for its site. */
  const callerOf = async (sessionId: string, tabId: number | undefined, loginKey: string | undefined): Promise<Result<{ key: string; grant: AccessGrant }>> => {
    const session = (await dialogSessions.get())[sessionId];
    if (!session?.claimed || dialogTabOf(session) !== tabId) {
      return err(ErrorCodes.SESSION_EXPIRED, 'This window has expired. Close it and click the document’s button again.');
    }
    const grant = await deps.getAccessToken(session.page.url, loginKey);
    if (!grant.ok) return grant;
    const login = loginKey ?? (await deps.sendingAs(session.page.url))?.loginKey ?? '';
    return ok({ key: `${login}\n${grant.value.accountId}\n${grant.value.serverUrl}`, grant: grant.value });
  };

  async function cached<T>(key: string, load: () => Promise<Result<T>>): Promise<Result<T>> {
    const now = deps.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return ok(hit.value as T);
    const loaded = await load();
    // Only answers are kept: a refusal (a dead token, the server away) is asked again next time.
    if (loaded.ok) {
      for (const [k, e] of cache) if (e.until <= now || cache.size >= MAX_ENTRIES) cache.delete(k);
      cache.set(key, { until: now + ttlMs, value: loaded.value });
    }
    return loaded;
  }

  const account = (grant: AccessGrant) => `accountId=${encodeURIComponent(grant.accountId)}`;
  /** Our server's 401: the login is marked for Reconnect, a member session forgotten, as after a send. */
  const fetchAs = (grant: AccessGrant): typeof fetch => async (input, init) => {
    const response = await deps.fetch(input, init);
    if (response.status === 401) await deps.credentialRefused?.(grant.accessToken);
    return response;
  };

  const handlers: TemplateHandlers = {
    async listTemplates({ sessionId, loginKey }, sender) {
      const caller = await callerOf(sessionId, sender.tabId, loginKey);
      if (!caller.ok) return caller;
      const { key, grant } = caller.value;
      return cached(`${key}\nlist`, () => request(fetchAs(grant), grant, `/v1/templates?${account(grant)}`, TemplateListResponse));
    },
    async templateDetail({ sessionId, loginKey, templateId }, sender) {
      const caller = await callerOf(sessionId, sender.tabId, loginKey);
      if (!caller.ok) return caller;
      const { key, grant } = caller.value;
      const path = `/v1/templates/${encodeURIComponent(templateId)}?${account(grant)}`;
      return cached(`${key}\n${templateId.toLowerCase()}`, () => request(fetchAs(grant), grant, path, TemplateDetail));
    },
  };
  return { handlers };
}
