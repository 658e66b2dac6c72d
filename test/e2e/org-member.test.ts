/**
 * Sending for an organization, end to end in Chromium: the real companion server with its DocuSign
 * simulator and the in-process demo identity provider (oidc-provider). A member with no DocuSign login
 * signs in from the popup, sends a page's document as Adams Consulting and signs it now; a member of
 * Northwind Traders sends from their own tenant; a domain of no tenant is refused; an ended session asks
 * to sign in again; a refusal an administrator must fix is shown once, not retried. Throughout, the
 * session token is searched for in everything a page, a log, a URL or a content script can see.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { contentScriptStorage, eventually, recordExposure, screenshot } from './auth-world.ts';
import { buttonStates, inDialogView, selectedSendFrom } from './content-pages.ts';
import { describeInBrowser, ROOT, test, waitFor } from './harness.ts';
import { freshMemberPopup, memberSignIn, openOrgDialog, startOrgWorld, type OrgWorld } from './org-world.ts';

const fileBytes = (file: string) => readFileSync(join(ROOT, 'test/pages/files', file));
const sha256 = (file: string) => createHash('sha256').update(fileBytes(file)).digest('hex');

let world: OrgWorld;
beforeAll(async () => {
  world = await startOrgWorld();
});
afterAll(async () => {
  await world.close();
});

const envelopesFor = (file: string) => world.sim.sim.control.envelopes().filter((e) => e.documents.some((d) => d.sha256 === sha256(file)));
const field = (envelope: { customFields: { textCustomFields: { name: string; value: string }[] } }, name: string) =>
  envelope.customFields.textCustomFields.find((f) => f.name === name)?.value;
const envelopeId = async (dialog: Frame) => {
  await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
  return (await dialog.getByTestId('envelope-id').textContent()) ?? '';
};
const memberLine = (popup: Page) => popup.getByTestId('member').textContent();

describeInBrowser('organization members: sign in with the company, send as the organization', () => {
  test('a member without a DocuSign login signs in, sends as Adams Consulting and signs now; no session token in sight', async ({ harness, pages }) => {
    const exposure = recordExposure(harness.context);
    const popup = await freshMemberPopup(harness, world);
    await eventually(() => popup.getByRole('button', { name: 'Sign in with Adams Consulting' }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: 'Connect DocuSign' }).count()).toBe(1);
    await screenshot(popup, 'popup-org-sign-in-offered');

    const tab = await memberSignIn(harness, popup, 'Adams Consulting', 'dana@adams.example', world, async () => {
      await eventually(() => popup.getByText('Finish signing in with Adams Consulting').count()).toBe(1);
      await screenshot(popup, 'popup-org-waiting');
    });
    expect(tab.isClosed()).toBe(true);
    await eventually(() => memberLine(popup)).toBe('Dana Diaz · Adams Consulting');
    await eventually(() => popup.getByTestId('sending-as').textContent()).toBe('Sending as Dana Diaz · Adams Consulting · organization');
    expect(await popup.getByRole('status').first().textContent()).toContain('Signed in as Dana Diaz (dana@adams.example) · Adams Consulting.');
    // The organization is how Dana sends: linking a login of her own is offered below it as an extra, not
    // as the first step above "Sending as".
    expect(await popup.getByText('Link your DocuSign login to send', { exact: false }).count()).toBe(0);
    const own = popup.getByRole('region', { name: 'Your own DocuSign login' });
    expect(await own.textContent()).toContain('Have a DocuSign login of your own?');
    expect(await own.getByRole('button', { name: 'Connect DocuSign' }).getAttribute('class')).toBe('secondary');
    expect(await popup.evaluate(() => {
      const org = document.querySelector('[data-testid="organization"]');
      const offer = document.querySelector('.own-login');
      return org !== null && offer !== null && (org.compareDocumentPosition(offer) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    })).toBe(true);
    await screenshot(popup, 'popup-org-signed-in');

    // Where things are: the session in storage.session only; the membership (no secret) in local.
    const session = await harness.readState<{ token: string; expiresAt: number }>('session', 'member.session');
    expect(session.token).toMatch(/^sbs_/);
    const membership = await harness.readState<Record<string, unknown>>('local', 'member.organization');
    expect(membership).toMatchObject({ tenant: { id: 'adams', name: 'Adams Consulting' }, member: { email: 'dana@adams.example' } });
    expect(JSON.stringify(membership)).not.toContain('sbs_');

    // Send a page's document as the organization; the signer signs now on this device.
    const page = await harness.context.newPage();
    const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), sha256('msa.pdf'));
    expect(await selectedSendFrom(dialog)).toBe('Send from Dana Diaz: Adams Consulting · organization');
    await dialog.getByLabel('signs now on this device').check();
    await screenshot(page, 'dialog-org-sending-as');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    await screenshot(page, 'dialog-org-sent');

    const created = envelopesFor('msa.pdf');
    expect(created).toHaveLength(1);
    const envelope = created[0]!;
    expect(envelope.envelopeId).toBe(id);
    expect(envelope.accountId).toBe(world.tenants.adams.accountId);
    expect(envelope.createdBy.sub).toBe(world.tenants.adams.systemUserId);
    expect(field(envelope, 'signbridge_member_email')).toBe('dana@adams.example');
    expect(field(envelope, 'signbridge_member_sub')).toBeTruthy();
    expect(Buffer.from(envelope.documents[0]!.bytes).equals(fileBytes('msa.pdf'))).toBe(true);

    const signer = envelope.recipients.signers[0];
    const [signing] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Sign now: Ada Lovelace' }).click()]);
    await signing.getByRole('button', { name: 'Sign', exact: true }).click({ timeout: 15_000 });
    await waitFor(() => signing.url().includes('event=signing_complete'), 'the return with signing_complete', 15_000);
    await expect.poll(() => dialog.getByTestId(`signing-${signer?.recipientId ?? ''}`).textContent({ timeout: 500 }), { timeout: 15_000 }).toBe('Signed.');
    // The only signer signed: Connect reports the envelope completed, which the button follows (after "signed").
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/msa.pdf')], { timeout: 10_000 }).toBe('completed');
    expect(world.sim.sim.control.envelopes().find((e) => e.envelopeId === id)?.status).toBe('completed');
    await screenshot(page, 'dialog-org-signed');
    await signing.close();

    // No session token (nor the IdP's code, beyond its own redirect) in a page, a log line, a URL or storage a content script reads.
    await exposure.snapshot();
    const token = session.token;
    const reach = await contentScriptStorage(page);
    expect(reach.local).toContain('member.organization');
    expect(reach.local.includes(token), 'storage a content script reads').toBe(false);
    expect(reach.session).toBe('refused: Access to storage is not allowed from this context.');
    expect(exposure.seen.console.some((line) => line.includes(token)), 'a console line').toBe(false);
    expect(exposure.seen.html.some((html) => html.includes(token)), 'a page').toBe(false);
    expect(exposure.seen.urls.some((url) => url.includes(token)), 'a URL').toBe(false);
    expect(exposure.seen.urls.some((url) => url.includes('sbs_')), 'a URL with any session token').toBe(false);
    expect(JSON.stringify(await harness.readState('sync'))).toBe('{}');
    expect(world.logText().includes(token), "the server's log").toBe(false);
    expect(exposure.seen.html.length).toBeGreaterThan(3);
    await page.close();

    // Sign out ends the session on the server too: the token no longer works there.
    await popup.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => popup.getByRole('button', { name: 'Sign in with Adams Consulting' }).count()).toBe(1);
    expect(await popup.getByRole('status').first().textContent()).toContain('Signed out Dana Diaz from Adams Consulting.');
    expect(await harness.readState('session', 'member.session')).toBeNull();
    const after = await fetch(`${world.origin}/v1/sessions/current`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    await screenshot(popup, 'popup-org-signed-out');
  });

  test('consent withdrawn for Northwind Traders (before any of its sends): the dialog says to ask an administrator, and nothing retries', async ({ harness, pages }) => {
    // Withdrawn before the member signs in: the server asks DocuSign for the system user's token at sign-in.
    const restore = await world.withdrawConsent('northwind');
    try {
      const popup = await freshMemberPopup(harness, world);
      await memberSignIn(harness, popup, 'Northwind Traders', 'erin@northwind.example', world);
      await eventually(() => memberLine(popup)).toBe('Erin Evans · Northwind Traders');
      const tokenCalls = () => world.sim.sim.control.calls().filter((c) => c.method === 'POST' && c.path === '/oauth/token').length;
      const page = await harness.context.newPage();
      const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), sha256('order-form.docx'));
      const before = tokenCalls();
      await dialog.getByRole('button', { name: 'Send' }).click();
      const alert = dialog.getByRole('alert');
      await expect.poll(() => alert.getAttribute('data-code', { timeout: 500 }), { timeout: 20_000 }).toBe('docusign_consent_required');
      expect(await alert.textContent()).toMatch(/administrator/i);
      await screenshot(page, 'dialog-org-consent-required');
      // The server asked DocuSign's token endpoint once; after another round trip through the worker, still once.
      expect(tokenCalls() - before).toBe(1);
      await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'authStatus', payload: {} }));
      expect(tokenCalls() - before).toBe(1);
      expect(envelopesFor('order-form.docx')).toHaveLength(0);
      await page.close();
    } finally {
      await restore();
    }
  });

  test('a member of Northwind Traders sends from their own tenant', async ({ harness, pages }) => {
    const popup = await freshMemberPopup(harness, world);
    await memberSignIn(harness, popup, 'Northwind Traders', 'erin@northwind.example', world);
    await eventually(() => memberLine(popup)).toBe('Erin Evans · Northwind Traders');
    const page = await harness.context.newPage();
    const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), sha256('order-form.docx'));
    expect(await selectedSendFrom(dialog)).toBe('Send from Erin Evans: Northwind Traders · organization');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    const envelope = world.sim.sim.control.envelopes().find((e) => e.envelopeId === id);
    expect(envelope?.accountId).toBe(world.tenants.northwind.accountId);
    expect(envelope?.createdBy.sub).toBe(world.tenants.northwind.systemUserId);
    expect(envelope && field(envelope, 'signbridge_member_email')).toBe('erin@northwind.example');
    await page.close();
  });

  test('with a DocuSign login of their own too, "Send from" lists the organization beside it, and choosing it sends as the organization', async ({ harness, pages }) => {
    const popup = await freshMemberPopup(harness, world);
    const [tab] = await Promise.all([harness.context.waitForEvent('page'), popup.getByRole('button', { name: 'Connect DocuSign' }).click()]);
    await tab.getByLabel('Email').fill('alice@example.com');
    await tab.getByLabel('Password').fill('alice-demo');
    await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
    await waitFor(() => tab.isClosed(), 'the extension to close the DocuSign sign-in tab', 15_000);
    await memberSignIn(harness, popup, 'Adams Consulting', 'dana@adams.example', world);
    await eventually(() => memberLine(popup)).toBe('Dana Diaz · Adams Consulting');
    // Their own login stays what sends until they choose otherwise.
    expect(await popup.getByTestId('sending-as').textContent()).toBe('Sending as Alice Adams · Adams Consulting (US) · DocuSign simulator on this computer');
    await screenshot(popup, 'popup-org-beside-own-login');

    const page = await harness.context.newPage();
    const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('p.note'), sha256('pricing.pdf'));
    const groups = await dialog.getByLabel('Send from').locator('optgroup').evaluateAll((list) =>
      list.map((g) => [g.getAttribute('label'), [...g.querySelectorAll('option')].map((o) => o.textContent)]),
    );
    expect(groups).toEqual([
      ['Alice Adams (alice@example.com)', ['Adams Consulting (US) — DocuSign simulator on this computer', 'Adams Consulting (EU) — DocuSign simulator on this computer']],
      ['Dana Diaz for Adams Consulting (organization)', ['Adams Consulting · organization']],
    ]);
    const orgOption = groups[1]?.[1]?.[0] ?? '';
    await dialog.getByLabel('Send from').selectOption({ label: String(orgOption) });
    await expect.poll(async () => (await harness.readState<Record<string, { loginKey: string }>>('local', 'auth.siteChoices'))?.[pages.origin]?.loginKey, { timeout: 10_000 }).toMatch(/^organization:/);
    expect(await selectedSendFrom(dialog)).toBe(orgOption);
    await screenshot(page, 'dialog-org-send-from');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    const envelope = world.sim.sim.control.envelopes().find((e) => e.envelopeId === id);
    expect(envelope?.createdBy.sub).toBe(world.tenants.adams.systemUserId);
    expect(envelope && field(envelope, 'signbridge_member_email')).toBe('dana@adams.example');
    await page.close();
  });

  test('someone whose domain belongs to no organization is refused with a clear message', async ({ harness }) => {
    const popup = await freshMemberPopup(harness, world);
    await memberSignIn(harness, popup, 'Adams Consulting', 'olga@outsider.example', world);
    await eventually(() => popup.getByRole('alert').first().textContent()).toContain(
      'outsider.example does not belong to an organization that uses SignBridge here.',
    );
    expect(await popup.getByRole('alert').first().getAttribute('data-code')).toBe('no_tenant_for_domain');
    expect(await harness.readState('local', 'member.organization')).toBeFalsy();
    expect(await harness.readState('session', 'member.session')).toBeFalsy();
    await screenshot(popup, 'popup-org-no-tenant');
  });

  test('an ended session says "Sign in again" in the menu and the dialog; signing in again from the dialog sends once', async ({ harness, pages }) => {
    const popup = await freshMemberPopup(harness, world);
    await memberSignIn(harness, popup, 'Adams Consulting', 'dana@adams.example', world);
    await eventually(() => memberLine(popup)).toBe('Dana Diaz · Adams Consulting');
    // The hour passes in the browser: move the session's end into the past.
    const worker = await harness.serviceWorker();
    await worker.evaluate(async () => {
      const stored: Record<string, { expiresAt: number } | undefined> = await chrome.storage.session.get('member.session');
      const current = stored['member.session'];
      if (current) await chrome.storage.session.set({ 'member.session': { ...current, expiresAt: Date.now() - 1 } });
    });
    await eventually(() => popup.getByRole('button', { name: 'Sign in again' }).count()).toBe(1);
    expect(await popup.getByRole('alert').first().textContent()).toContain('Your Adams Consulting session has ended.');
    // Nothing on the menu says otherwise: "Signed in as Dana" is gone, and "Sending as" says what it waits for.
    expect(await popup.getByText('Signed in as Dana Diaz', { exact: false }).count()).toBe(0);
    expect(await popup.locator('.sending-as').textContent()).toContain('Sign in with Adams Consulting again before sending.');
    await screenshot(popup, 'popup-org-expired');

    // The dialog knows before any Send: Send is off, and "Sign in again" is right there.
    const sendsBefore = world.sim.sim.control.envelopes().length;
    const page = await harness.context.newPage();
    const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('p.note'), sha256('pricing.pdf'));
    const again = dialog.getByRole('button', { name: 'Sign in again' });
    await eventually(() => again.count()).toBe(1);
    expect(await dialog.getByTestId('connection').textContent()).toContain('Your Adams Consulting session has ended. Sign in again to send as the organization.');
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await screenshot(page, 'dialog-org-session-ended');

    // The IdP's own session is still live: signing in again needs no password, and the tab closes itself.
    const [tab] = await Promise.all([harness.context.waitForEvent('page'), again.click()]);
    await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 20_000);
    await eventually(() => again.count()).toBe(0);
    await eventually(() => dialog.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    // The menu says the same.
    await eventually(() => popup.getByRole('button', { name: 'Sign in again' }).count()).toBe(0);
    await eventually(() => memberLine(popup)).toBe('Dana Diaz · Adams Consulting');
    expect(await popup.getByText('again before sending', { exact: false }).count()).toBe(0);
    expect(world.sim.sim.control.envelopes()).toHaveLength(sendsBefore);
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    expect(world.sim.sim.control.envelopes()).toHaveLength(sendsBefore + 1);
    expect(world.sim.sim.control.envelopes().at(-1)?.envelopeId).toBe(id);
    await page.close();
  });

  test('a session the server ended refuses the send: "Sign in again" stands beside Retry, and Retry then sends once', async ({ harness, pages }) => {
    const popup = await freshMemberPopup(harness, world);
    await memberSignIn(harness, popup, 'Adams Consulting', 'dana@adams.example', world);
    await eventually(() => memberLine(popup)).toBe('Dana Diaz · Adams Consulting');
    const page = await harness.context.newPage();
    const dialog = await openOrgDialog(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), sha256('order-form.docx'));
    // The server ends the session (revoked there, say) while the browser still holds it.
    const { token } = await harness.readState<{ token: string }>('session', 'member.session');
    const ended = await fetch(`${world.origin}/v1/sessions/current`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(ended.ok).toBe(true);
    const sendsBefore = world.sim.sim.control.envelopes().length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    const again = dialog.getByRole('button', { name: 'Sign in again' });
    await eventually(() => again.count()).toBe(1);
    expect(await dialog.getByRole('alert').allTextContents()).toEqual(['Your Adams Consulting session has ended. Sign in again to send as the organization.']);
    expect(await inDialogView(again)).toBe(true);
    await eventually(() => dialog.getByRole('button', { name: 'Retry' }).isDisabled()).toBe(true);
    await screenshot(page, 'dialog-org-session-refused');
    expect(await checkFrameInBothSchemes(page, dialog, 'dialog-org-session-refused')).toEqual({ light: [], dark: [] });
    expect(world.sim.sim.control.envelopes()).toHaveLength(sendsBefore);

    const [tab] = await Promise.all([harness.context.waitForEvent('page'), again.click()]);
    await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 20_000);
    await eventually(() => dialog.getByText('Signed in again. Retry sends the envelope.').count()).toBe(1);
    expect(await again.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    const id = await envelopeId(dialog);
    expect(world.sim.sim.control.envelopes()).toHaveLength(sendsBefore + 1);
    expect(world.sim.sim.control.envelopes().at(-1)?.envelopeId).toBe(id);
    await page.close();
  });

});
