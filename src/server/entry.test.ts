/** `npm run server` fails closed: without DocuSign configured it starts no simulator unless asked to. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const bare = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' };

test('a missing (or misspelt) DOCUSIGN_ACCOUNT_SERVER stops the production entry with a message, and starts nothing', { timeout: 60_000 }, () => {
  for (const env of [{}, { DOCUSIGN_ACCOUNT_SEVER: 'https://account-d.docusign.com' }]) {
    const run = spawnSync(TSX, ['src/server/main.ts'], { cwd: ROOT, env: { ...bare, ...env, SIGNBRIDGE_PORT: '0', SIGNBRIDGE_SIM_PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('DOCUSIGN_ACCOUNT_SERVER is not set');
    expect(run.stderr).toContain('SIGNBRIDGE_SIMULATOR=1');
    expect(run.stdout).not.toContain('simulator on');
  }
});
