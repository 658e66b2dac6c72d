import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const seen: Record<string, string | undefined>[] = [];
vi.mock('vite', () => ({
  build: vi.fn((config: { mode?: string }) => {
    seen.push({ NODE_ENV: process.env['NODE_ENV'], SIGNBRIDGE_BROWSER: process.env['SIGNBRIDGE_BROWSER'], SIGNBRIDGE_FLAVOUR: process.env['SIGNBRIDGE_FLAVOUR'], mode: config.mode });
    return process.env['SIGNBRIDGE_BROWSER'] === 'firefox' ? Promise.reject(new Error('build failed')) : Promise.resolve();
  }),
}));

const { buildExtension } = await import('./build.ts');

describe('buildExtension', () => {
  const before = { ...process.env };
  beforeEach(() => {
    seen.length = 0;
    process.env['NODE_ENV'] = 'test';
    delete process.env['SIGNBRIDGE_BROWSER'];
    delete process.env['SIGNBRIDGE_FLAVOUR'];
  });
  afterEach(() => {
    process.env = { ...before };
  });

  it('builds the product even under a test runner, whose NODE_ENV would make Vite build for development', async () => {
    await buildExtension('/repo');
    expect(seen).toEqual([{ NODE_ENV: 'production', SIGNBRIDGE_BROWSER: undefined, SIGNBRIDGE_FLAVOUR: undefined, mode: 'production' }]);
    expect(process.env['NODE_ENV']).toBe('test');
  });

  it('sets the target for the build only, and restores the environment when the build fails', async () => {
    await buildExtension('/repo', { browser: 'chromium', flavour: 'release' });
    await expect(buildExtension('/repo', { browser: 'firefox' })).rejects.toThrow('build failed');
    expect(seen).toEqual([
      { NODE_ENV: 'production', SIGNBRIDGE_BROWSER: 'chromium', SIGNBRIDGE_FLAVOUR: 'release', mode: 'production' },
      { NODE_ENV: 'production', SIGNBRIDGE_BROWSER: 'firefox', SIGNBRIDGE_FLAVOUR: undefined, mode: 'production' },
    ]);
    expect([process.env['NODE_ENV'], process.env['SIGNBRIDGE_BROWSER'], process.env['SIGNBRIDGE_FLAVOUR']]).toEqual(['test', undefined, undefined]);
  });
});
