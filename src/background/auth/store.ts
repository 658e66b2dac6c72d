/**
 * The storage items of linked logins, declared once with area, schema and default (see ../storage.ts).
 *
 * - `local` (durable): logins (profile and accounts, no secrets), the selection, refresh tokens sealed
 *   by the vault, and the server URL from the options page.
 * - `session` (memory only, trusted contexts only: never opened to content scripts): access tokens,
 *   the in-flight PKCE flow (verifier + state), answered states, and the last notice for the popup.
 * Nothing goes to `sync`.
 */
import * as v from 'valibot';
import { defineItem } from '../storage.ts';
import { withLabels, type LoginView, type ServerSettings } from '../../shared/auth.ts';
import { bindingProblem } from './settings.ts';
import type { AccessToken, LoginRef, TokenStore, WithLock } from './tokens.ts';
import type { Vault } from './vault.ts';

const AccountSchema = v.object({
  accountId: v.string(),
  name: v.string(),
  site: v.string(),
  baseUri: v.string(),
  isDefault: v.boolean(),
});

const LoginSchema = v.object({
  key: v.string(),
  accountServer: v.string(),
  /** The companion server the login was linked through: its tokens go to this server only. */
  server: v.string(),
  /** The integration key the tokens were issued to: refresh must use the same one. */
  clientId: v.string(),
  sub: v.string(),
  name: v.string(),
  email: v.string(),
  status: v.picklist(['connected', 'needs_reconnect']),
  accounts: v.array(AccountSchema),
  accountId: v.string(),
  linkedAt: v.number(),
  accountsReadAt: v.number(),
});

export type StoredLogin = v.InferOutput<typeof LoginSchema>;

export const logins = defineItem('local', 'auth.logins', v.record(v.string(), LoginSchema), {});
export const selectedLogin = defineItem('local', 'auth.selectedLogin', v.nullable(v.string()), null);
export const sealedRefreshTokens = defineItem(
  'local',
  'auth.refreshTokens',
  v.record(v.string(), v.object({ iv: v.string(), data: v.string() })),
  {},
);
/** Per-site choice of login and account, keyed by the page's origin. */
export const siteChoices = defineItem(
  'local',
  'auth.siteChoices',
  v.record(v.string(), v.object({ loginKey: v.string(), accountId: v.string() })),
  {},
);
export const serverUrlOption = defineItem('local', 'settings.serverUrl', v.nullable(v.string()), null);

export const accessTokens = defineItem(
  'session',
  'auth.accessTokens',
  v.record(v.string(), v.object({ token: v.string(), expiresAt: v.number() })),
  {},
);

const FlowSchema = v.object({
  state: v.string(),
  verifier: v.string(),
  createdAt: v.number(),
  expiresAt: v.number(),
  tabId: v.nullable(v.number()),
  mode: v.picklist(['connect', 'add', 'reconnect']),
  loginKey: v.nullable(v.string()),
  server: v.string(),
  accountServer: v.string(),
  clientId: v.string(),
  redirectUri: v.string(),
  scopes: v.array(v.string()),
});
export const pendingFlow = defineItem('session', 'auth.pendingFlow', v.nullable(FlowSchema), null);
export const UsedStatesSchema = v.array(
  v.object({ state: v.string(), redirectUri: v.string(), at: v.number(), tabId: v.nullable(v.number()) }),
);
export const usedStates = defineItem('session', 'auth.usedStates', UsedStatesSchema, []);
export const NoticeSchema = v.nullable(
  v.object({
    kind: v.picklist(['success', 'info', 'error']),
    code: v.string(),
    message: v.string(),
    at: v.number(),
    loginKey: v.optional(v.string()),
  }),
);
export const notice = defineItem('session', 'auth.notice', NoticeSchema, null);

/** Every read-modify-write of the auth records goes through this lock, so concurrent updates never lose one. */
export const STORE_LOCK = 'signbridge-auth-store';

/** What pages see of a login; one linked through another server than the one in use needs reconnecting. */
export function toView(login: StoredLogin, settings: ServerSettings): LoginView {
  const { key, accountServer, name, email, status, accounts, accountId, accountsReadAt } = login;
  const view = { key, accountServer, name, email, status, accounts: withLabels(accounts), accountId, accountsReadAt };
  const problem = bindingProblem(login.server, settings);
  return problem === null ? view : { ...view, status: 'needs_reconnect', problem };
}

export function createBrowserTokenStore(vault: Vault, withLock: WithLock): TokenStore {
  const update = <T,>(item: { get(): Promise<T>; set(value: T): Promise<void> }, change: (value: T) => T) =>
    withLock(STORE_LOCK, async () => item.set(change(await item.get())));
  return {
    async readLogin(loginKey): Promise<LoginRef | undefined> {
      return (await logins.get())[loginKey];
    },
    async readAccess(loginKey): Promise<AccessToken | undefined> {
      return (await accessTokens.get())[loginKey];
    },
    async loginOfAccessToken(accessToken) {
      return Object.entries(await accessTokens.get()).find(([, access]) => access.token === accessToken)?.[0];
    },
    writeAccess: (loginKey, token) => update(accessTokens, (all) => ({ ...all, [loginKey]: token })),
    async readRefresh(loginKey) {
      const box = (await sealedRefreshTokens.get())[loginKey];
      return box ? vault.open(box, loginKey) : undefined;
    },
    async writeRefresh(loginKey, refreshToken) {
      const box = await vault.seal(refreshToken, loginKey);
      await update(sealedRefreshTokens, (all) => ({ ...all, [loginKey]: box }));
    },
    async markNeedsReconnect(loginKey) {
      await withLock(STORE_LOCK, async () => {
        const all = await logins.get();
        const login = all[loginKey];
        if (login) await logins.set({ ...all, [loginKey]: { ...login, status: 'needs_reconnect' } });
        const { [loginKey]: _sealed, ...sealed } = await sealedRefreshTokens.get();
        await sealedRefreshTokens.set(sealed);
        const { [loginKey]: _access, ...access } = await accessTokens.get();
        await accessTokens.set(access);
      });
    },
  };
}
