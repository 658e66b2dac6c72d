/**
 * Prometheus metrics (prom-client), one registry per app so that several apps in one process (tests)
 * count apart. Served on `/metrics` (or a separate listener, `SIGNBRIDGE_METRICS_PORT`). Labels are
 * bounded sets: outcomes, operation names, HTTP status codes; never a user, account or key.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type SendOutcome =
  | 'created'
  /** Adopted an envelope found by request id after a lost answer. */
  | 'found'
  | 'replayed'
  | 'joined'
  | 'in_progress'
  | 'conflict'
  | 'refused'
  | 'failed';

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'signbridge_' });
  const registers = [registry];
  return {
    registry,
    sends: new Counter({ name: 'signbridge_sends_total', help: 'POST /v1/envelopes answers by outcome', labelNames: ['outcome'] as const, registers }),
    sendSeconds: new Histogram({
      name: 'signbridge_send_duration_seconds',
      help: 'Time to answer POST /v1/envelopes, upload read to answer',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    sendPhaseSeconds: new Histogram({
      name: 'signbridge_send_phase_seconds',
      help: 'Time a created envelope spent in each phase of POST /v1/envelopes (send-phases.ts): upload, hashing, store, build, docusign',
      labelNames: ['phase'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    docusignCalls: new Counter({
      name: 'signbridge_docusign_calls_total',
      help: 'DocuSign calls by operation and HTTP status (0: no answer: network error or timeout)',
      labelNames: ['operation', 'status'] as const,
      registers,
    }),
    docusignSeconds: new Histogram({
      name: 'signbridge_docusign_call_duration_seconds',
      help: 'DocuSign call latency by operation',
      labelNames: ['operation'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    retries: new Counter({ name: 'signbridge_docusign_retries_total', help: 'DocuSign calls retried, by operation', labelNames: ['operation'] as const, registers }),
    tokenRequests: new Counter({
      name: 'signbridge_token_requests_total',
      help: 'Requests to DocuSign’s account server about tokens (userinfo, token grants), by operation',
      labelNames: ['operation'] as const,
      registers,
    }),
    connectEvents: new Counter({
      name: 'signbridge_connect_events_total',
      help: 'DocuSign Connect messages verified and stored, by result (applied, unchanged: a duplicate or older, unknown envelope)',
      labelNames: ['result'] as const,
      registers,
    }),
    takeovers: new Counter({ name: 'signbridge_claim_takeovers_total', help: 'Idempotency claims taken over from another instance, by reason', labelNames: ['reason'] as const, registers }),
    http: new Counter({ name: 'signbridge_http_requests_total', help: 'HTTP answers by status code', labelNames: ['status'] as const, registers }),
    clientAborts: new Counter({ name: 'signbridge_client_aborts_total', help: 'Requests the client abandoned before we answered', registers }),
    rateLimited: new Counter({ name: 'signbridge_rate_limited_total', help: 'Requests refused with 429 by our own per-caller limit', registers }),
    inflight: new Gauge({ name: 'signbridge_http_requests_in_flight', help: 'HTTP requests being served', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
