/** Tabs: placed and by anchor, refused as DocuSign refuses them, shown on each signer's signing page. */
import { describe, expect, test } from 'vitest';
import { fileBytes } from '../../test/support/fixture-files.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { createSim, makePdf } from './index.ts';
import { ACCOUNTS, api, ORIGIN, pdfBase64, tokenFor, USERS } from './test-helpers.ts';

async function setup() {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  return { sim, us: api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs) };
}

const twoPages = pdfBase64(makePdf(2, 'Contract'));

function envelope(signers: unknown[], documents: unknown[] = [{ documentId: '1', name: 'Contract.pdf', fileExtension: 'pdf', documentBase64: twoPages }]) {
  return { emailSubject: 'Please sign', status: 'sent', documents, recipients: { signers } };
}

const dana = (tabs: unknown, extra: Record<string, unknown> = {}) => ({ recipientId: '1', routingOrder: '1', name: 'Dana Doe', email: 'dana@example.org', clientUserId: 'c-1', tabs, ...extra });
const eve = (tabs: unknown) => ({ recipientId: '2', routingOrder: '1', name: 'Eve Ek', email: 'eve@example.org', clientUserId: 'c-2', tabs });
const at = (page: string, x: string, y: string) => ({ documentId: '1', pageNumber: page, xPosition: x, yPosition: y });

async function refusal(res: Response, errorCode: string) {
  expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({ status: 400, body: { errorCode, message: expect.any(String) as unknown } });
}

describeWithSpec('tabs placed at pages and positions', () => {
  test('two signers: exactly the posted tabs at their pages and positions, valid against the spec both ways', async () => {
    const { us } = await setup();
    const body = envelope([
      dana({ signHereTabs: [at('2', '100', '600')], dateSignedTabs: [at('2', '300', '600')] }),
      eve({ signHereTabs: [at('1', '100', '650')], fullNameTabs: [at('1', '100', '700')], textTabs: [{ ...at('1', '50', '50'), tabLabel: 'po', value: 'PO-7' }] }),
    ]);
    expect(validateAgainstSpec('envelopeDefinition', body)).toEqual([]);
    const { envelopeId } = (await (await us.call('POST', '/envelopes', body)).json()) as { envelopeId: string };
    const res = await us.call('GET', `/envelopes/${envelopeId}/recipients?include_tabs=true`);
    const recipients = (await res.json()) as { signers: { recipientId: string; tabs: Record<string, { documentId: string; pageNumber: string; xPosition: string; yPosition: string }[]> }[] };
    expect(validateAgainstSpec('recipients', recipients)).toEqual([]);
    const place = (t: { documentId: string; pageNumber: string; xPosition: string; yPosition: string }) => [t.documentId, t.pageNumber, t.xPosition, t.yPosition].join(':');
    const [first, second] = recipients.signers;
    expect(Object.fromEntries(Object.entries(first?.tabs ?? {}).map(([k, list]) => [k, list.map(place)]))).toEqual({ signHereTabs: ['1:2:100:600'], dateSignedTabs: ['1:2:300:600'] });
    expect(Object.fromEntries(Object.entries(second?.tabs ?? {}).map(([k, list]) => [k, list.map(place)]))).toEqual({
      signHereTabs: ['1:1:100:650'],
      fullNameTabs: ['1:1:100:700'],
      textTabs: ['1:1:50:50'],
    });
  });

  test('the signing page shows each signer their own fields only', async () => {
    const { sim, us } = await setup();
    const body = envelope([dana({ signHereTabs: [at('2', '100', '600')], dateSignedTabs: [at('2', '300', '600')] }), eve({ signHereTabs: [at('1', '120', '650')] })]);
    const { envelopeId } = (await (await us.call('POST', '/envelopes', body)).json()) as { envelopeId: string };
    const fields = async (clientUserId: string, userName: string, email: string, recipientId: string) => {
      const view = { returnUrl: 'http://127.0.0.1:8787/done', authenticationMethod: 'none', clientUserId, userName, email, recipientId };
      const { url } = (await (await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, view)).json()) as { url: string };
      const html = await (await sim.fetch(url)).text();
      return [...html.matchAll(/data-type="(\w+)" data-document="(\d+)" data-page="(\d+)" data-x="(\d+)" data-y="(\d+)"/g)].map((m) => m.slice(1).join(':'));
    };
    expect(await fields('c-1', 'Dana Doe', 'dana@example.org', '1')).toEqual(['signHere:1:2:100:600', 'dateSigned:1:2:300:600']);
    expect(await fields('c-2', 'Eve Ek', 'eve@example.org', '2')).toEqual(['signHere:1:1:120:650']);
  });
});

describe('anchor tabs', () => {
  test('/sn1/ in a fixture PDF gets a Sign here where the text is, offsets applied', async () => {
    const { sim, us } = await setup();
    const doc = { documentId: '1', name: 'contract.pdf', fileExtension: 'pdf', documentBase64: fileBytes('contract.pdf').toString('base64') };
    const body = envelope([dana({ signHereTabs: [{ anchorString: '/sn1/', anchorUnits: 'pixels', anchorXOffset: '20', anchorYOffset: '10' }] })], [doc]);
    expect((await us.call('POST', '/envelopes', body)).status).toBe(201);
    const [tab] = sim.control.envelopes()[0]?.recipients.signers[0]?.tabs ?? [];
    // "Signature: /sn1/" starts at x 72, baseline 690 in 12 pt: /sn1/ is 11 characters in; the page is 792 high.
    expect(tab).toMatchObject({ type: 'signHere', documentId: '1', pageNumber: '1', xPosition: String(Math.round(72 + 11 * 6 + 20)), yPosition: String(792 - 690 - 12 + 10) });
  });

  test('an anchor on every page it appears, in every document', async () => {
    const { sim, us } = await setup();
    const pdf = pdfBase64(makePdf(3, 'Terms', [{ page: 1, text: 'Sign: **signature_1**' }, { page: 3, text: 'Again **signature_1**' }]));
    const docs = [{ documentId: '1', name: 'a.pdf', documentBase64: pdf }, { documentId: '2', name: 'b.pdf', documentBase64: pdf }];
    expect((await us.call('POST', '/envelopes', envelope([dana({ initialHereTabs: [{ anchorString: '**signature_1**' }] })], docs))).status).toBe(201);
    const tabs = sim.control.envelopes()[0]?.recipients.signers[0]?.tabs ?? [];
    expect(tabs.map((t) => `${t.type}:${t.documentId ?? ''}:${t.pageNumber ?? ''}`)).toEqual(['initialHere:1:1', 'initialHere:1:3', 'initialHere:2:1', 'initialHere:2:3']);
  });

  test('an anchor that is not there: 400 ANCHOR_TAB_STRING_NOT_FOUND, unless anchorIgnoreIfNotPresent', async () => {
    const { sim, us } = await setup();
    await refusal(await us.call('POST', '/envelopes', envelope([dana({ signHereTabs: [{ anchorString: '/sn9/' }] })])), 'ANCHOR_TAB_STRING_NOT_FOUND');
    const ignored = envelope([dana({ signHereTabs: [{ anchorString: '/sn9/', anchorIgnoreIfNotPresent: 'true' }] })]);
    expect((await us.call('POST', '/envelopes', ignored)).status).toBe(201);
    expect(sim.control.envelopes()[0]?.recipients.signers[0]?.tabs).toEqual([]);
  });
});

describe('tabs DocuSign refuses', () => {
  test.each<[string, unknown, string]>([
    ['a tab on a document the envelope does not have', { signHereTabs: [{ ...at('1', '1', '1'), documentId: '7' }] }, 'TAB_REFERS_TO_MISSING_DOCUMENT'],
    ['a tab without a document', { signHereTabs: [{ pageNumber: '1', xPosition: '1', yPosition: '1' }] }, 'TAB_REFERS_TO_MISSING_DOCUMENT'],
    ['a page beyond the document (2 pages)', { signHereTabs: [at('3', '100', '100')] }, 'TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT'],
    ['a position that is not a number', { dateSignedTabs: [at('1', 'left', '100')] }, 'INVALID_REQUEST_BODY'],
    ['a page number that is not a number', { fullNameTabs: [at('two', '1', '1')] }, 'INVALID_REQUEST_BODY'],
    ['page 0', { fullNameTabs: [at('0', '1', '1')] }, 'INVALID_REQUEST_BODY'],
    ['unknown anchor units', { signHereTabs: [{ anchorString: 'x', anchorUnits: 'furlongs' }] }, 'INVALID_REQUEST_PARAMETER'],
    ['a tab type the simulator does not model', { checkboxTabs: [at('1', '1', '1')] }, 'SIMULATOR_UNSUPPORTED'],
  ])('%s', async (_name, tabs, code) => {
    const { us } = await setup();
    await refusal(await us.call('POST', '/envelopes', envelope([dana(tabs)])), code);
  });

  test('a carbon copy with tabs: 400 INVALID_TAB_FOR_RECIPIENT_TYPE', async () => {
    const { us } = await setup();
    const body = { ...envelope([dana(undefined)]), recipients: { signers: [dana(undefined)], carbonCopies: [{ recipientId: '2', name: 'L', email: 'l@example.org', tabs: { signHereTabs: [at('1', '1', '1')] } }] } };
    await refusal(await us.call('POST', '/envelopes', body), 'INVALID_TAB_FOR_RECIPIENT_TYPE');
  });
});
