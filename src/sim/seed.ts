/** The default seed and a light structural check of any seed passed in. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimSeed } from './types.ts';

export function loadDefaultSeed(): SimSeed {
  return checkSeed(JSON.parse(readFileSync(join(import.meta.dirname, 'seed.default.json'), 'utf8')) as unknown);
}

/** Throws on a seed that lacks the lists the simulator reads; returns it typed. */
export function checkSeed(value: unknown): SimSeed {
  const seed = value as Partial<SimSeed> | null;
  const lists = ['integrationKeys', 'users', 'accounts', 'templates'] as const;
  for (const name of lists) {
    if (!seed || !Array.isArray(seed[name])) throw new Error(`simulator seed: '${name}' must be an array`);
  }
  const s = seed as SimSeed;
  const subs = new Set(s.users.map((u) => u.sub));
  for (const a of s.accounts) {
    if (!/^[a-z0-9]+$/.test(a.site)) throw new Error(`simulator seed: account ${a.accountId} has an invalid site '${a.site}'`);
    for (const m of a.members) if (!subs.has(m.sub)) throw new Error(`simulator seed: account ${a.accountId} lists unknown user ${m.sub}`);
  }
  // A deep copy: a simulator changes its state (redirect URIs, keys) and must not change the caller's seed.
  return structuredClone(s);
}
