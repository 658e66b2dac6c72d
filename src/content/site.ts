/**
 * Which site adapter applies to a URL, and the record fields a page offers for prefill. Pure: the
 * DOM reads happen in dom.ts.
 */
import type { SiteAdapter } from '../shared/adapters.ts';
import { safeDecode } from './detect.ts';

/**
 * Match-pattern-like globs: `*` in the scheme, host and port matches any run without `/`; `*` in the
 * path matches anything (query included). The whole URL must match.
 */
export function globToRegExp(glob: string): RegExp {
  const escape = (part: string) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const hostEnd = glob.indexOf('/', glob.indexOf('://') + 3);
  const origin = hostEnd === -1 ? glob : glob.slice(0, hostEnd);
  const path = hostEnd === -1 ? '' : glob.slice(hostEnd);
  const body = origin.split('*').map(escape).join('[^/]*') + path.split('*').map(escape).join('.*');
  return new RegExp(`^${body}$`);
}

export function adapterFor(url: string, adapters: readonly SiteAdapter[]): SiteAdapter | undefined {
  return adapters.find((adapter) => adapter.matches.some((glob) => globToRegExp(glob).test(url)));
}

export type RecordFields = Record<string, string>;

/** Normalise what a field element holds: a `mailto:` address, an input's value, or collapsed text. */
export function fieldText(raw: { href?: string | null | undefined; value?: string | null | undefined; text: string }): string {
  if (raw.href?.toLowerCase().startsWith('mailto:')) {
    const address = raw.href.slice('mailto:'.length).split('?')[0] ?? '';
    // An address is at most 254 characters (RFC 5321); a page's longer value must not break the dialog.
    return safeDecode(address).trim().slice(0, 254);
  }
  const text = raw.value ?? raw.text;
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}

export const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The record's own title: the longest heading the tab title also names ("Platform renewal 2026" in
 * "Platform renewal 2026 | Opportunity | Salesforce"), else the tab title's first part.
 */
export function recordTitle(title: string, headings: readonly string[]): string {
  const tab = collapse(title);
  // The longest heading the tab names: "Opportunity" is named too, but it is the record's type.
  const named = headings
    .map(collapse)
    .filter((h) => h.length > 0 && h.length <= 200 && tab.toLowerCase().includes(h.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
  if (named) return named;
  return tab.split(/\s[|·—–]\s/).map((part) => part.trim()).find((part) => part.length > 0) ?? '';
}

/**
 * Fields for a page without an adapter: the record's title as subject, the first mail link as the
 * contact (its text as the name when it is not itself the address).
 */
export function genericFields(page: {
  title: string;
  headings?: readonly string[];
  mailtos: readonly { address: string; text: string }[];
}): RecordFields {
  const fields: RecordFields = {};
  const subject = recordTitle(page.title, page.headings ?? []);
  if (subject) fields['subject'] = subject.slice(0, 100);
  const contact = page.mailtos.find((m) => EMAIL.test(m.address));
  if (contact) {
    fields['contactEmail'] = contact.address;
    const name = contact.text.replace(/\s+/g, ' ').trim();
    if (name && !name.includes('@')) fields['contactName'] = name.slice(0, 100);
  }
  return fields;
}
