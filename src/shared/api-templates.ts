/**
 * GET /v1/templates?accountId=… and GET /v1/templates/{templateId}?accountId=…: the DocuSign account's
 * templates, for "Use a template" (through the server, cached briefly per account and login or
 * organization). Part of the `/v1` API declared in api.ts. The schemas are the worker's check of the
 * server's answers; the dialog imports the types only.
 */
import * as v from 'valibot';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const GUID = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

export const TemplateSummary = v.object({ templateId: GUID, name: text(300), description: text(2000) });
export type TemplateSummary = v.InferOutput<typeof TemplateSummary>;

export const TemplateListResponse = v.object({ templates: v.pipe(v.array(TemplateSummary), v.maxLength(500)) });
export type TemplateListResponse = v.InferOutput<typeof TemplateListResponse>;

export const TemplateRole = v.object({
  roleName: text(100),
  /** DocuSign's recipient id of the role; the signer who fills it gets it. */
  recipientId: text(20),
  routingOrder: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)),
  /** Labels of the role's text fields, filled by `textValues` of the signer. */
  textFields: v.pipe(v.array(text(100)), v.maxLength(100)),
});
export type TemplateRole = v.InferOutput<typeof TemplateRole>;

export const TemplateDetail = v.object({
  ...TemplateSummary.entries,
  emailSubject: text(300),
  roles: v.pipe(v.array(TemplateRole), v.maxLength(50)),
  documents: v.pipe(v.array(v.object({ documentId: text(20), name: text(300) })), v.maxLength(100)),
});
export type TemplateDetail = v.InferOutput<typeof TemplateDetail>;
