/**
 * `npm run package`: a store-ready zip of the built extension, `release/signbridge-<version>.zip`.
 * Builds first so the zip never holds a stale dist/.
 */
import { zipSync } from 'fflate';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');

await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { version: string };
const files: Record<string, Uint8Array> = {};
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  // Zip paths use forward slashes whatever the OS; mtime fixed so the same build zips to the same bytes.
  files[relative(dist, path).split('\\').join('/')] = readFileSync(path);
}

const out = join(root, 'release', `signbridge-${manifest.version}.zip`);
mkdirSync(join(root, 'release'), { recursive: true });
writeFileSync(out, zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
console.log(`Packaged ${Object.keys(files).length} files into ${relative(process.cwd(), out)}`);
