/** Composite templates: a server template's roles filled inline, with the sender's own documents added. */
import { describe, expect, test } from 'vitest';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { fileBytes } from '../../test/support/fixture-files.ts';
import { createSim } from './index.ts';
import { ACCOUNTS, api, ORIGIN, TEMPLATE_ID, tokenFor, USERS } from './test-helpers.ts';

async function setup() {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  return { sim, us: api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs) };
}

const client = { roleName: 'Client', recipientId: '1', name: 'Cy Client', email: 'cy@example.org', tabs: { textTabs: [{ tabLabel: 'company', value: 'Cy Corp' }] } };
const witness = { roleName: 'Witness', recipientId: '2', name: 'Wes Witness', email: 'wes@example.org' };
const contract = { documentId: '2', name: 'contract.pdf', fileExtension: 'pdf', documentBase64: fileBytes('contract.pdf').toString('base64') };

/** The server's shape: the template with its roles, then the page's document with the same recipients. */
const ndaWithContract = (signers: unknown[] = [client, witness], extra: unknown[] = [contract]) => ({
  status: 'sent',
  compositeTemplates: [
    { compositeTemplateId: '1', serverTemplates: [{ sequence: '1', templateId: TEMPLATE_ID }], inlineTemplates: [{ sequence: '2', recipients: { signers } }] },
    { compositeTemplateId: '2', inlineTemplates: [{ sequence: '1', documents: extra, recipients: { signers } }] },
  ],
});

async function refusal(res: Response, errorCode: string) {
  expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({ status: 400, body: { errorCode, message: expect.any(String) as unknown } });
}

describeWithSpec('composite templates', () => {
  test("Mutual NDA plus the page's document: both documents, the roles filled, the text tab valued", async () => {
    const { sim, us } = await setup();
    const body = ndaWithContract();
    expect(validateAgainstSpec('envelopeDefinition', body)).toEqual([]);
    const res = await us.call('POST', '/envelopes', body);
    expect(res.status, await res.clone().text()).toBe(201);
    const [e] = sim.control.envelopes();
    expect(e?.templateId).toBe(TEMPLATE_ID);
    expect(e?.emailSubject).toBe('Please sign the NDA');
    expect(e?.documents.map((d) => [d.documentId, d.name, d.pages])).toEqual([['1', 'Mutual NDA.pdf', 2], ['2', 'contract.pdf', 1]]);
    expect(Buffer.from(e?.documents[1]?.bytes ?? []).equals(fileBytes('contract.pdf'))).toBe(true);
    expect(e?.recipients.signers.map((s) => [s.recipientId, s.roleName, s.name, s.routingOrder])).toEqual([['1', 'Client', 'Cy Client', '1'], ['2', 'Witness', 'Wes Witness', '2']]);
    expect(e?.recipients.signers[0]?.tabs.map((t) => [t.tabLabel, t.value])).toEqual([['company', 'Cy Corp'], ['effective_date', '']]);
  });

  test('tabs placed on the added document and by anchor in it', async () => {
    const { sim, us } = await setup();
    // The template's document in the first composite, the added one (with /sn1/) in the second.
    const onNda = { ...client, tabs: { ...client.tabs, dateSignedTabs: [{ documentId: '1', pageNumber: '2', xPosition: '100', yPosition: '200' }] } };
    const onContract = { ...client, tabs: { signHereTabs: [{ anchorString: '/sn1/' }] } };
    const body = ndaWithContract([onNda, witness]);
    body.compositeTemplates[1] = { compositeTemplateId: '2', inlineTemplates: [{ sequence: '1', documents: [contract], recipients: { signers: [onContract, witness] } }] };
    const res = await us.call('POST', '/envelopes', body);
    expect(res.status, await res.clone().text()).toBe(201);
    const tabs = sim.control.envelopes()[0]?.recipients.signers[0]?.tabs ?? [];
    expect(tabs.filter((t) => t.type !== 'text').map((t) => `${t.type}:${t.documentId ?? ''}:${t.pageNumber ?? ''}`)).toEqual(['dateSigned:1:2', 'signHere:2:1']);
  });
});

describe('composite templates DocuSign refuses', () => {
  test.each<[string, () => unknown, string]>([
    ['an unknown server template', () => ({ status: 'sent', compositeTemplates: [{ serverTemplates: [{ sequence: '1', templateId: '00000000-0000-4000-8000-000000000000' }] }] }), 'TEMPLATE_ID_INVALID'],
    ['a role left empty', () => ndaWithContract([client]), 'TEMPLATE_ROLE_NOT_FILLED'],
    ['a composite with nothing in it', () => ({ status: 'sent', compositeTemplates: [{ compositeTemplateId: '1' }] }), 'INVALID_REQUEST_PARAMETER'],
    ['the added document reusing the template document id', () => ndaWithContract(undefined, [{ ...contract, documentId: '1' }]), 'DOCUMENT_ID_DUPLICATED'],
    ['envelope-level documents beside composite templates', () => ({ ...ndaWithContract(), documents: [contract] }), 'SIMULATOR_UNSUPPORTED'],
    ['a tab on a page the template document does not have', () => ndaWithContract([{ ...client, tabs: { signHereTabs: [{ documentId: '1', pageNumber: '3', xPosition: '1', yPosition: '1' }] } }, witness]), 'TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT'],
  ])('%s', async (_name, body, code) => {
    const { us } = await setup();
    await refusal(await us.call('POST', '/envelopes', body()), code);
  });

  test('a draft may leave a role open', async () => {
    const { us } = await setup();
    expect((await us.call('POST', '/envelopes', { ...ndaWithContract([client]), status: 'created' })).status).toBe(201);
  });
});
