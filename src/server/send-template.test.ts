/** Sending from the "Mutual NDA" template: roles from the page, text values, the page's document added. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { EnvelopeRequestInput, EnvelopeResponse } from '../shared/api.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { fileBytes } from '../../test/support/fixture-files.ts';
import { captureDefinitions, errorOf } from '../../test/support/outgoing.ts';
import { createKit, envelopeRequest, orgSuiteAsDana, send } from '../../test/support/server-kit.ts';

const NDA = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const contract = { bytes: fileBytes('contract.pdf'), name: 'contract.pdf' };

/** The Client role from the page's contact, `company` from the record; a witness typed in. */
const ndaRequest = (overrides: Partial<EnvelopeRequestInput> = {}) =>
  envelopeRequest({
    template: { templateId: NDA },
    carbonCopies: [],
    signers: [
      { name: 'Cy Client', email: 'cy@example.org', routingOrder: 1, role: 'Client', textValues: [{ label: 'company', value: 'Cy Corp' }] },
      { name: 'Wes Witness', email: 'wes@example.org', routingOrder: 2, role: 'Witness' },
    ],
    ...overrides,
  });

describeWithSpec('sending from a template (own login)', () => {
  test("Mutual NDA with the page's document added: both documents, roles filled, company valued, valid against the spec", async () => {
    const out = captureDefinitions();
    const kit = createKit({ wrapFetch: out.wrapFetch });
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'tpl-added-0001', request: ndaRequest(), documents: [contract] });
    expect(res.status, await res.clone().text()).toBe(201);
    const answer = (await res.json()) as EnvelopeResponse;
    expect(answer.templateId).toBe(NDA);
    // The added document follows the template's document 1.
    expect(answer.documents.map((d) => [d.documentId, d.name])).toEqual([['2', 'contract.pdf']]);
    const [e] = kit.sim.control.envelopes();
    expect(e?.templateId).toBe(NDA);
    expect(e?.documents.map((d) => d.name)).toEqual(['Mutual NDA.pdf', 'contract.pdf']);
    expect(e?.documents[1]?.sha256).toBe(sha256(contract.bytes));
    expect(e?.recipients.signers.map((s) => [s.roleName, s.name, s.email])).toEqual([['Client', 'Cy Client', 'cy@example.org'], ['Witness', 'Wes Witness', 'wes@example.org']]);
    expect(e?.recipients.signers[0]?.tabs.filter((t) => t.type === 'text').map((t) => [t.tabLabel, t.value])).toEqual([['company', 'Cy Corp'], ['effective_date', '']]);
    expect(e?.customFields.textCustomFields).toContainEqual(expect.objectContaining({ name: 'signbridge_request_id', value: answer.requestId }));
    expect(validateAgainstSpec('envelopeDefinition', out.bodies[0])).toEqual([]);
  }, 60_000);

  test('the template alone, with a Sign here by anchor on the added document', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const request = ndaRequest();
    request.signers[0] = { ...request.signers[0], fields: [{ kind: 'signHere', anchor: '/sn1/' }] } as EnvelopeRequestInput['signers'][number];
    expect((await send(kit.app, { token, key: 'tpl-alone-00001', request: ndaRequest(), documents: [] })).status).toBe(201);
    expect(kit.sim.control.envelopes()[0]?.documents.map((d) => d.name)).toEqual(['Mutual NDA.pdf']);
    expect((await send(kit.app, { token, key: 'tpl-anchor-0001', request, documents: [contract] })).status).toBe(201);
    const client = kit.sim.control.envelopes()[1]?.recipients.signers[0];
    expect(client?.tabs.filter((t) => t.type === 'signHere').map((t) => `${t.documentId ?? ''}:${t.pageNumber ?? ''}`)).toEqual(['2:1']);
  });
});

describe('template use refused before anything is sent', () => {
  const Client = { name: 'Cy Client', email: 'cy@example.org', routingOrder: 1, role: 'Client' };
  const Witness = { name: 'Wes Witness', email: 'wes@example.org', routingOrder: 2, role: 'Witness' };
  test.each<[string, Partial<EnvelopeRequestInput>, number, string]>([
    ['a role the template lacks', { signers: [Client, { ...Witness, role: 'Boss' }] }, 400, 'template_role_invalid'],
    ['a role left open', { signers: [Client] }, 400, 'template_role_invalid'],
    ['a role filled twice', { signers: [Client, { ...Witness, role: 'Client' }] }, 400, 'template_role_invalid'],
    ['a signer without a role', { signers: [Client, { ...Witness, role: undefined }] as EnvelopeRequestInput['signers'] }, 400, 'template_role_invalid'],
    ['a text field the role lacks', { signers: [{ ...Client, textValues: [{ label: 'salary', value: '1' }] }, Witness] }, 400, 'template_role_invalid'],
    ['an unknown template', { template: { templateId: '00000000-0000-4000-8000-000000000000' } }, 404, 'template_not_found'],
  ])('%s: refused, no envelope', async (_name, overrides, status, code) => {
    const kit = createKit();
    const token = await kit.login('alice');
    expect(await errorOf(await send(kit.app, { token, key: 'tpl-bad-000001', request: ndaRequest(overrides), documents: [] }))).toEqual({ status, code });
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign' && c.method === 'POST')).toEqual([]);
  });

  test('a role without a template: 400', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const request = envelopeRequest({ signers: [{ name: 'Cy', email: 'cy@example.org', routingOrder: 1, role: 'Client' }] });
    expect(await errorOf(await send(kit.app, { token, key: 'tpl-norole-0001', request }))).toEqual({ status: 400, code: 'bad_request' });
  });
});

describeWithSpec('sending from a template as an organization member', () => {
  const world = orgSuiteAsDana();

  test('Mutual NDA from the Adams account through the system user, the page document added', async () => {
    const res = await send(world.kit.app, { token: world.dana.session, key: 'tpl-org-000001', request: ndaRequest(), documents: [contract] });
    expect(res.status, await res.clone().text()).toBe(201);
    const e = world.kit.sim.control.envelopes().at(-1);
    expect(e?.createdBy.clientId).toBe(world.kit.org.jwtClientId);
    expect(e?.documents.map((d) => d.name)).toEqual(['Mutual NDA.pdf', 'contract.pdf']);
    expect(e?.customFields.textCustomFields).toContainEqual(expect.objectContaining({ name: 'signbridge_member_email', value: 'dana@adams.example' }));
  });
});
