/**
 * GET /v1/templates?accountId=… and GET /v1/templates/{templateId}?accountId=…: the DocuSign account's
 * templates, for "Use a template" (through the server, cached briefly per account and login or
 * organization). Part of the `/v1` API declared in api.ts.
 */

export interface TemplateSummary {
  templateId: string;
  name: string;
  description: string;
}

export interface TemplateListResponse {
  templates: TemplateSummary[];
}

export interface TemplateRole {
  roleName: string;
  /** DocuSign's recipient id of the role; the signer who fills it gets it. */
  recipientId: string;
  routingOrder: number;
  /** Labels of the role's text fields, filled by `textValues` of the signer. */
  textFields: string[];
}

export interface TemplateDetail extends TemplateSummary {
  emailSubject: string;
  roles: TemplateRole[];
  documents: { documentId: string; name: string }[];
}
