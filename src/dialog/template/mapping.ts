/**
 * Which of the page's contacts fills which role of a template, and which record field fills which text
 * field. The site adapter's (or administrator's) mapping comes first (src/shared/adapters.ts
 * `TemplateMapping`); then names are matched, ignoring case, spaces, dashes and underscores ("Client"
 * fills from a `clientEmail` contact, "Company" from the field `company`); a role still open gets the
 * next recipient the dialog prefilled. Everything here is a proposal the user edits before sending.
 */
import type { TemplateMapping } from '../../shared/adapters.ts';
import type { TemplateDetail } from '../../shared/api-templates.ts';
import type { Recipient } from '../../shared/messages.ts';
import { emptyRecipient } from '../model.ts';

export interface PageContact {
  /** The field prefix: `contact` for `contactName`, `contactEmail`, `contactPhone`. */
  key: string;
  name: string;
  email: string;
  phone: string;
}

export const sameName = (a: string, b: string): boolean => norm(a) === norm(b);
const norm = (s: string) => s.toLowerCase().replace(/[\s_.-]+/g, '');
/** A record field's value is page text: at most what the server takes for a text value. */
const TEXT_MAX = 4000;
/** Labels the server forwards (src/shared/api-send.ts); a field named otherwise stays as the template has it. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/;

/** The page's contacts: every `<prefix>Email` field with its `<prefix>Name` and `<prefix>Phone`. */
export function pageContacts(fields: Readonly<Record<string, string>>): PageContact[] {
  return Object.keys(fields)
    .filter((k) => k.endsWith('Email') && k.length > 5 && (fields[k] ?? '').includes('@'))
    .map((k) => {
      const key = k.slice(0, -5);
      return { key, name: (fields[`${key}Name`] ?? '').trim(), email: (fields[k] ?? '').trim(), phone: (fields[`${key}Phone`] ?? '').trim() };
    });
}

/** The adapter's mapping for this template, by the template's name. */
export const mappingFor = (detail: TemplateDetail, mappings: readonly TemplateMapping[] | undefined): TemplateMapping | undefined =>
  mappings?.find((m) => sameName(m.template, detail.name));

const lookup = (map: Readonly<Record<string, string>> | undefined, name: string): string | undefined =>
  map?.[name] ?? Object.entries(map ?? {}).find(([k]) => sameName(k, name))?.[1];

/** The record field whose value fills the text field `label` (adapter first, then by name), or undefined. */
export function textSource(label: string, fields: Readonly<Record<string, string>>, mapping: TemplateMapping | undefined): string | undefined {
  const named = lookup(mapping?.text, label);
  if (named !== undefined) return Object.hasOwn(fields, named) ? named : undefined;
  return Object.keys(fields).find((k) => sameName(k, label));
}

/**
 * One signer per role, in the template's routing order: name and e-mail from the contact the role maps
 * to, the role's text fields valued from the record. `prefilled`: the dialog's recipients as they are.
 */
export function mapTemplate(
  detail: TemplateDetail,
  fields: Readonly<Record<string, string>>,
  mappings: readonly TemplateMapping[] | undefined,
  prefilled: readonly Recipient[],
): Recipient[] {
  const mapping = mappingFor(detail, mappings);
  const contacts = pageContacts(fields);
  const used = new Set<string>();
  const take = (email: string) => email !== '' && !used.has(email.toLowerCase()) && used.add(email.toLowerCase());
  const roles = [...detail.roles].sort((a, b) => a.routingOrder - b.routingOrder);
  // First the roles the adapter or a name points at, so a role left open cannot take their contact.
  const chosen = roles.map((role) => {
    const key = lookup(mapping?.roles, role.roleName);
    const contact = key !== undefined ? contacts.find((c) => c.key === key) : contacts.find((c) => sameName(c.key, role.roleName));
    return contact && take(contact.email) ? { name: contact.name, email: contact.email, phone: contact.phone } : undefined;
  });
  const rest = prefilled.filter((r) => r.role === 'signer');
  return roles.map((role, i) => {
    const person = chosen[i] ?? rest.find((r) => take(r.email.trim())) ?? { name: '', email: '', phone: '' };
    return {
      ...emptyRecipient('signer', Math.min(99, role.routingOrder)),
      name: person.name,
      email: person.email,
      phone: person.phone,
      templateRole: role.roleName,
      textValues: role.textFields.filter((label) => LABEL.test(label)).map((label) => {
        const source = textSource(label, fields, mapping);
        return { label, value: source === undefined ? '' : (fields[source] ?? '').trim().slice(0, TEXT_MAX) };
      }),
    };
  });
}
