/**
 * Everything a send forwards to DocuSign, checked first and then built: fields on the request's own
 * documents, phone delivery and authentication, and a template's roles (each filled exactly once,
 * text fields the role has). Pure: the template and the account's workflows are read before (templates.ts).
 */
import type { TemplateDetail } from '../shared/api-templates.ts';
import type { EnvelopeRequest } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { EventNotification } from './connect-config.ts';
import { composeWithTemplate } from './composite.ts';
import { buildDefinition, planRecipients, type EnvelopeDefinition, type PlannedRecipient, type PreparedDocument } from './envelope.ts';
import { checkFields, tabsFor } from './fields.ts';
import { ApiError } from './http-error.ts';
import { reachFor, signerPhone, type Workflow } from './reach.ts';
import { bad } from './upload.ts';

const roleError = (message: string) => new ApiError(400, ErrorCodes.TEMPLATE_ROLE_INVALID, message);

/** The checks that need no DocuSign call (before the template is read). */
export function checkRequest(request: EnvelopeRequest, documents: readonly PreparedDocument[]): void {
  if (request.template === undefined) {
    const withRole = request.signers.find((s) => s.role !== undefined || s.textValues.length > 0);
    if (withRole !== undefined) throw bad(`${withRole.name.slice(0, 100)} has a template role or template values, but no template is used.`);
  }
  request.signers.forEach((s, i) => signerPhone(s, i));
  checkFields(request.signers, documents);
}

/** Each signer's role id; refuses roles the template lacks, roles left empty, and unknown text fields. */
export function roleIds(request: EnvelopeRequest, template: TemplateDetail): string[] {
  const filled = new Set<string>();
  const ids = request.signers.map((s) => {
    const role = template.roles.find((r) => r.roleName === s.role);
    if (s.role === undefined) throw roleError(`Choose the role of "${template.name}" that ${s.name.slice(0, 100)} fills.`);
    if (role === undefined) throw roleError(`"${template.name}" has no role "${s.role.slice(0, 100)}"; its roles are ${template.roles.map((r) => r.roleName).join(', ')}.`);
    if (filled.has(role.roleName)) throw roleError(`Only one signer can fill the role "${role.roleName}".`);
    filled.add(role.roleName);
    const unknown = s.textValues.find((t) => !role.textFields.includes(t.label));
    if (unknown !== undefined) throw roleError(`The role "${role.roleName}" has no text field "${unknown.label}".`);
    return role.recipientId;
  });
  const empty = template.roles.filter((r) => !filled.has(r.roleName));
  if (empty.length > 0) throw roleError(`Every role of "${template.name}" needs a signer; still open: ${empty.map((r) => r.roleName).join(', ')}.`);
  return ids;
}

export interface SendPlan {
  recipients: PlannedRecipient[];
  /** The request's documents with their envelope ids (after the template's). */
  documents: PreparedDocument[];
  definition: EnvelopeDefinition;
}

export interface PlanInput {
  request: EnvelopeRequest;
  documents: readonly PreparedDocument[];
  requestId: string;
  recorded: readonly { name: string; value: string }[];
  notification: EventNotification | undefined;
  template: TemplateDetail | undefined;
  workflows: readonly Workflow[];
}

export function planSend(input: PlanInput): SendPlan {
  const { request, template } = input;
  const ids = template === undefined ? undefined : roleIds(request, template);
  // Added documents follow the template's own ids, which DocuSign keeps.
  const offset = template === undefined ? 0 : Math.max(0, ...template.documents.map((d) => Number(d.documentId) || 0));
  const documents = input.documents.map((d, i) => ({ ...d, documentId: String(offset + i + 1) }));
  const documentIds = documents.map((d) => d.documentId);
  const recipients = planRecipients(request, input.requestId, ids);
  const reach = request.signers.map((s, i) => reachFor(s, i, input.workflows));
  const fieldTabs = request.signers.map((s) => tabsFor(s.fields, documentIds));
  if (template === undefined) {
    const extras = request.signers.map((_, i) => ({ ...reach[i], ...(fieldTabs[i] !== undefined ? { tabs: fieldTabs[i] } : {}) }));
    return { recipients, documents, definition: buildDefinition(request, recipients, documents, input.requestId, input.recorded, input.notification, extras) };
  }
  const extras = request.signers.map((s, i) => ({ ...reach[i], ...(s.role !== undefined ? { roleName: s.role } : {}) }));
  const plain = buildDefinition(request, recipients, documents, input.requestId, input.recorded, input.notification, extras);
  const roleTabs = request.signers.map((s) => tabsFor([], documentIds, s.textValues));
  return { recipients, documents, definition: composeWithTemplate(plain, template.templateId, roleTabs, fieldTabs) };
}
