/**
 * What a send request may carry beyond documents and recipients (issue 13): fields (DocuSign tabs),
 * per-signer delivery and authentication by phone, and a template with roles and text values. Part of
 * the `/v1` API declared in api.ts; the server validates with these schemas.
 */
import * as v from 'valibot';
import { AUTHENTICATIONS, DELIVERIES } from './recipient-rules.ts';

export { AUTHENTICATIONS, DELIVERIES };

/** Field kinds and the DocuSign tab array each becomes (spec `tabs`). */
export const FIELD_KINDS = ['signHere', 'initialHere', 'dateSigned', 'fullName', 'text'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const FIELD_LIMITS = {
  /** Fields per signer. */
  maxPerSigner: 50,
  /** The largest PDF page (PDF 1.7 annex C: 14,400 units); positions beyond it are on no page. */
  maxCoordinate: 14_400,
  maxPage: 2000,
} as const;

/**
 * Anchored fields the extension adds to each signer (`/snN/` plus a site adapter's, adapters.ts), so
 * the dialog leaves that much room under `maxPerSigner` for the fields placed by hand.
 */
export const MAX_ANCHORS_PER_SIGNER = 11;

const Label = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/, 'must be a short plain label'));
const Coordinate = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(FIELD_LIMITS.maxCoordinate));
const Offset = v.pipe(v.number(), v.finite(), v.minValue(-1000), v.maxValue(1000));
const TextValue = v.pipe(v.string(), v.maxLength(4000));

/** Placed on a page of one of the request's documents; DocuSign's coordinates: points from the top left. */
export const PlacedField = v.strictObject({
  kind: v.picklist(FIELD_KINDS),
  /** 1-based position of the document among the request's `document` parts. */
  document: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(FIELD_LIMITS.maxPage)),
  x: Coordinate,
  y: Coordinate,
  label: v.optional(Label),
  value: v.optional(TextValue),
});

/** Wherever `anchor` appears in the documents (DocuSign's anchor tabs, for example `/sn1/`). */
export const AnchoredField = v.strictObject({
  kind: v.picklist(FIELD_KINDS),
  anchor: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  xOffset: v.optional(Offset),
  yOffset: v.optional(Offset),
  label: v.optional(Label),
  value: v.optional(TextValue),
});

export const FieldRequest = v.union([PlacedField, AnchoredField]);
export type FieldRequest = v.InferOutput<typeof FieldRequest>;

/** As typed or found on the page; the server normalises it (shared/phone.ts). */
export const PhoneRequest = v.strictObject({
  countryCode: v.optional(v.pipe(v.string(), v.maxLength(6))),
  number: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
});

/** The signer properties beyond name, e-mail and routing order. */
export const SignerExtras = {
  delivery: v.optional(v.picklist(DELIVERIES), 'email'),
  phone: v.optional(PhoneRequest),
  auth: v.optional(v.picklist(AUTHENTICATIONS), 'none'),
  fields: v.optional(v.pipe(v.array(FieldRequest), v.maxLength(FIELD_LIMITS.maxPerSigner)), []),
  /** With a template: the template role this signer fills. */
  role: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  /** With a template: values of the role's text fields, by label. */
  textValues: v.optional(v.pipe(v.array(v.strictObject({ label: Label, value: TextValue })), v.maxLength(50)), []),
};

/** Use a saved DocuSign template; the request's documents are added after the template's. */
export const TemplateUse = v.strictObject({
  templateId: v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')),
});
