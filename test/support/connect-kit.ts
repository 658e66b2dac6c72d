/**
 * The server kit with DocuSign Connect set up: two active HMAC keys on Alice's account (a rotation in
 * progress) and one on Bob's, known to both the simulator (which signs with them) and the server
 * (which checks them). The simulator's deliveries reach the server in-process.
 */
import { loadDefaultSeed, type SimSeed } from '../../src/sim/index.ts';
import { DEFAULT_CONNECT_EVENTS } from '../../src/server/connect-config.ts';
import { CONNECT_PATH } from '../../src/server/connect-route.ts';
import type { TrackedEnvelope } from '../../src/server/status-model.ts';
import { createKit, envelopeRequest, pdf, PUBLIC_URL, send, type KitOptions } from './server-kit.ts';

export const ALICE_US = 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55';
export const BOB_ACCOUNT = '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88';
export const KEYS = { aliceOld: 'sim-connect-hmac-na2-key1', aliceNew: 'sim-connect-hmac-na2-key2-rotated', bob: 'sim-connect-hmac-na3-key1-bob' };
export const CONNECT_URL = `${PUBLIC_URL}${CONNECT_PATH}`;

export function connectSeed(): SimSeed {
  const seed = loadDefaultSeed();
  return {
    ...seed,
    accounts: seed.accounts.map((a) =>
      a.accountId === ALICE_US ? { ...a, connectHmacKeys: [KEYS.aliceOld, KEYS.aliceNew] } : a.accountId === BOB_ACCOUNT ? { ...a, connectHmacKeys: [KEYS.bob] } : a,
    ),
  };
}

export function createConnectKit(options: KitOptions = {}) {
  const keys = new Map([
    [ALICE_US, [KEYS.aliceOld, KEYS.aliceNew]],
    [BOB_ACCOUNT, [KEYS.bob]],
  ]);
  const kit = createKit({ seed: connectSeed(), ...options, config: { connect: { keys, events: DEFAULT_CONNECT_EVENTS }, ...options.config } });
  let n = 0;
  /** Sends through the server as the extension does: two e-mail signers in routing order 1 and 2. */
  const sendEmail = async (token: string, overrides: Parameters<typeof envelopeRequest>[0] = {}): Promise<string> => {
    const request = envelopeRequest({
      signers: [
        { name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1 },
        { name: 'Eli Ek', email: 'eli@example.org', routingOrder: 2 },
      ],
      carbonCopies: [],
      ...overrides,
    });
    n += 1;
    const res = await send(kit.app, { token, key: `connect-kit-${n}-${Date.now()}`, request, documents: [{ bytes: pdf(), name: 'Offer.pdf' }] });
    if (res.status !== 201) throw new Error(`send failed: ${res.status} ${await res.text()}`);
    const { envelopeId } = (await res.json()) as { envelopeId: string };
    await kit.sim.control.settle();
    return envelopeId;
  };
  return { ...kit, sendEmail };
}

/** A status record for a fresh store, as the server writes it when it sends. */
export function tracked(envelopeId: string, now: number, accountId = ALICE_US): TrackedEnvelope {
  return {
    tenant: '',
    principal: 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11',
    accountId,
    envelopeId,
    subject: 'Please sign the offer',
    source: { url: 'https://crm.example.com/deals/42', title: 'Deal 42' },
    documents: ['Offer.pdf'],
    status: 'sent',
    sentAt: now,
    updatedAt: now,
    recipients: [
      { recipientId: '1', kind: 'signer', name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, status: 'sent', sentAt: now },
      { recipientId: '2', kind: 'signer', name: 'Eli Ek', email: 'eli@example.org', routingOrder: 2, status: 'created' },
    ],
  };
}
