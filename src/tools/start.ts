/**
 * `npm start`: the product on its embedded defaults. Builds the extension when dist/ is missing or older
 * than its sources, starts the DocuSign simulator (when no DocuSign is configured) and the companion
 * server, serves the demo CRM page, and says in plain words what to do next.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from './build.ts';
import { startDemoServer } from './demo/server.ts';
import { startFromEnvironment } from '../server/entry.ts';

const root = resolve(import.meta.dirname, '../..');
const host = '127.0.0.1';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

async function buildIfNeeded(): Promise<string> {
  const built = join(root, 'dist/manifest.json');
  const sources = ['src/background', 'src/content', 'src/popup', 'src/dialog', 'src/options', 'src/shared', 'src/ui', 'public', 'manifest.json', 'vite.config.ts'];
  const newestSource = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return 'up to date';
  console.log('Building the extension into dist/ ...');
  await buildExtension(root);
  return 'built just now';
}

const buildState = await buildIfNeeded();
const running = await startFromEnvironment(process.env, 'npm start', { demoOrg: true });
const demo = await startDemoServer(host, Number(process.env['SIGNBRIDGE_DEMO_PORT'] ?? 8790));
const docusign = running.simulator
  ? `${running.simulator.origin}  (the DocuSign simulator: log in as alice@example.com / alice-demo or bob@example.com / bob-demo)`
  : `${running.config.docusign.accountServer}`;

process.on('exit', () => demo.close());

const identityProvider = running.idp
  ? `
  Identity provider  ${running.idp.issuer}  (demo sign-in for organizations; password "demo" for everyone)
    ${running.idp.members.map((m) => `${m.email.padEnd(26)} ${m.name}`).join('\n    ')}
  Organizations      ${(running.config.org?.tenants ?? []).map((t) => `${t.name} (${t.emailDomains.join(', ')})`).join(', ')}`
  : '';

console.log(`
SignBridge is running.

  Extension       ${join(root, 'dist')}  (${buildState})
  Server          ${running.url}
  DocuSign        ${docusign}
  Demo CRM page   ${demo.url}crm-record.html${identityProvider}

Load the extension once:
  1. Open chrome://extensions in Chrome or Chromium.
  2. Switch on "Developer mode" (top right) and click "Load unpacked".
  3. Choose the folder ${join(root, 'dist')}.

Then open the demo CRM page above: each attachment has a "Send for signature" button.
Press Ctrl+C to stop.
`);
