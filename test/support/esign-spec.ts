/**
 * Validates request bodies against DocuSign's official eSignature spec (Swagger 2.0), read at test time
 * from `../shared/docusign/` beside the repository (never copied into it). Object definitions are made
 * closed (`additionalProperties: false`) so a misspelt or invented field fails, not just a wrong type.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';

// A worktree elsewhere than beside ../shared names the folder in DOCUSIGN_SPEC_DIR.
const SHARED = process.env['DOCUSIGN_SPEC_DIR'] ?? join(import.meta.dirname, '../../../shared/docusign');
export const ESIGN_SPEC_PATH = join(SHARED, 'esignature.rest.swagger-v2.1.json');
export const MONITOR_SPEC_PATH = join(SHARED, 'monitor.rest.swagger-v2.0.json');
export const ADMIN_SPEC_PATH = join(SHARED, 'admin.rest.swagger-v2.1.json');
export const esignSpecExists = existsSync(ESIGN_SPEC_PATH);
/** DocuSign's sample JSON SIM Connect message (a sample document, not a JSON schema), beside the spec. */
export const CONNECT_SAMPLE_PATH = join(import.meta.dirname, '../../../shared/docusign/connect.schema-v2.json');

/**
 * `describe` for tests that need official specs (default: the eSignature spec). Without one: outside
 * CI the suite is skipped and says so loudly; under CI=true it fails, because CI always has ../shared
 * beside the checkout.
 */
export function describeWithSpec(name: string, body: () => void, paths: readonly string[] = [ESIGN_SPEC_PATH]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) {
    describe(name, body);
  } else if (process.env['CI'] === 'true' || process.env['CI'] === '1') {
    describe(name, () => {
      test('the official DocuSign specs are present', () => {
        throw new Error(`DocuSign's spec not found at ${missing.join(', ')}; CI must have ../shared beside the checkout.`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPED "${name}": DocuSign's spec not found at ${missing.join(', ')} ***\n`);
    describe.skip(name, body);
  }
}

type Schema = Record<string, unknown>;

function closeObjects(schema: unknown, known: ReadonlySet<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => closeObjects(item, known));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as Schema)['$ref'];
  // The 2022 snapshot refers to a definition it lacks (`offlineAttributes`): accept anything there.
  if (typeof ref === 'string' && !known.has(ref.replace('#/definitions/', ''))) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    // Swagger's own annotations mean nothing to a JSON Schema validator.
    if (key.startsWith('x-') || key === 'example') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closeObjects(v, known)]))
        : closeObjects(value, known);
  }
  if (out['properties'] !== undefined && out['additionalProperties'] === undefined && out['$ref'] === undefined) out['additionalProperties'] = false;
  return out;
}

const compiled = new Map<string, ReturnType<Ajv['compile']>>();
const specs = new Map<string, { definitions: Schema }>();

/** The definitions reachable from `name` (compiling all 550 takes far too long). */
function reachable(definitions: Schema, name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next) || definitions[next] === undefined) continue;
    seen.add(next);
    for (const match of JSON.stringify(definitions[next]).matchAll(/#\/definitions\/([A-Za-z0-9_.]+)/g)) stack.push(match[1] ?? '');
  }
  return seen;
}

/**
 * Errors of `value` against the definition `name` (e.g. `envelopeDefinition`) of a spec (default: the
 * eSignature spec); [] when valid.
 */
export function validateAgainstSpec(name: string, value: unknown, path: string = ESIGN_SPEC_PATH): ErrorObject[] {
  let validate = compiled.get(`${path}#${name}`);
  if (validate === undefined) {
    let spec = specs.get(path);
    if (spec === undefined) {
      spec = JSON.parse(readFileSync(path, 'utf8')) as { definitions: Schema };
      specs.set(path, spec);
    }
    const all = spec.definitions;
    if (all[name] === undefined) throw new Error(`no definition ${name} in ${path}`);
    const known = new Set(Object.keys(all));
    const definitions = Object.fromEntries([...reachable(all, name)].map((k) => [k, closeObjects(all[k], known)]));
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile({ $ref: `#/definitions/${name}`, definitions });
    compiled.set(`${path}#${name}`, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
