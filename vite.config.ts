import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import manifest from './manifest.json' with { type: 'json' };
import { CONTENT_SCRIPT_LIST, FIREFOX_MIN_VERSION, manifestFor, withoutEmptyContentScripts, withoutInjectedResources, type Target } from './src/tools/manifest.ts';

// The build target (see src/shared/build.ts): the only place these variables are read.
function target(env: NodeJS.ProcessEnv): Target {
  const browser = env['SIGNBRIDGE_BROWSER'] || 'chromium';
  const flavour = env['SIGNBRIDGE_FLAVOUR'] || 'development';
  if (browser !== 'chromium' && browser !== 'firefox') throw new Error(`SIGNBRIDGE_BROWSER must be chromium or firefox, got "${browser}"`);
  if (flavour !== 'development' && flavour !== 'release') throw new Error(`SIGNBRIDGE_FLAVOUR must be development or release, got "${flavour}"`);
  return { browser, flavour };
}

/** dist/ (chromium development: what npm start, the demo and the tests load), dist-firefox/, release/<browser>/. */
export function outDirFor({ browser, flavour }: Target): string {
  if (flavour === 'release') return `release/${browser}`;
  return browser === 'chromium' ? 'dist' : 'dist-firefox';
}

/**
 * After the extension plugin wrote the manifest: a content script left without a match is listed apart, and
 * the scripts built for injection are not web-accessible (src/tools/manifest.ts).
 */
function contentScriptList(outDir: string): Plugin {
  return {
    name: 'signbridge-content-script-list',
    enforce: 'post',
    generateBundle(_options, bundle) {
      // The extension plugin also emits each injected script as a module chunk, which nothing loads: left out.
      for (const [name, file] of Object.entries(bundle)) if (file.type === 'chunk' && file.facadeModuleId?.endsWith('/src/content/opener.ts')) delete bundle[name];
    },
    writeBundle() {
      const path = join(outDir, 'manifest.json');
      const { manifest: next, files } = withoutEmptyContentScripts(withoutInjectedResources(readFileSync(path, 'utf8')));
      writeFileSync(path, next);
      if (files.length > 0) writeFileSync(join(outDir, CONTENT_SCRIPT_LIST), JSON.stringify(files));
    },
  };
}

/**
 * Vite wraps each `import()` in a helper that loads the chunk's stylesheets first (and, with modulePreload,
 * its imports): 1.9 kB in the dialog's first load, mostly for cases an extension page never has (CSP nonces,
 * a relative base, the preload error event). With modulePreload off the helper gets only stylesheets; this
 * one adds each once and then imports the chunk. Only the dialog imports on demand (src/dialog/load-later.ts, and from that chunk later/steps.ts).
 */
function compactPreloadHelper(): Plugin {
  const id = '\0vite/preload-helper.js';
  let base = '/';
  return {
    name: 'signbridge-compact-preload-helper',
    enforce: 'pre',
    configResolved(config) {
      base = config.base;
    },
    resolveId: (source) => (source === id ? id : undefined),
    load(loaded) {
      if (loaded !== id) return undefined;
      // A stylesheet the page links already (its HTML's) is not added again; one being added is waited for.
      return `const seen = {};
export const __vitePreload = (load, deps) => Promise.all((deps || []).map((dep) => {
  const href = ${JSON.stringify(base)} + dep;
  return (seen[href] ??= document.querySelector(\`link[href="\${href}"]\`) ? undefined : new Promise((done) => {
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href, onload: done, onerror: done }));
  }));
})).then(load);`;
    },
  };
}

/**
 * Under vitest (no extension plugin): a `?script&iife` import, a script the plugin would build as a file of
 * its own (src/background/opener.ts), is a made-up path instead of the module itself.
 */
function scriptFileStub(): Plugin {
  const prefix = '\0signbridge-script-file:';
  return {
    name: 'signbridge-script-file-stub',
    enforce: 'pre',
    resolveId: (source) => (source.endsWith('?script&iife') ? prefix + source : undefined),
    load: (id) => (id.startsWith(prefix) ? `export default ${JSON.stringify(`assets/${id.split('/').pop()?.replace(/\.ts\?.*$/, '')}.js`)};` : undefined),
  };
}

/**
 * Content scripts built as one self-contained file each: the one every enabled page loads, and the opener
 * it has the worker inject at the first click (`?script&iife` in src/background/opener.ts). Bundled with
 * each other, they would share chunks and the page script would become a loader importing modules.
 */
const CONTENT_FILES = ['src/content/index.ts'];

// One config for the extension build and the tests. The crx plugin is left out in vitest's `test` mode:
// tests import modules directly (unit) or load the built dist/ in Chromium (e2e), never a test-only
// build. The mode, not an environment variable: a build started from inside a test (npm start in
// test/unit/start.test.ts inherits VITEST=true) must still be the real extension.
export default defineConfig(({ mode }) => {
  const build = target(process.env);
  const outDir = outDirFor(build);
  return {
    plugins: mode === 'test' ? [scriptFileStub()] : [compactPreloadHelper(), preact(), crx({ manifest: manifestFor(manifest, build) as typeof manifest, contentScripts: { standaloneFiles: CONTENT_FILES }, browser: build.browser === 'firefox' ? 'firefox' : 'chrome' }), contentScriptList(outDir)],
    // Read by src/shared/build.ts; under vitest nothing is defined and it answers development/chromium.
    define:
      mode === 'test' ? {} : { __SIGNBRIDGE_BROWSER__: JSON.stringify(build.browser), __SIGNBRIDGE_FLAVOUR__: JSON.stringify(build.flavour) },
    build: {
      outDir,
      emptyOutDir: true,
      target: build.browser === 'firefox' ? `firefox${FIREFOX_MIN_VERSION.split('.')[0]}` : 'chrome120',
      sourcemap: false,
      // The send dialog is reached only through web_accessible_resources, which crx does not bundle:
      // it is an entry of its own.
      rollupOptions: {
        input: { dialog: 'src/dialog/index.html' },
        // Imported constants inlined where they are used (the design tokens in the content script's CSS among
        // them): smaller bundles overall, and the content script and the dialog have budgets (bundle-size.test.ts).
        optimization: { inlineConst: { mode: 'all', pass: 2 } },
        output: {
          // Each file costs its own gzip header and imports, and the dialog's first load has a budget: the small
          // pure helpers that the pages and the worker share (none imports anything) are two chunks, not seven:
          // those the dialog's first load uses, and those only its later code (the sign-in permission) and the
          // other pages and the worker use (sites, results, base64, the recipient rules), which the dialog's first load then does not carry.
          codeSplitting: {
            groups: [
              { name: 'shared', test: /src[\\/]shared[\\/](i18n|environment-label|document-limits)\.ts$/, priority: 1 },
              { name: 'shared-more', test: /src[\\/]shared[\\/](site-of|result|bytes|recipient-rules)\.ts$/, priority: 1 },
            ],
          },
        },
      },
      // No modulepreload: a page's static imports come from the extension's own package, where the one
      // level of discovery they save costs nothing, while the preload code and lists cost the dialog's first
      // load (its budget: test/unit/bundle-size.test.ts). Stylesheets of on-demand chunks: compactPreloadHelper.
      modulePreload: false,
    },
    server: { port: 5173, strictPort: true, cors: false },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            // test/scale/: several real server processes on one database (they set their own, longer timeouts).
            include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts', 'test/scale/**/*.test.ts'],
            environment: 'node',
            // One throwaway PostgreSQL cluster for the run (skipped loudly when PostgreSQL is missing).
            globalSetup: ['test/support/postgres-global.ts'],
            // A hang detector, not a speed check: compiling the 4 MB eSignature spec takes seconds on a loaded
            // 2-core machine, and vitest's 5 s default then fails tests that are merely slow.
            testTimeout: 30_000,
            hookTimeout: 30_000,
            // Unit tests first: a broken unit fails fast, before any browser starts.
            sequence: { groupOrder: 0 },
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
            // Each file launches its own Chromium with servers beside it; with two of them at once on two cores,
            // the clickjacking guard's re-arming and the simulator's pages missed their deadlines in some full
            // runs (passing alone): one file at a time, as each was written and checked.
            maxWorkers: 1,
            fileParallelism: false,
            sequence: { groupOrder: 1 },
          },
        },
        {
          extends: true,
          test: {
            // Firefox ESR over WebDriver BiDi with dist-firefox/ installed (test/firefox/firefox.ts); after
            // the Chromium suite, which it leaves unchanged.
            name: 'firefox',
            include: ['test/firefox/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
            maxWorkers: 2,
            fileParallelism: true,
            sequence: { groupOrder: 2 },
          },
        },
      ],
    },
  };
});
