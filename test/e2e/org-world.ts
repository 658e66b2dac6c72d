/**
 * What the organization browser tests share: the companion server with its DocuSign simulator and the
 * in-process demo identity provider (oidc-provider) on free ports, the popup pointed at it, the
 * identity provider's login page filled as a member would, and the send dialog opened on a page.
 */
import type { Page } from 'playwright-core';
import type { SimServer } from '../../src/sim/index.ts';
import { eventually, openPopup, resetExtension, useServer } from './auth-world.ts';
import { waitFor, type ExtensionHarness } from './harness.ts';

export interface OrgWorld {
  origin: string;
  sim: SimServer;
  idp: { issuer: string };
  tenants: Record<'adams' | 'northwind', { accountId: string; systemUserId: string }>;
  /** Everything the server logged so far, to search for secrets. */
  logText(): string;
  /** Withdraws the tenant's system-user consent in the simulator; the returned function grants it back. */
  withdrawConsent(tenant: 'adams' | 'northwind'): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export { startOrgWorld } from './org-server-world.ts';

/** A fresh extension (no login, no member), pointed at the world's server, with its popup open. */
export async function freshMemberPopup(harness: ExtensionHarness, world: OrgWorld): Promise<Page> {
  await resetExtension(harness);
  await harness.context.clearCookies();
  await useServer(harness, world.origin);
  return openPopup(harness);
}

/**
 * Fill the identity provider's login page as `email` (demo password) and return the callback URL the
 * tab reached (the worker closes the tab once it has read it).
 */
export async function fillIdpLogin(tab: Page, email: string, world: OrgWorld): Promise<string> {
  const callback = `${world.origin}/oidc/callback?`;
  const reached = tab.context().waitForEvent('request', { predicate: (r) => r.url().startsWith(callback), timeout: 20_000 });
  await fillLoginForm(tab, email);
  const url = await reached.then(
    (r) => r.url(),
    async (error: unknown) => {
      const where = tab.isClosed() ? 'a closed tab' : `${tab.url()}: ${(await tab.locator('body').textContent().catch(() => '')) ?? ''}`;
      throw new Error(`the sign-in never reached ${callback} (${where})`, { cause: error });
    },
  );
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 20_000);
  return url;
}

async function fillLoginForm(tab: Page, email: string): Promise<void> {
  await tab.getByLabel('E-mail').fill(email);
  await tab.getByLabel('Password').fill('demo');
  await tab.getByRole('button', { name: 'Sign in' }).click({ noWaitAfter: true });
}

/** Click "Sign in with <company>" and sign in as `email`; `whileOpen` runs while the tab is open. */
export async function memberSignIn(
  harness: ExtensionHarness,
  popup: Page,
  company: string,
  email: string,
  world: OrgWorld,
  whileOpen?: () => Promise<void>,
): Promise<Page> {
  const button = popup.getByRole('button', { name: `Sign in with ${company}` });
  await button.waitFor({ timeout: 15_000 });
  const [tab] = await Promise.all([harness.context.waitForEvent('page', { timeout: 15_000 }), button.click()]);
  await waitFor(() => tab.url().startsWith(world.idp.issuer), 'the identity provider in the sign-in tab');
  await whileOpen?.();
  await fillIdpLogin(tab, email, world);
  return tab;
}

export { openDialogFor as openOrgDialog } from './content-pages.ts';
export { eventually };
