/**
 * Site adapters: small declarative descriptions of where a CRM or DMS page keeps its documents and
 * its record's fields. Built-in adapters live in `src/content/adapters/` (one adapter, one file); an
 * administrator may add more through `chrome.storage.managed` under the key `siteAdapters` (an array of
 * `SiteAdapter`). The worker validates managed adapters with `siteAdapterSchema` before a content
 * script ever sees them; the content script imports this file for types only.
 */
import * as v from 'valibot';
import { FIELD_KINDS, type FieldKind } from './api-send.ts';

/** Record fields a template or the dialog's prefill knows by name; any other key is passed through. */
export type KnownField = 'contactName' | 'contactEmail' | 'contactPhone' | 'company' | 'amount' | 'subject';

export interface SiteAdapter {
  /** Stable identifier, e.g. `acme-crm-record`. */
  id: string;
  /**
   * URL globs the adapter applies to, matched against the full URL (`*` = any run of characters),
   * e.g. `http://127.0.0.1:*\/crm/record*`.
   */
  matches: string[];
  /** CSS selector of one document row; searched in the document and in every open shadow root. */
  rows: string;
  /** CSS selector, inside a row, of the element that carries the document's URL. */
  link: string;
  /** Attribute of `link` holding the URL; default `href`. */
  urlAttribute?: string;
  /** CSS selector, inside a row, of the document's name; default the link's text. */
  name?: string;
  /**
   * Record fields: field name → CSS selector on the page (open shadow roots included). The value is
   * an input's value, a `mailto:` link's address, or the element's text.
   */
  fields?: Partial<Record<KnownField, string>> & Record<string, string>;
  /**
   * Strings the site's documents carry where a signer's field belongs (DocuSign anchor tabs): the
   * `signer`-th signer of the send gets a `kind` field wherever `anchor` appears. `/sn1/`, `/sn2/`, …
   * (Sign here for signer 1, 2, …) apply everywhere without being listed.
   */
  anchors?: AnchorRule[];
  /** How "Use a template" fills a template's roles and text fields from this page (before the by-name match). */
  templates?: TemplateMapping[];
}

/**
 * For the template named `template` (its DocuSign name, case- and space-insensitive): `roles` maps a
 * role name to a contact of the page (`contact` = the fields `contactName`, `contactEmail`,
 * `contactPhone`; `buyer` = `buyerName`, …), `text` a text field's label to a record field's name.
 */
export interface TemplateMapping {
  template: string;
  roles?: Record<string, string>;
  text?: Record<string, string>;
}

export interface AnchorRule {
  anchor: string;
  kind: FieldKind;
  /** 1-based position among the send's signers. */
  signer: number;
}

export const MAX_ADAPTER_ANCHORS = 10;

export const anchorRuleSchema = v.strictObject({
  anchor: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  kind: v.picklist(FIELD_KINDS),
  signer: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)),
});
export const anchorRulesSchema = v.pipe(v.array(anchorRuleSchema), v.maxLength(MAX_ADAPTER_ANCHORS));

const selector = v.pipe(v.string(), v.minLength(1), v.maxLength(500));
const fieldName = v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/));
const label = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const bounded = v.pipe(v.record(label, fieldName), v.check((r) => Object.keys(r).length <= 50, 'at most 50 entries'));

/** Shared with the worker's `openDialog` check: the mapping travels with the dialog session. */
export const templateMappingSchema = v.strictObject({
  template: label,
  roles: v.exactOptional(bounded),
  text: v.exactOptional(bounded),
});

export const siteAdapterSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'an adapter id is lower-case letters, digits and dashes')),
  matches: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(500))), v.minLength(1), v.maxLength(20)),
  rows: selector,
  link: selector,
  urlAttribute: v.exactOptional(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,40}$/))),
  name: v.exactOptional(selector),
  fields: v.exactOptional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/)), selector),
      v.check((r) => Object.keys(r).length <= 30, 'at most 30 fields'),
    ),
  ),
  templates: v.exactOptional(v.pipe(v.array(templateMappingSchema), v.maxLength(20))),
  anchors: v.exactOptional(anchorRulesSchema),
});

/** What `chrome.storage.managed` may hold for SignBridge's content features. */
export const MANAGED_ADAPTERS_KEY = 'siteAdapters';
export const MAX_MANAGED_ADAPTERS = 50;
