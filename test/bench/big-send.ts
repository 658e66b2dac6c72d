/**
 * A 25 MB document from a page to the companion server, for `npm run bench:content`: the real server
 * with its simulator, the simulator's Alice linked through the popup, a page with a 25 MB PDF, Send in
 * the dialog. Measured: Send → envelope id, and the service worker's peak heap (`Runtime.getHeapUsage`
 * over CDP, sampled: the JS heap and the array buffers' backing stores) above its level before; the
 * baseline is the same 25 MB fetched by the page itself (time, and the page's peak heap the same way).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page } from 'playwright-core';
import { configFromEnv } from '../../src/server/config.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { startServer } from '../../src/server/serve.ts';
import { waitFor } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';

export const BIG_BYTES = 25 * 1024 * 1024;

export interface BigSend {
  /** Send clicked → the dialog shows the envelope id (ms). */
  sendMs: number;
  /** The page's own `fetch` of the same bytes to an ArrayBuffer (ms). */
  fetchMs: number;
  /** Peak heap above the level before (bytes): the worker during the send, the page during its fetch. */
  workerPeak: number;
  pagePeak: number;
  /** Heap readings taken of the worker during the send. */
  workerSamples: number;
}

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}
const heapOf = (u: HeapUsage) => u.usedSize + (u.backingStorageSize ?? 0);

/** Samples a heap every 20 ms until stopped (and once more then); answers the peak above the first sample. */
function sampler(read: () => Promise<HeapUsage>) {
  let stopped = false;
  let base = NaN;
  let peak = 0;
  let samples = 0;
  const sample = async () => {
    const now = heapOf(await read());
    samples += 1;
    if (Number.isNaN(base)) base = now;
    peak = Math.max(peak, now - base);
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await sample();
    return { peak, samples };
  };
}

/** The service worker's `Runtime.getHeapUsage`, through the browser's CDP endpoint (Playwright offers none for workers). */
async function workerHeap(cdpPort: number, extensionId: string): Promise<{ read: () => Promise<HeapUsage>; close: () => Promise<void> }> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`);
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error('no service worker target for the extension');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let next = 0;
  const pending = new Map<number, (value: HeapUsage) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: HeapUsage };
    if (message.id !== undefined && message.result) pending.get(message.id)?.(message.result);
  });
  const read = () =>
    new Promise<HeapUsage>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    });
  return { read, close: () => browser.close() };
}

async function linkAlice(context: BrowserContext, extensionId: string, serverOrigin: string): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
  await options.getByLabel('Companion server address').fill(serverOrigin);
  await options.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (await options.getByTestId('server-in-use').textContent())?.includes(serverOrigin), 'the server setting');
  await options.close();
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
  const [tab] = await Promise.all([context.waitForEvent('page'), popup.getByRole('button', { name: 'Connect DocuSign' }).click()]);
  await tab.getByLabel('Email').fill('alice@example.com');
  await tab.getByLabel('Password').fill('alice-demo');
  await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
  await waitFor(() => tab.isClosed(), 'the sign-in tab to close', 20_000);
  await waitFor(async () => (await popup.getByTestId('sending-as').textContent())?.includes('Alice Adams'), 'Alice linked');
  await popup.close();
}

async function dialogOf(page: Page, extensionId: string): Promise<Frame> {
  return waitFor(() => page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/src/dialog/`)), 'the dialog frame');
}

const pageHeap = async (cdp: CDPSession) => (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;

export async function bigSend(context: BrowserContext, extensionId: string, cdpPort: number): Promise<BigSend> {
  const env = configFromEnv({}, { version: 'bench', databasePath: ':memory:' });
  const server = await startServer({ config: env.server, host: '127.0.0.1', port: 0, databasePath: ':memory:', log: memoryLogger('warn'), simulatorPort: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'signbridge-bench-big-'));
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n'), randomBytes(BIG_BYTES - 64)]);
  const sha = createHash('sha256').update(big).digest('hex');
  writeFileSync(join(folder, 'big.pdf'), big);
  writeFileSync(join(folder, 'record.html'), '<!doctype html><title>Big deal</title><h1>Big deal</h1>'
    + '<p><a href="mailto:ada@acme.example">Ada Lovelace</a></p><p><a href="/big.pdf">Big contract.pdf</a></p>');
  const site = await startStaticServer(folder);
  const worker = await workerHeap(cdpPort, extensionId);
  try {
    await linkAlice(context, extensionId, server.url);
    const page = await context.newPage();
    await page.goto(site.url('record.html'));
    // Baseline: the page fetches the same bytes itself.
    const cdp = await context.newCDPSession(page);
    const stopPage = sampler(() => pageHeap(cdp));
    // The bytes stay referenced until the last reading: a collected buffer would hide the peak.
    const fetchMs = await page.evaluate(async () => {
      const t0 = performance.now();
      const bytes = await (await fetch('/big.pdf')).arrayBuffer();
      (window as unknown as { held?: ArrayBuffer }).held = bytes;
      return performance.now() - t0;
    });
    const pagePeak = (await stopPage()).peak;
    await page.evaluate(() => delete (window as unknown as { held?: ArrayBuffer }).held);
    await cdp.detach();

    await page.getByRole('button', { name: 'Send for signature: Big contract.pdf' }).click();
    const dialog = await dialogOf(page, extensionId);
    await waitFor(async () => (await dialog.getByTestId('document-sha256').textContent()) === sha, 'the document in the dialog', 60_000);
    const stopWorker = sampler(worker.read);
    const t0 = performance.now();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await waitFor(async () => /^[0-9a-f-]{36}$/.test((await dialog.getByTestId('envelope-id').textContent({ timeout: 500 })) ?? ''), 'the envelope id', 120_000);
    const sendMs = performance.now() - t0;
    const worked = await stopWorker();
    await page.close();
    return { sendMs, fetchMs, workerPeak: worked.peak, pagePeak, workerSamples: worked.samples };
  } finally {
    await worker.close();
    await site.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
