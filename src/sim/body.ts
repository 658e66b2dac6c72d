/** Reading a JSON request body as DocuSign does: scalars may be strings, numbers or booleans. */
import { Errors } from './errors.ts';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scalar as DocuSign reads it: strings, numbers and booleans become strings. */
export function scalar(obj: Obj, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw Errors.badBody(`Error converting value to type 'System.String'. Path '${path}${key}'.`);
}

export function array(obj: Obj, key: string, path: string): Obj[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every(isObj)) throw Errors.badBody(`Cannot deserialize the current value into an array of objects. Path '${path}${key}'.`);
  return v;
}

export function object(obj: Obj, key: string, path: string): Obj | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw Errors.badBody(`Cannot deserialize the current value into an object. Path '${path}${key}'.`);
  return v;
}
