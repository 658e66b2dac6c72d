/**
 * The full send flow in Chromium: a linked DocuSign login (simulator), the real companion server, a
 * fixture CRM page. Click → dialog prefilled from the page → Send → exactly one envelope in the
 * simulator with the page's recipients and byte-identical documents → "Sent", also after a reload.
 * A failure after DocuSign already created the envelope, then Retry: still exactly one envelope.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Frame, Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { linkAlice, startCompanion, type Companion } from './auth-world.ts';
import { SIM_ACCOUNTS, SIM_PUBLIC_KEY } from '../support/docusign-login.ts';
import { buttonStates, dialogFrame, openDialogFor as openDialogAt, selectedSendFrom } from './content-pages.ts';
import { describeInBrowser, ROOT, test, waitFor, type ExtensionHarness } from './harness.ts';
import { startStaticServer } from './static-server.ts';

const fileBytes = (file: string) => readFileSync(join(ROOT, 'test/pages/files', file));
const sha256 = (file: string) => createHash('sha256').update(fileBytes(file)).digest('hex');

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

/** Forwards everything to `target`; the first `POST /v1/envelopes` reaches it, but its answer is replaced by a 502. */
async function startLossyProxy(target: string) {
  const keys: string[] = [];
  let cut = 0;
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const isSend = req.method === 'POST' && req.url === '/v1/envelopes';
      if (isSend) keys.push(String(req.headers['idempotency-key']));
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host') headers.set(name, value);
      void fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, body: body.length ? Buffer.concat(body) : null, redirect: 'manual' }).then(
        async (answer) => {
          const bytes = Buffer.from(await answer.arrayBuffer());
          if (isSend && cut === 0) {
            // A gateway between the browser and the server lost the answer (a cut connection alone
            // would be retried by Chrome itself, with the same key).
            cut += 1;
            res.writeHead(502, { 'content-type': 'text/plain' });
            res.end('Bad gateway');
            return;
          }
          res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([n]) => n !== 'content-encoding' && n !== 'transfer-encoding')));
          res.end(bytes);
        },
        () => req.socket.destroy(),
      )
        // A stream that never ends (the worker's status events) is cut when the server closes: not an error here.
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    keys: () => [...keys],
    cut: () => cut,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Opens the fixture record, clicks the button in `row` and waits until the dialog holds `file`'s bytes. */
const openDialogFor = (page: Page, harness: ExtensionHarness, url: string, row: (page: Page) => Locator, file: string): Promise<Frame> =>
  openDialogAt(page, harness, url, row, sha256(file));

const envelopesFor = (file: string) => companion.sim.sim.control.envelopes().filter((e) => e.documents.some((d) => d.sha256 === sha256(file)));

describeInBrowser('content script: sending a page’s document for signature', () => {
  test('click → prefilled dialog → Send → one envelope with the page’s recipients and identical bytes → "Sent", then Completed from Connect, after a reload too', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), 'msa.pdf');
    expect(await selectedSendFrom(dialog)).toBe('Adams Consulting (US) — DocuSign simulator on this computer');
    await dialog.getByRole('button', { name: 'Add CC' }).click();
    await dialog.getByLabel('Recipient 2 name').fill('Charles Babbage');
    await dialog.getByLabel('Recipient 2 email').fill('charles@acme.example');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const envelopeId = await expect
      .poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 })
      .toMatch(/^[0-9a-f-]{36}$/)
      .then(() => dialog.getByTestId('envelope-id').textContent());

    const created = envelopesFor('msa.pdf');
    expect(created).toHaveLength(1);
    const envelope = created[0]!;
    expect(envelope.envelopeId).toBe(envelopeId);
    expect(Buffer.from(envelope.documents[0]!.bytes).equals(fileBytes('msa.pdf'))).toBe(true);
    expect(envelope.emailSubject).toBe('Please sign: Master Services Agreement.pdf (Acme Corp — Platform renewal 2026)');
    expect(envelope.recipients.signers.map((s) => [s.name, s.email, s.routingOrder])).toEqual([['Ada Lovelace', 'ada@acme.example', '1']]);
    expect(envelope.recipients.carbonCopies.map((s) => [s.name, s.email, s.routingOrder])).toEqual([['Charles Babbage', 'charles@acme.example', '2']]);

    await expect.poll(async () => (await buttonStates(page))[pages.url('files/msa.pdf')], { timeout: 10_000 }).toBe('sent');

    // The signer signs from DocuSign's e-mail: its Connect message reaches the server, which says completed.
    expect(envelope.eventNotification?.url).toBe(`${companion.origin}/connect/docusign`);
    expect(companion.sim.sim.control.actAsRecipient(envelope.envelopeId, '1', 'sign')).toBe(true);
    await companion.sim.sim.control.settle();
    expect(companion.sim.sim.control.deliveries().filter((d) => d.envelopeId === envelopeId).every((d) => d.state === 'delivered')).toBe(true);

    // "Open in DocuSign": the worker opens the envelope in DocuSign's web app (the simulator's console view) in a new tab.
    const [docusign] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Open in DocuSign' }).click()]);
    await docusign.getByTestId('envelope-id').waitFor({ timeout: 15_000 });
    expect(await docusign.getByTestId('envelope-id').textContent()).toBe(envelopeId);
    expect(await docusign.getByRole('heading').textContent()).toBe(envelope.emailSubject);
    expect(docusign.url().startsWith(`${companion.sim.origin}/na2/Member/StartInSession.aspx?`)).toBe(true);
    await docusign.close();

    // After a reload the button shows where the envelope stands at the server (Connect said completed).
    await page.reload();
    await expect.poll(() => buttonStates(page), { timeout: 10_000 }).toEqual({
      [pages.url('files/msa.pdf')]: 'completed',
      [pages.url('files/order-form.docx')]: 'idle',
      [pages.url('files/pricing.pdf')]: 'idle',
    });
    await page.close();
  });

  test('the server’s answer is lost after it created the envelope; Retry reuses the key: still exactly one envelope', async ({ harness, pages }) => {
    // A proxy in front of the companion server that forwards the first send, lets the server create
    // the envelope, and then loses its answer.
    const proxy = await startLossyProxy(companion.origin);
    try {
      await linkAlice(harness, proxy.origin);
      const page = await harness.context.newPage();
      const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), 'order-form.docx');

      await dialog.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent({ timeout: 500 }), { timeout: 20_000 }).toContain('HTTP 502');
      expect(await dialog.getByTestId('envelope-id').count()).toBe(0);
      expect(envelopesFor('order-form.docx')).toHaveLength(1);
      expect(proxy.cut()).toBe(1);

      await dialog.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
      const created = envelopesFor('order-form.docx');
      expect(created).toHaveLength(1);
      expect(await dialog.getByTestId('envelope-id').textContent()).toBe(created[0]!.envelopeId);
      expect(proxy.keys()).toHaveLength(2);
      expect(new Set(proxy.keys()).size).toBe(1);
      await expect.poll(async () => (await buttonStates(page))[pages.url('files/order-form.docx')], { timeout: 10_000 }).toBe('sent');
      await page.close();
    } finally {
      await proxy.close();
    }
  });

  test('sign now: the signing tab opens, Sign returns signing_complete to the dialog and the button; an expired link is replaced', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('p.note'), 'pricing.pdf');
    await dialog.getByLabel('signs now on this device').check();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    const signer = envelopesFor('pricing.pdf')[0]?.recipients.signers[0];
    expect(signer?.clientUserId).toBeTruthy();

    const [tab] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Sign now: Ada Lovelace' }).click()]);
    await tab.getByRole('button', { name: 'Sign', exact: true }).waitFor({ timeout: 15_000 });
    // The link is single use: opening it again expires it; the worker puts a fresh one in the tab.
    const first = tab.url();
    await tab.reload();
    await waitFor(() => tab.url() !== first && !tab.url().includes('event='), 'a fresh signing link in the same tab', 15_000);
    await tab.getByRole('button', { name: 'Sign', exact: true }).click();
    await waitFor(() => tab.url().includes('event=signing_complete'), 'the return with signing_complete', 15_000);

    await expect.poll(() => dialog.getByTestId(`signing-${signer?.recipientId ?? ''}`).textContent({ timeout: 500 }), { timeout: 15_000 }).toBe('Signed.');
    // The only signer signed: DocuSign's Connect message tells the server, and the button says Completed.
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/pricing.pdf')], { timeout: 10_000 }).toBe('completed');
    // Persisted like "Sent": a reload still shows it.
    await page.reload();
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/pricing.pdf')], { timeout: 10_000 }).toBe('completed');
    await tab.close();
    await page.close();
  });

  test('sign now, Decline: the dialog and the button say "Declined", and a reload still shows it', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), 'order-form.docx');
    await dialog.getByLabel('signs now on this device').check();
    await dialog.getByRole('button', { name: 'Send' }).click();
    const envelopeId = await expect
      .poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 })
      .toMatch(/^[0-9a-f-]{36}$/)
      .then(() => dialog.getByTestId('envelope-id').textContent());
    const signer = envelopesFor('order-form.docx').find((e) => e.envelopeId === envelopeId)?.recipients.signers[0];

    const [tab] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Sign now: Ada Lovelace' }).click()]);
    await tab.getByLabel('Reason for declining').fill('Wrong amount');
    await tab.getByRole('button', { name: 'Decline' }).click();
    await waitFor(() => tab.url().includes('event=decline'), 'the return with decline', 15_000);
    await expect.poll(() => dialog.getByTestId(`signing-${signer?.recipientId ?? ''}`).textContent({ timeout: 500 }), { timeout: 15_000 }).toBe('Declined.');
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/order-form.docx')], { timeout: 10_000 }).toBe('declined');
    await page.reload();
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/order-form.docx')], { timeout: 10_000 }).toBe('declined');
    await tab.close();
    await page.close();
  });

  test('"Sending as" switcher: the envelope goes out from the account chosen in the dialog, remembered for the site', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), 'msa.pdf');
    // One control: the accounts grouped under the person, in words: the account's name and the environment,
    // with no DocuSign site code ("(na2)") where the names already tell the accounts apart, as in the popup.
    expect(await dialog.getByLabel('Send from').locator('optgroup').getAttribute('label')).toBe('Alice Adams (alice@example.com)');
    expect(await selectedSendFrom(dialog)).toBe('Adams Consulting (US) — DocuSign simulator on this computer');
    expect(await dialog.getByLabel('Send from').locator('option').allTextContents()).not.toContainEqual(expect.stringMatching(/\((na|eu)\d\)/));
    await dialog.getByLabel('Send from').selectOption({ label: 'Adams Consulting (EU) — DocuSign simulator on this computer' });
    await expect.poll(async () => (await harness.readState<Record<string, { accountId: string }>>('local', 'auth.siteChoices'))?.[pages.origin]?.accountId, { timeout: 10_000 }).toBe(SIM_ACCOUNTS.aliceEu);
    expect(await selectedSendFrom(dialog)).toBe('Adams Consulting (EU) — DocuSign simulator on this computer');
    expect(await dialog.getByTestId('sending-as').count()).toBe(0);
    const before = envelopesFor('msa.pdf').length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    const id = await dialog.getByTestId('envelope-id').textContent();
    const created = envelopesFor('msa.pdf');
    expect(created).toHaveLength(before + 1);
    expect(created.find((e) => e.envelopeId === id)?.accountId).toBe(SIM_ACCOUNTS.aliceEu);
    await page.close();
  });
  test('a 25 MB document goes from the page to the server as a Blob: no runtime message carries its bytes', async ({ harness }) => {
    await linkAlice(harness, companion.origin);
    // A page of its own with a 25 MB PDF (the most SignBridge sends), written for this test.
    const folder = mkdtempSync(join(tmpdir(), 'signbridge-big-'));
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n'), randomBytes(25 * 1024 * 1024 - 64)]);
    const bigSha = createHash('sha256').update(big).digest('hex');
    writeFileSync(join(folder, 'big.pdf'), big);
    writeFileSync(
      join(folder, 'record.html'),
      '<!doctype html><title>Big deal | Opportunity | CRM</title><h1>Big deal</h1>' +
        '<p><a href="mailto:ada@acme.example">Ada Lovelace</a></p><p><a href="/big.pdf">Big contract.pdf</a></p>',
    );
    const site = await startStaticServer(folder);
    try {
      // Every runtime message the worker receives, by type and JSON size.
      const worker = await harness.serviceWorker();
      await worker.evaluate(() => {
        const seen: [string, number][] = [];
        (self as unknown as { seenMessages: [string, number][] }).seenMessages = seen;
        chrome.runtime.onMessage.addListener((message: { type?: string }) => {
          seen.push([String(message.type), JSON.stringify(message).length]);
        });
      });
      const page = await harness.context.newPage();
      await page.goto(site.url('record.html'));
      await page.getByRole('button', { name: 'Send for signature: Big contract.pdf' }).click();
      const dialog = await dialogFrame(page, harness);
      await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 30_000 }).toBe(bigSha);
      await dialog.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 60_000 }).toMatch(/^[0-9a-f-]{36}$/);
      const envelope = companion.sim.sim.control.envelopes().find((e) => e.documents.some((d) => d.sha256 === bigSha));
      expect(envelope && Buffer.from(envelope.documents[0]!.bytes).equals(big)).toBe(true);
      const seen = await worker.evaluate(() => (self as unknown as { seenMessages: [string, number][] }).seenMessages);
      const send = seen.filter(([type]) => type === 'sendEnvelope');
      expect(send).toHaveLength(1);
      // The send message holds the form and a blob: URL; no message comes near the document's size.
      expect(Math.max(...seen.map(([, size]) => size))).toBeLessThan(16 * 1024);
      // The page button says to whom and when (sentDocuments, read again after the send).
      const name = await page.getByRole('button', { name: /^Big contract\.pdf: sent to Ada Lovelace, / }).getAttribute('aria-label');
      expect(name).toMatch(/^Big contract\.pdf: sent to Ada Lovelace, \S+/);
      await page.screenshot({ path: 'test-results/screenshots/page-button-sent.png' });
      await page.close();
    } finally {
      await site.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('none of these send flows read an envelope’s status from DocuSign (Connect tells the server)', () => {
    expect(companion.sim.sim.control.audit(SIM_PUBLIC_KEY)).toMatchObject({ statusReads: 0, pollingViolations: 0 });
  });
});
