/** A listening simulator on real sockets (port 0 for an ephemeral port). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSim, type Sim } from './app.ts';
import type { SimSeed } from './types.ts';

export interface SimServer {
  origin: string;
  sim: Sim;
  close(): Promise<void>;
}

export async function startSimServer(opts: { port?: number; host?: string; seed?: SimSeed } = {}): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  let origin = '';
  const sim = createSim({ origin: () => origin, ...(opts.seed ? { seed: opts.seed } : {}) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: sim.app.fetch, hostname: host, port: opts.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        // Hung requests hold their sockets open on purpose; close them too.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
