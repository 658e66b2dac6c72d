/** `npm start` as a user runs it: one command brings up the server, the simulator and the demo page. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** A user's shell has no VITEST variables; the child must not behave as if it ran under the test runner. */
function withoutVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VITEST')));
}

describe('npm start', () => {
  let child: ChildProcess;
  let output = '';
  let dir: string;
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-start-'));
    child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/tools/start.ts'], {
      cwd: ROOT,
      // Port 0 everywhere: other tests (and other checkouts) may be listening on the defaults.
      env: {
        ...withoutVitest(process.env),
        SIGNBRIDGE_PORT: '0',
        SIGNBRIDGE_SIM_PORT: '0',
        SIGNBRIDGE_DEMO_PORT: '0',
        SIGNBRIDGE_IDP_PORT: '0',
        SIGNBRIDGE_DATABASE: join(dir, 'db.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((done, fail) => {
      child.once('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${output}`)));
      const poll = setInterval(() => {
        if (!output.includes('Press Ctrl+C to stop.')) return;
        clearInterval(poll);
        done();
      }, 50);
    });
    for (const name of ['Server', 'DocuSign', 'Demo CRM page', 'Identity provider']) {
      const match = new RegExp(`^\\s+${name}\\s+(http://\\S+)`, 'm').exec(output);
      if (match?.[1]) urls[name] = match[1];
    }
  }, 120_000);

  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints where everything is and how to load the extension', () => {
    expect(Object.keys(urls)).toEqual(['Server', 'DocuSign', 'Demo CRM page', 'Identity provider']);
    expect(output).toContain('dana@adams.example');
    expect(output).toContain('erin@northwind.example');
    expect(output).toContain('Load unpacked');
    expect(output).toContain(join(ROOT, 'dist'));
    expect(output).toContain('alice@example.com');
  });

  it('leaves a loadable extension in dist/', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'dist/manifest.json'), 'utf8')) as { background: { service_worker: string } };
    expect(existsSync(join(ROOT, 'dist', manifest.background.service_worker))).toBe(true);
  });

  it('serves the companion server, against the simulator it started', async () => {
    const health = await fetch(`${urls['Server']}/healthz`);
    expect(health.status).toBe(200);
    const config = (await (await fetch(`${urls['Server']}/v1/config`)).json()) as { accountServer: string };
    expect(config.accountServer).toBe(urls['DocuSign']);
    expect((await fetch(`${urls['DocuSign']}/oauth/userinfo`)).status).toBe(401);
  });

  it('runs the demo identity provider and offers it for both demo organizations', async () => {
    const discovery = (await (await fetch(`${urls['Identity provider']}/.well-known/openid-configuration`)).json()) as { issuer: string; code_challenge_methods_supported: string[] };
    expect(discovery.issuer).toBe(urls['Identity provider']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const config = (await (await fetch(`${urls['Server']}/v1/config`)).json()) as { identityProviders: { id: string; name: string; issuer: string; redirectUri: string }[] };
    expect(config.identityProviders.map((p) => [p.id, p.name, p.issuer])).toEqual([
      ['adams', 'Adams Consulting', urls['Identity provider']],
      ['northwind', 'Northwind Traders', urls['Identity provider']],
    ]);
    expect(config.identityProviders[0]?.redirectUri).toBe(`${urls['Server']}/oidc/callback`);
  });

  it('keeps the demo JWT private key in the data directory, readable by its owner only', () => {
    const key = join(dir, 'demo-jwt-private-key.pem');
    expect(readFileSync(key, 'utf8')).toContain('PRIVATE KEY');
    expect(statSync(key).mode & 0o077).toBe(0);
    expect(output).not.toContain('PRIVATE KEY');
  });

  it('serves the demo CRM page and its documents', async () => {
    const page = await (await fetch(urls['Demo CRM page'] ?? '')).text();
    expect(page).toContain('Attachments');
    const pdf = await fetch(new URL('/files/master-services-agreement.pdf', urls['Demo CRM page']));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });
});
