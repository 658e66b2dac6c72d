/**
 * `npm run package`: store-ready zips of the release build, `release/signbridge-<browser>-<version>.zip`.
 * Builds first (flavour `release`: no default server, no loopback trust; see src/tools/manifest.ts) so a
 * zip never holds a stale build. The demo and the tests keep using the development build in dist/.
 */
import { zipSync } from 'fflate';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildExtension } from './build.ts';

const root = resolve(import.meta.dirname, '../..');
const BROWSERS = ['chromium', 'firefox'] as const;

for (const browser of BROWSERS) {
  await buildExtension(root, { browser, flavour: 'release' });
  const out = join(root, 'release', browser);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { version: string };
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    // Zip paths use forward slashes whatever the OS; mtime fixed so the same build zips to the same bytes.
    files[relative(out, path).split('\\').join('/')] = readFileSync(path);
  }
  const zip = join(root, 'release', `signbridge-${browser}-${manifest.version}.zip`);
  mkdirSync(join(root, 'release'), { recursive: true });
  writeFileSync(zip, zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
  console.log(`Packaged ${Object.keys(files).length} files into ${relative(process.cwd(), zip)}`);
}
