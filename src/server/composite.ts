/**
 * An envelope from a saved template with the sender's documents added: DocuSign's composite templates
 * (spec `compositeTemplate`; code-examples-node addDocToTemplate.js). The first composite overlays the
 * server template with an inline template holding the recipients, each signer naming the role they fill
 * (`roleName`) with its text values; the second, when the request brings documents, is an inline
 * template with those documents and the same recipients carrying the fields placed on them. An
 * inline template's tabs refer to the documents of its own composite.
 */
import type { CompositeTemplate, DefinitionRecipients, EnvelopeDefinition } from './envelope.ts';
import type { Tabs } from './fields.ts';

export function mergeTabs(a: Tabs | undefined, b: Tabs | undefined): Tabs | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: Tabs = { ...a };
  for (const [key, list] of Object.entries(b)) out[key] = [...(out[key] ?? []), ...(list ?? [])];
  return out;
}

/**
 * Moves a plain definition's recipients and documents into composite templates around `templateId`.
 * `roleTabs` (text values) go on the template's documents, `fieldTabs` on the added ones (or on the
 * template's when nothing is added: anchors then search the template's documents).
 */
export function composeWithTemplate(
  definition: EnvelopeDefinition,
  templateId: string,
  roleTabs: readonly (Tabs | undefined)[],
  fieldTabs: readonly (Tabs | undefined)[],
): EnvelopeDefinition {
  const { documents = [], recipients = { signers: [], carbonCopies: [] }, ...rest } = definition;
  const added = documents.length > 0;
  const withTabs = (pick: (i: number) => Tabs | undefined): DefinitionRecipients => ({
    signers: recipients.signers.map(({ tabs: _none, ...s }, i) => {
      const tabs = pick(i);
      return tabs === undefined ? s : { ...s, tabs };
    }),
    carbonCopies: recipients.carbonCopies,
  });
  const composites: CompositeTemplate[] = [
    {
      compositeTemplateId: '1',
      serverTemplates: [{ sequence: '1', templateId }],
      inlineTemplates: [{ sequence: '2', recipients: withTabs((i) => (added ? roleTabs[i] : mergeTabs(roleTabs[i], fieldTabs[i]))) }],
    },
  ];
  if (added) {
    composites.push({ compositeTemplateId: '2', inlineTemplates: [{ sequence: '1', documents, recipients: withTabs((i) => fieldTabs[i]) }] });
  }
  return { ...rest, compositeTemplates: composites };
}
