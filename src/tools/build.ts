/**
 * One build of the extension, as `npm start` and `npm run package` need it. Vite builds for development
 * when NODE_ENV says so (a test runner sets it to "test"), and that build carries Preact's debug runtime.
 * What these tools produce is the product, so NODE_ENV is "production" for the build and restored after.
 */
import { join } from 'node:path';
import { build } from 'vite';

export interface Target {
  /** vite.config.ts reads the target from SIGNBRIDGE_BROWSER and SIGNBRIDGE_FLAVOUR (the one place that does). */
  browser?: 'chromium' | 'firefox';
  flavour?: 'release';
}

export async function buildExtension(root: string, target: Target = {}): Promise<void> {
  const names = { NODE_ENV: 'production', SIGNBRIDGE_BROWSER: target.browser, SIGNBRIDGE_FLAVOUR: target.flavour };
  const inherited = Object.fromEntries(Object.keys(names).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(names)) if (value !== undefined) process.env[name] = value;
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    for (const [name, value] of Object.entries(inherited)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
