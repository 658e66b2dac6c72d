/**
 * Repository rules worth keeping, as tests (see ../shared/STYLE.md "Rules as tests").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/shared/messages.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Runtime (non-type) import specifiers of a file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*import\s+(?!type\b)(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

describe('repository rules', () => {
  it('content scripts import no background, popup or dialog code, no Preact and no schema library', () => {
    const offenders = sourceFiles('src/content').flatMap((file) =>
      runtimeImports(file)
        .filter((spec) => /(^|\/)(background|popup|dialog|options|server|sim)\/|^preact|^valibot|messages\.ts$/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('shared code imports nothing from a context folder', () => {
    const offenders = sourceFiles('src/shared').flatMap((file) =>
      runtimeImports(file)
        .filter((spec) => /(^|\/)(background|content|popup|dialog|options|server|sim)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every message declares a schema and at least one allowed sender', () => {
    for (const [name, def] of Object.entries(messages)) {
      expect(def.request, name).toBeDefined();
      expect(def.senders.length, name).toBeGreaterThan(0);
    }
  });
});

/** Relative import targets (type imports too) of a file, resolved to repository paths. */
function localImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) =>
    relative(ROOT, resolve(ROOT, file, '..', m[1] ?? '')),
  );
}

/** Every import cycle among `files`, each as the chain of files that closes it. */
function importCycles(files: string[]): string[][] {
  const inside = new Set(files);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, chain: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...chain.slice(chain.indexOf(file)), file]);
      return;
    }
    state.set(file, 'open');
    for (const next of localImports(file)) if (inside.has(next)) visit(next, [...chain, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  return cycles;
}

describe('server structure', () => {
  it('has no import cycle in src/server (type imports included)', () => {
    expect(importCycles(sourceFiles('src/server')).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the cycle check finds a cycle when there is one', () => {
    expect(importCycles(['test/unit/fixtures/cycle-a.ts', 'test/unit/fixtures/cycle-b.ts']).length).toBeGreaterThan(0);
  });
});
