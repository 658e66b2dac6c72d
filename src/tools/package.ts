/**
 * `npm run package`: one store-ready zip per browser, `release/signbridge-<browser>-<version>.zip`,
 * from a fresh release build of each (`release/<browser>/`). The chromium zip is the one Chrome's and
 * Edge's stores both take; the firefox zip is the one `web-ext lint` checks and AMO takes.
 */
import { execFileSync } from 'node:child_process';
import { zipSync } from 'fflate';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { BrowserTarget } from '../shared/build.ts';

const root = resolve(import.meta.dirname, '../..');
const browsers: BrowserTarget[] = ['chromium', 'firefox'];

for (const browser of browsers) {
  const dir = join(root, 'release', browser);
  // A process per build: vite.config.ts reads the target from the environment when it loads.
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SIGNBRIDGE_BROWSER: browser, SIGNBRIDGE_FLAVOUR: 'release' },
  });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string };
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    // Zip paths use forward slashes whatever the OS; mtime fixed so the same build zips to the same bytes.
    files[relative(dir, path).split('\\').join('/')] = readFileSync(path);
  }
  const out = join(root, 'release', `signbridge-${browser}-${manifest.version}.zip`);
  writeFileSync(out, zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
  console.log(`Packaged ${Object.keys(files).length} files into ${relative(process.cwd(), out)}`);
}
