/** `npm run sim` (src/sim/main.ts) starts, prints its URLs and logins, and serves. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('main.ts listens on the port from --port (0: ephemeral) and prints URLs and logins', async () => {
  const root = join(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/sim/main.ts'), '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1] && out.includes('carol@example.com')) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`sim exited with ${String(code)}: ${out}`)));
    });
    expect(out).toContain('alice@example.com      alice-demo');
    expect(out).toContain(`base_uri ${origin}/eu1`);
    const res = await fetch(`${origin}/oauth/userinfo`);
    expect(res.status).toBe(401);
    expect(await (await fetch(`${origin}/`)).text()).toContain('DocuSign simulator');
  } finally {
    child.kill('SIGTERM');
  }
}, 30_000);
