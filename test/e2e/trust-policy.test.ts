/**
 * Issue 14, finding 2, as deployments meet it: an administrator sets the companion server by a real
 * managed policy (`/etc/chromium/policies/managed/*.json`, `3rdparty.extensions.<id>.serverUrl`) on a
 * host name that is not loopback (`signbridge.test`, mapped to 127.0.0.1 with --host-resolver-rules,
 * served over TLS by a proxy in front of the companion server). The options page shows the
 * administrator's address; the user connects from the popup and sends through that server.
 *
 * Headless Chromium cannot answer a permission prompt: the test allows the host the way a user can on
 * the extension's details page (chrome://extensions, "Site access"), after which the popup's request on
 * the Connect click resolves without a prompt. The policy file is removed after the test.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually, openPopup, screenshot, signInThrough, startCompanion, startCompanionBeside, type Companion } from './auth-world.ts';
import { buttonTargets, dialogFrame, SEND_BUTTON } from './content-pages.ts';
import { CHROMIUM, createHarness, DIST, launchWithExtension, ROOT, waitFor, type ExtensionHarness } from './harness.ts';
import { IN_CI } from './browser.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

const POLICY_DIR = '/etc/chromium/policies/managed';
const HOST = 'signbridge.test';

/** Chromium's id for an unpacked extension without a `key`: SHA-256 of its absolute path, as letters a–p. */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

function canRun(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return 'openssl (to make the test server a certificate) is missing';
  }
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
  } catch {
    return `${POLICY_DIR} is not writable (run as root)`;
  }
  try {
    accessSync(CHROMIUM);
  } catch {
    return `no Chromium at ${CHROMIUM}`;
  }
  return null;
}

/** A TLS proxy for `https://signbridge.test:<port>` in front of the companion server (plain http on loopback). */
async function startTlsProxy(dir: string) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`,
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  let target = '';
  const seen: string[] = [];
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host') headers.set(name, value);
      void fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, body: body.length ? Buffer.concat(body) : null, redirect: 'manual' }).then(
        async (answer) => {
          res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([n]) => n !== 'content-encoding' && n !== 'transfer-encoding')));
          res.end(Buffer.from(await answer.arrayBuffer()));
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
    origin: `https://${HOST}:${port}`,
    forwardTo: (url: string) => void (target = url),
    seen: () => [...seen],
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const skip = canRun();
if (skip !== null && !IN_CI) console.warn(`\n*** SKIPPED browser test "trust: a policy-set server": ${skip} ***\n`);

(skip !== null && !IN_CI ? describe.skip : describe)('trust: a server set by managed policy on a non-loopback host', () => {
  let dir: string;
  let sim: Companion;
  let companion: Companion & { listenUrl: string };
  let proxy: Awaited<ReturnType<typeof startTlsProxy>>;
  let pages: StaticServer;
  let context: BrowserContext;
  let userDataDir: string;
  let policyFile: string;

  beforeAll(async () => {
    if (skip !== null) throw new Error(`cannot run the policy test: ${skip}`);
    dir = mkdtempSync(join(tmpdir(), 'signbridge-policy-'));
    [sim, proxy, pages] = await Promise.all([startCompanion(), startTlsProxy(dir), startStaticServer(join(ROOT, 'test/pages'))]);
    companion = await startCompanionBeside(sim, proxy.origin);
    proxy.forwardTo(companion.listenUrl);
    policyFile = join(POLICY_DIR, `signbridge-test-${process.pid}.json`);
    const writePolicy = (id: string) =>
      writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: { serverUrl: proxy.origin } } } }));
    // A copy of dist/ of its own: an unpacked extension's id comes from its path, so the policy file
    // (read by every Chromium on this machine) names only this copy, never the other tests' dist/.
    const extension = join(dir, 'extension');
    cpSync(DIST, extension, { recursive: true });
    // Chromium reads policy files at start: written before launching, for the id the path gives.
    writePolicy(unpackedExtensionId(extension));
    ({ context, userDataDir } = await launchWithExtension(undefined, [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, '--ignore-certificate-errors'], extension));
    const harness = await createHarness(context);
    if (harness.extensionId !== unpackedExtensionId(extension)) {
      // Another id (a key in the manifest, a path Chromium resolved differently): write it and have Chromium re-read its policies.
      writePolicy(harness.extensionId);
      const policyPage = await context.newPage();
      await policyPage.goto('chrome://policy');
      await policyPage.getByRole('button', { name: /reload policies/i }).click();
      await policyPage.close();
    }
    const worker = await harness.serviceWorker();
    await waitFor(async () => (await worker.evaluate(() => chrome.storage.managed.get('serverUrl')))['serverUrl'] === proxy.origin, 'the policy to reach the extension', 15_000);
  });

  afterAll(async () => {
    rmSync(policyFile, { force: true });
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await Promise.all([companion?.close(), proxy?.close(), pages?.close()]);
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const harnessOf = () => createHarness(context);

  async function allowHostLikeAUser(harness: ExtensionHarness): Promise<void> {
    const page = await context.newPage();
    await page.goto(`chrome://extensions/?id=${harness.extensionId}`);
    await page.evaluate(
      ([id, pattern]) => (chrome as unknown as { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } }).developerPrivate.addHostPermission(id, pattern),
      [harness.extensionId, `https://${HOST}/*`] as const,
    );
    await page.close();
  }

  test('the options page shows the administrator’s address; a user connects from the popup and sends through that server', async () => {
    const harness = await harnessOf();
    const options = await harness.openExtensionPage('src/options/index.html');
    const field = options.getByLabel('Companion server address');
    await eventually(() => field.inputValue()).toBe(proxy.origin);
    expect(await field.isDisabled()).toBe(true);
    expect(await options.getByTestId('server-in-use').textContent()).toBe(`In use: ${proxy.origin}. Set by your administrator.`);
    await screenshot(options, 'options-policy-server');
    await options.close();

    await allowHostLikeAUser(harness);
    const popup = await openPopup(harness);
    await signInThrough(harness, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click(), 'alice@example.com', 'alice-demo');
    await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Sending as Alice Adams');
    await screenshot(popup, 'popup-policy-server-connected');
    expect(proxy.seen()).toEqual(expect.arrayContaining(['GET /v1/config']));

    const page = await context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    await page.locator('tr.attachment-row').first().getByRole('button', { name: SEND_BUTTON }).click();
    const dialog = await dialogFrame(page, harness);
    await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toMatch(/^[0-9a-f]{64}$/);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    expect(proxy.seen()).toContain('POST /v1/envelopes');
    expect(sim.sim.sim.control.envelopes()).toHaveLength(1);
    await page.close();
    await popup.close();
  });
});
