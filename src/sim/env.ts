/** The Hono environment of the simulator's app: per-request variables and what the transport binds. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultMode } from './types.ts';

/** What `sim.fetch` passes as env: the fault middleware tells it which network failure to act out. */
export interface InProcessTransport {
  kind: 'in-process';
  fault?: FaultMode;
}

export type SimBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse; transport?: InProcessTransport };

export type SimEnv = {
  Bindings: SimBindings;
  Variables: {
    kind: 'oauth' | 'esign' | 'sim' | 'monitor' | 'admin';
    clientId: string;
    sub: string;
    accountId: string;
    errorCode: string;
    fault: FaultMode;
    pollingViolation: boolean;
  };
};
