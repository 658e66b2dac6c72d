/**
 * Wires the send feature (documents.ts) to DocuSign linking (auth/): the token and account of the
 * login selected for the page's site, the "Sending as" label, and the companion server's URL. When the
 * selection is the member's organization, the credential is the SignBridge member session instead.
 */
import browser from 'webextension-polyfill';
import { isOrganizationKey } from '../shared/auth.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok } from '../shared/result.ts';
import type { Auth } from './auth/index.ts';
import { serverSettings } from './auth/server.ts';
import { createDocumentHandlers, type DocumentDeps } from './documents.ts';
import { createSigning } from './signing.ts';
import { createStatusFeature } from './status.ts';
import { createTemplateFeature } from './templates.ts';

const NOT_LINKED = 'Link your DocuSign login or sign in with your company in the SignBridge popup, then send again.';

export function documentDepsFor(auth: Auth): DocumentDeps {
  return {
    async getAccessToken(site, loginKey) {
      const status = await auth.logins.status(site);
      const selected = status.selected;
      if (!selected) return err(ErrorCodes.NOT_LINKED, NOT_LINKED);
      const key = loginKey ?? selected.loginKey;
      if (isOrganizationKey(key)) return auth.members.grant(key, key === selected.loginKey ? selected.accountId : undefined);
      const login = status.logins.find((l) => l.key === key);
      if (!login) return err(ErrorCodes.NOT_LINKED, NOT_LINKED);
      const grant = await auth.grantFor(key);
      if (!grant.ok) return grant;
      return ok({ ...grant.value, accountId: key === selected.loginKey ? selected.accountId : login.accountId });
    },
    async sendingAs(site) {
      const status = await auth.logins.status(site);
      return status.selected && status.sendingAs ? { ...status.selected, label: status.sendingAs } : null;
    },
    async credentialRefused(accessToken) {
      if ((await auth.refused(accessToken)) !== undefined) return ErrorCodes.NEEDS_RECONNECT;
      await auth.members.refused(accessToken);
      return null;
    },
    serverUrl: async () => (await serverSettings()).serverUrl,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    extensionOrigin: browser.runtime.getURL('').replace(/\/$/, ''),
  };
}

/** The send feature's message handlers and its `tabs.onUpdated` hook (signing tabs coming back). */
export function createSendFeature(auth: Auth) {
  const deps = documentDepsFor(auth);
  const signing = createSigning(deps);
  const status = createStatusFeature(deps);
  const templates = createTemplateFeature(deps);
  return {
    handlers: { ...createDocumentHandlers(deps), ...signing.handlers, ...status.handlers, ...templates.handlers },
    onTabUpdated: signing.onTabUpdated,
    onConnect: status.onConnect,
  };
}

export type SendFeature = ReturnType<typeof createSendFeature>;
