/**
 * The content script paints with the design tokens' values (src/ui/tokens.ts), since it cannot load
 * src/ui/base.css into a page: each value must be the one base.css declares for the light set (`:root`),
 * and the content script must hard-code no colour of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tokens from '../../src/ui/tokens.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const css = readFileSync(join(ROOT, 'src/ui/base.css'), 'utf8');
/** The custom properties of base.css's first `:root` block: the light set. */
const light = new Map([...(/:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '').matchAll(/(--sb-[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
const property = (name: string) => `--${name.toLowerCase().replace(/_/g, '-')}`;

describe('design tokens in the content script', () => {
  it('reads the light set from base.css', () => {
    expect(light.get('--sb-blue')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it.each(Object.entries(tokens))('%s is base.css value of its custom property', (name, value) => {
    expect(light.get(property(name)), property(name)).toBe(value);
  });

  it('src/content hard-codes no colour (a hex, rgb() or hsl() value)', () => {
    const files = readdirSync(join(ROOT, 'src/content'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.test.ts'))
      .map((e) => join(e.parentPath, e.name));
    const colours = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/gi)].map((m) => `${file}: ${m[0]}`));
    expect(colours).toEqual([]);
  });
});
