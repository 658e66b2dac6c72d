import { showDocumentCount } from './badge.ts';
import { createSendFeature } from './documents-wiring.ts';
import type { Handlers } from './router.ts';
import type { Auth } from './auth/index.ts';
import { probeServer } from './auth/server-probe.ts';
import { serverSettings } from './auth/server.ts';
import { checkServerUrl } from './auth/settings.ts';
import { serverUrlOption } from './auth/store.ts';
import { createSiteHandlers } from './sites.ts';
import { createOpenerHandlers } from './opener.ts';
import { checkConnection } from './connection-check.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok } from '../shared/result.ts';

export interface WorkerInstance {
  bootId: string;
  bootedAt: number;
}

export function createHandlers(instance: WorkerInstance, auth: Auth, documents = createSendFeature(auth).handlers): Handlers {
  return {
    ...documents,
    ...createSiteHandlers(),
    ...createOpenerHandlers(),
    ping: ({ nonce }) => ok({ ...instance, nonce }),
    // The toolbar button shows how many documents SignBridge found on the tab's page.
    pageSeen: async ({ documents }, sender) => {
      if (sender.tabId !== undefined) await showDocumentCount(sender.tabId, documents);
      return ok({ recorded: true as const });
    },
    authStatus: async ({ site }) => ok(await auth.logins.status(site)),
    authConnect: ({ mode, loginKey }) => auth.flow.startLink(mode, loginKey ?? null),
    authSelect: ({ loginKey, accountId, site }) => auth.logins.select(loginKey, accountId, site),
    authForgetSiteChoice: async ({ site }) => ok(await auth.logins.forgetSite(site)),
    authRefreshAccounts: ({ loginKey }) => auth.logins.refreshAccounts(loginKey),
    authDisconnect: ({ loginKey, signOutOfDocuSign }) => auth.logins.disconnect(loginKey, signOutOfDocuSign),
    authDismissNotice: async () => ok(await auth.logins.dismissNotice()),
    authCheckToken: async ({ loginKey }) => {
      const token = await auth.getAccessToken(loginKey);
      return token.ok ? ok({ loginKey, expiresAt: token.value.expiresAt }) : token;
    },
    memberProviders: () => auth.members.providers(),
    memberSignIn: ({ identityProviderId }) => auth.members.signIn(identityProviderId),
    memberSignOut: () => auth.members.signOut(),
    memberDismissNotice: async () => {
      await auth.members.dismissNotice();
      return ok(await auth.logins.status());
    },
    connectionCheck: () => checkConnection(auth, (input, init) => fetch(input, init)),
    settingsGet: async () => ok(await serverSettings()),
    settingsSave: async ({ serverUrl }) => {
      if (serverUrl === null || serverUrl.trim() === '') {
        await serverUrlOption.set(null);
        return ok(await serverSettings());
      }
      const checked = checkServerUrl(serverUrl);
      if (!checked.ok) return err(ErrorCodes.INVALID_SETTING, checked.message);
      // Only an address where a SignBridge server answers is saved (server-probe.ts).
      const reachable = await probeServer(checked.url, (input, init) => fetch(input, init));
      if (!reachable.ok) return reachable;
      await serverUrlOption.set(checked.url);
      return ok(await serverSettings());
    },
  };
}
