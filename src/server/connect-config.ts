/**
 * How DocuSign learns where to send Connect messages: SignBridge puts an `eventNotification` on every
 * envelope it creates for an account whose HMAC keys the server holds (spec `eventNotification`;
 * https://developers.docusign.com/platform/webhooks/connect/). Per envelope rather than an account-level
 * configuration: it needs no DocuSign administrator, works for linked logins on any account as well as
 * for organizations, and DocuSign reports only the envelopes SignBridge sent. The URL comes from the
 * server's public URL, the events from its configuration; `includeHMAC` is always on, since the
 * receiver refuses unsigned messages.
 */
import type { ConnectKeys } from './connect-keys.ts';
import { CONNECT_PATH } from './connect-route.ts';

export interface ConnectConfig {
  keys: ConnectKeys;
  /** Connect events asked for (`envelope-completed`, `recipient-completed`, ...). */
  events: readonly string[];
}

export const DEFAULT_CONNECT_EVENTS = [
  'envelope-sent',
  'envelope-delivered',
  'envelope-completed',
  'envelope-declined',
  'envelope-voided',
  'recipient-sent',
  'recipient-delivered',
  'recipient-completed',
  'recipient-declined',
] as const;

/** spec `eventNotification` (the fields SignBridge sets). */
export interface EventNotification {
  url: string;
  requireAcknowledgment: 'true';
  includeHMAC: 'true';
  loggingEnabled: 'true';
  deliveryMode: 'SIM';
  events: string[];
  eventData: { version: 'restv2.1'; format: 'json'; includeData: string[] };
}

/** The notification for an envelope of `accountId`, or none when the server cannot verify that account's messages. */
export function eventNotificationFor(config: ConnectConfig | undefined, publicUrl: string, accountId: string): EventNotification | undefined {
  if (config === undefined || !config.keys.has(accountId.toLowerCase())) return undefined;
  return {
    url: new URL(CONNECT_PATH, publicUrl).toString(),
    requireAcknowledgment: 'true',
    includeHMAC: 'true',
    loggingEnabled: 'true',
    deliveryMode: 'SIM',
    events: [...config.events],
    // A snapshot of the recipients in each message, so any one message tells the whole state.
    eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients'] },
  };
}
