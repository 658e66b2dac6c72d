/** GET /v1/templates and /v1/templates/{id}: the account's templates, cached briefly per caller and account. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TemplateDetail, TemplateListResponse } from '../shared/api-templates.ts';
import { createKit, createOrgKit, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const NDA = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';
const get = (app: ReturnType<typeof createKit>['app'], path: string, token: string) => Promise.resolve(app.request(path, { headers: { Authorization: `Bearer ${token}` } }));

describe('templates for a linked login', () => {
  test('the list and one template with its roles and text fields; a second read within a minute is the cached copy', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const list = await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, token);
    expect(list.status).toBe(200);
    expect((await list.json()) as TemplateListResponse).toEqual({ templates: [{ templateId: NDA, name: 'Mutual NDA', description: 'Two-party non-disclosure agreement' }] });
    const one = await get(kit.app, `/v1/templates/${NDA}?accountId=${SIM_ACCOUNTS.aliceUs}`, token);
    expect((await one.json()) as TemplateDetail).toEqual({
      templateId: NDA,
      name: 'Mutual NDA',
      description: 'Two-party non-disclosure agreement',
      emailSubject: 'Please sign the NDA',
      documents: [{ documentId: '1', name: 'Mutual NDA.pdf' }],
      roles: [
        { roleName: 'Client', recipientId: '1', routingOrder: 1, textFields: ['company', 'effective_date'] },
        { roleName: 'Witness', recipientId: '2', routingOrder: 2, textFields: [] },
      ],
    });
    const reads = () => kit.sim.control.calls().filter((c) => c.path.includes('/templates')).length;
    expect(reads()).toBe(2);
    await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, token);
    await get(kit.app, `/v1/templates/${NDA}?accountId=${SIM_ACCOUNTS.aliceUs}`, token);
    expect(reads()).toBe(2);
    await kit.sim.control.advance(61_000);
    await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, token);
    expect(reads()).toBe(3);
  });

  test("another login does not read this login's copy; a foreign account, a bad id and no token are refused", async () => {
    const kit = createKit();
    const alice = await kit.login('alice');
    const bob = await kit.login('bob');
    await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, alice);
    const foreign = await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, bob);
    expect(foreign.status).toBe(403);
    const bobs = await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.bob}`, bob);
    expect((await bobs.json()) as TemplateListResponse).toEqual({ templates: [] });
    expect((await get(kit.app, `/v1/templates/${NDA}?accountId=${SIM_ACCOUNTS.bob}`, bob)).status).toBe(404);
    expect((await get(kit.app, `/v1/templates/not-a-guid?accountId=${SIM_ACCOUNTS.aliceUs}`, alice)).status).toBe(404);
    expect((await get(kit.app, '/v1/templates?accountId=nope', alice)).status).toBe(400);
    expect((await kit.app.request(`/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`)).status).toBe(401);
  });
});

describe('templates for an organization member', () => {
  let kit: Awaited<ReturnType<typeof createOrgKit>>;
  beforeAll(async () => {
    kit = await createOrgKit();
  });
  afterAll(() => kit.close());

  test("a member reads its tenant's account's templates through the system user; another tenant's account is refused", async () => {
    const dana = await kit.signIn('dana@adams.example', 'adams');
    const res = await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, dana.session);
    expect(res.status).toBe(200);
    expect(((await res.json()) as TemplateListResponse).templates.map((t) => t.name)).toEqual(['Mutual NDA']);
    const call = kit.sim.control.calls().find((c) => c.path.endsWith('/templates'));
    expect(call?.clientId).toBe(kit.org.jwtClientId);
    const erin = await kit.signIn('erin@northwind.example', 'northwind');
    expect((await get(kit.app, `/v1/templates?accountId=${SIM_ACCOUNTS.aliceUs}`, erin.session)).status).toBe(403);
  });
});
