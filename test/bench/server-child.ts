/**
 * The companion server alone in its own process, for the memory measurement of test/bench/server.ts:
 * nothing else here holds document bytes. Prints `{"url": ...}` once listening; on any line on stdin it
 * prints its resident-set figures (idle baseline before the first request, and the peak since) and exits.
 */
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/server/log.ts';
import { startServer } from '../../src/server/serve.ts';

const accountServer = process.argv[2] ?? '';
const running = await startServer({
  config: {
    publicUrl: 'http://127.0.0.1:0',
    version: 'bench',
    docusign: { accountServer, clientId: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83', scopes: ['signature'], redirectUri: 'http://127.0.0.1:8787/oauth/callback' },
  },
  host: '127.0.0.1',
  port: 0,
  databasePath: ':memory:',
  log: createLogger({ level: 'error' }),
});
globalThis.gc?.();
const baselineRss = process.memoryUsage().rss;
// maxRSS (kilobytes) is the peak over the process's life, start-up included (the TypeScript loader
// peaks higher than the idle server): count it only if the request pushed it higher, and sample the
// resident set every millisecond meanwhile.
const startupMaxRss = process.resourceUsage().maxRSS * 1024;
let sampledPeak = baselineRss;
setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 1).unref();
process.stdout.write(`${JSON.stringify({ url: running.url, baselineRss })}\n`);
createInterface({ input: process.stdin }).once('line', () => {
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const peakRss = Math.max(sampledPeak, maxRss > startupMaxRss ? maxRss : 0);
  process.stdout.write(`${JSON.stringify({ baselineRss, peakRss })}\n`);
  void running.close().then(() => process.exit(0));
});
