/**
 * Connect: on each status change the simulator POSTs DocuSign's JSON SIM payload to the envelope's
 * `eventNotification.url` and to the account's Connect configurations that listen for the event,
 * signed with `X-DocuSign-Signature-{n}` = Base64(HMAC-SHA256(key, raw body)) for each account key.
 * A failed delivery (no 2xx, network error, 100 s timeout) is retried on the test clock.
 */
import { createHmac } from 'node:crypto';
import type { Announce } from './lifecycle.ts';
import { customFieldsJson, dsDate, recipientsJson } from './serialize.ts';
import type { Store } from './store.ts';
import type { SimEnvelope, SimRecipient } from './types.ts';

/** UNCONFIRMED schedule: FACTS.md 7 says SIM mode retries once per day, at most 10 times. */
export const RETRY_INTERVAL_MS = 24 * 3600_000;
export const MAX_RETRIES = 10;
const ACK_TIMEOUT_MS = 100_000;

export interface Connect {
  announce: Announce;
  /** Attempts every delivery due at the current clock time. */
  runDue(): Promise<void>;
  /** Waits until no delivery attempt is in flight. */
  settle(): Promise<void>;
}

export function createConnect(store: Store, deliver: typeof fetch): Connect {
  const inFlight = new Set<Promise<void>>();

  // The JSON SIM payload (connect.schema-v2.json sample). `envelopeSummary` and its parts come only when
  // requested through eventData.includeData (FACTS.md 7).
  const payload = (e: SimEnvelope, event: string, configurationId: string, includeData: string[] | undefined, recipient?: SimRecipient) => {
    const sender = store.users.get(e.createdBy.sub);
    const has = (part: string) => includeData?.includes(part) === true;
    const summary = includeData && {
      status: e.status,
      emailSubject: e.emailSubject,
      sender: { userName: sender?.name ?? '', userId: e.createdBy.sub, accountId: e.accountId, email: sender?.email ?? '' },
      statusChangedDateTime: dsDate(e.statusChangedDateTime),
      ...(has('recipients') ? { recipients: recipientsJson(e, has('tabs')) } : {}),
      ...(has('custom_fields') ? { customFields: customFieldsJson(e) } : {}),
      ...(has('documents') ? { envelopeDocuments: e.documents.map((d) => ({ documentId: d.documentId, name: d.name, type: 'content' })) } : {}),
    };
    return JSON.stringify({
      event,
      apiVersion: 'v2.1',
      uri: `/restapi/v2.1/accounts/${e.accountId}/envelopes/${e.envelopeId}`,
      retryCount: 0,
      configurationId,
      generatedDateTime: dsDate(store.now()),
      data: {
        accountId: e.accountId,
        userId: e.createdBy.sub,
        envelopeId: e.envelopeId,
        ...(recipient ? { recipientId: recipient.recipientId } : {}),
        ...(summary ? { envelopeSummary: summary } : {}),
      },
    });
  };

  const attempt = async (d: Store['deliveries'][number]): Promise<void> => {
    d.attempts += 1;
    let status: number;
    try {
      const res = await deliver(d.url, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(ACK_TIMEOUT_MS) });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 0;
    }
    d.lastStatus = status;
    if (status >= 200 && status < 300) {
      d.state = 'delivered';
      delete d.nextAttemptAt;
    } else if (!d.retry || d.attempts > MAX_RETRIES) {
      d.state = 'failed';
      delete d.nextAttemptAt;
    } else {
      d.nextAttemptAt = store.now() + RETRY_INTERVAL_MS;
    }
  };

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const enqueue = (e: SimEnvelope, event: string, url: string, configurationId: string, hmac: boolean, retry: boolean, includeData: string[] | undefined, recipient?: SimRecipient) => {
    const body = payload(e, event, configurationId, includeData, recipient);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-DocuSign-AccountId': e.accountId };
    if (hmac) {
      const keys = store.accounts.get(e.accountId)?.connectHmacKeys ?? [];
      keys.forEach((key, i) => {
        headers[`X-DocuSign-Signature-${i + 1}`] = createHmac('sha256', key).update(body, 'utf8').digest('base64');
      });
      if (keys.length > 0) headers['X-Authorization-Digest'] = 'HMACSHA256';
    }
    const d = { envelopeId: e.envelopeId, event, url, attempts: 0, state: 'pending' as const, body, headers, retry };
    store.deliveries.push(d);
    track(attempt(d));
  };

  const announce: Announce = (e, event, recipient) => {
    const en = e.eventNotification;
    // Only deliveries that require acknowledgement are retried (spec eventNotification.requireAcknowledgment).
    if (en && en.events.includes(event)) enqueue(e, event, en.url, 'envelope', en.includeHMAC, en.requireAcknowledgment, en.includeData, recipient);
    for (const cfg of store.accounts.get(e.accountId)?.connectConfigurations ?? []) {
      if (cfg.events.includes(event)) enqueue(e, event, cfg.urlToPublishTo, cfg.connectId, cfg.includeHMAC === true, cfg.requireAcknowledgment !== false, cfg.includeData, recipient);
    }
  };

  const settle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    announce,
    settle,
    async runDue() {
      await settle();
      for (const d of store.deliveries) {
        if (d.state === 'pending' && d.nextAttemptAt !== undefined && d.nextAttemptAt <= store.now()) track(attempt(d));
      }
      await settle();
    },
  };
}
