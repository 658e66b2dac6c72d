/**
 * Issue 14, finding 9: `npm ci --strict-allow-scripts` (in .ci/run and the README) runs an install
 * script only when package.json's `allowScripts` approves it. Approvals are pinned: every locked
 * package with an install script is approved at exactly its locked version, and npm can verify that
 * version only from the package's `resolved` URL in the lockfile (npm-approve-scripts docs), hence
 * .npmrc keeps them (`omit-lockfile-registry-resolved=false`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { name?: string; version?: string; resolved?: string; hasInstallScript?: boolean; link?: boolean }>;
};

const withScripts = Object.entries(lock.packages)
  .filter(([path, e]) => path !== '' && e.hasInstallScript === true)
  .map(([path, e]) => ({ name: e.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: e.version ?? '', resolved: e.resolved }));

test('every locked package with an install script is approved at exactly its locked version, and only those', () => {
  const approvals = pkg.allowScripts ?? {};
  expect(withScripts.length).toBeGreaterThan(0);
  for (const p of withScripts) expect(approvals[`${p.name}@${p.version}`], `${p.name}@${p.version}`).toBe(true);
  // No name-only approval (it would allow any future version) and none for a package not locked so.
  const pinned = new Set(withScripts.map((p) => `${p.name}@${p.version}`));
  for (const [entry, allowed] of Object.entries(approvals)) {
    if (allowed) expect(pinned.has(entry), `allowScripts "${entry}"`).toBe(true);
  }
});

test('npm can verify those versions: each has its registry tarball URL in the lockfile', () => {
  for (const p of withScripts) expect(p.resolved, p.name).toBe(`https://registry.npmjs.org/${p.name}/-/${p.name.split('/').pop() ?? ''}-${p.version}.tgz`);
  expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^omit-lockfile-registry-resolved=false$/m);
});
