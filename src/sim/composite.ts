/**
 * Composite templates (spec `compositeTemplate`): each overlays server templates (`serverTemplates`,
 * saved templates by id) and inline templates (`inlineTemplates`, recipients and documents given in
 * the request), in `sequence` order. What the simulator models:
 * - the composite's documents: its own `document` if given, else its inline templates' documents if
 *   any, else its server templates' documents (DocuSign: the composite `document` replaces the
 *   server template's documents); the envelope holds every composite's documents in order;
 * - recipients come from the inline templates; one whose `roleName` is a role of a server template in
 *   the same composite fills that role (its recipientId, routing order and text tabs by label);
 *   recipients with the same recipientId in several composites are one recipient; the tabs of an
 *   inline recipient refer to the documents of its own composite;
 * - to send, every role of every server template needs a recipient.
 */
import { array, object, scalar, type Obj } from './body.ts';
import { parseDocument, sha256, type UploadedDocument } from './documents.ts';
import { Errors, esignError } from './errors.ts';
import { makePdf } from './pdf.ts';
import { fillRoleTabs, parseRecipient } from './recipients.ts';
import { placeTabs } from './tabs.ts';
import type { Store } from './store.ts';
import type { SeedTemplate, SimDocument, SimRecipient } from './types.ts';

export interface ParsedComposites {
  documents: SimDocument[];
  signers: SimRecipient[];
  carbonCopies: SimRecipient[];
  /** The first server template's id and subject. */
  templateId?: string;
  emailSubject?: string;
}

const bySequence = (list: Obj[], path: string): Obj[] =>
  list
    .map((item, i) => ({ item, seq: Number(scalar(item, 'sequence', `${path}[${i}].`) ?? i + 1) }))
    .sort((a, b) => a.seq - b.seq)
    .map((x) => x.item);

const templateDocuments = (t: SeedTemplate): SimDocument[] =>
  t.documents.map((d) => {
    const bytes = makePdf(d.pages, d.name);
    return { documentId: d.documentId, name: d.name, fileExtension: 'pdf', bytes, sha256: sha256(bytes), pages: d.pages };
  });

/** Adds `r` to `list`, or merges its tabs into the recipient of the same id already there. */
function merge(list: SimRecipient[], r: SimRecipient): void {
  const same = list.find((x) => x.recipientId === r.recipientId);
  if (same) same.tabs.push(...r.tabs.filter((t) => !same.tabs.some((s) => s.type === t.type && s.tabLabel !== '' && s.tabLabel === t.tabLabel)));
  else list.push(r);
}

export function parseComposites(store: Store, accountId: string, body: Obj, uploads: Map<string, UploadedDocument>, sending: boolean): ParsedComposites {
  const out: ParsedComposites = { documents: [], signers: [], carbonCopies: [] };
  const used: SeedTemplate[] = [];
  const composites = array(body, 'compositeTemplates', '');
  composites.forEach((ct, i) => {
    const path = `compositeTemplates[${i}].`;
    const servers = bySequence(array(ct, 'serverTemplates', path), `${path}serverTemplates`).map((s, j) => {
      const templateId = scalar(s, 'templateId', `${path}serverTemplates[${j}].`) ?? '';
      const t = store.templates.get(templateId);
      // UNCONFIRMED code, as for a top-level templateId.
      if (!t || t.accountId !== accountId) throw esignError(400, 'TEMPLATE_ID_INVALID', `Invalid template ID: ${templateId}.`);
      return t;
    });
    const inlines = bySequence(array(ct, 'inlineTemplates', path), `${path}inlineTemplates`);
    // UNCONFIRMED code: a composite template with nothing in it.
    if (servers.length === 0 && inlines.length === 0) throw Errors.invalidParameter(`Composite template ${i + 1} has neither serverTemplates nor inlineTemplates.`);
    used.push(...servers);
    const own = object(ct, 'document', path);
    const inlineDocs = inlines.flatMap((it, j) => array(it, 'documents', `${path}inlineTemplates[${j}].`));
    const docs = own ? [parseDocument(own, out.documents.length, uploads)]
      : inlineDocs.length > 0 ? inlineDocs.map((d, k) => parseDocument(d, out.documents.length + k, uploads))
        : servers.flatMap(templateDocuments);
    out.documents.push(...docs);
    const roles = servers.flatMap((t) => t.roles);
    inlines.forEach((it, j) => {
      const at = `${path}inlineTemplates[${j}].recipients.`;
      const recipients = object(it, 'recipients', `${path}inlineTemplates[${j}].`) ?? {};
      array(recipients, 'signers', at).forEach((r, k) => {
        const role = roles.find((x) => x.roleName === scalar(r, 'roleName', `${at}signers[${k}].`));
        const filled = role ? { ...r, recipientId: role.recipientId, routingOrder: scalar(r, 'routingOrder', at) ?? role.routingOrder } : r;
        const signer = parseRecipient(filled, `${at}signers[${k}].`, 'signer');
        if (role) fillRoleTabs(signer, role);
        // An inline template's tabs refer to its own composite's documents (anchors are searched there).
        signer.tabs = placeTabs(signer, docs);
        merge(out.signers, signer);
      });
      array(recipients, 'carbonCopies', at).forEach((r, k) => merge(out.carbonCopies, parseRecipient(r, `${at}carbonCopies[${k}].`, 'carbonCopy')));
    });
  });
  const missing = used.flatMap((t) => t.roles).filter((role) => !out.signers.some((s) => s.roleName === role.roleName));
  if (sending && missing.length > 0) {
    // UNCONFIRMED code, as for templateRoles.
    throw esignError(400, 'TEMPLATE_ROLE_NOT_FILLED', `Every template role needs a recipient. Missing: ${[...new Set(missing.map((m) => m.roleName))].join(', ')}.`);
  }
  const first = used[0];
  if (first) {
    out.templateId = first.templateId;
    out.emailSubject = first.emailSubject;
  }
  return out;
}
