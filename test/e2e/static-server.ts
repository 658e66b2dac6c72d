/** Serves a folder of fixture pages on 127.0.0.1 at a free port, for the browser tests. */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';

const ROOT_DIR = resolve(import.meta.dirname, '../..');

export interface StaticServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startStaticServer(folder: string, port = 0): Promise<StaticServer> {
  const app = new Hono();
  app.use('/*', serveStatic({ root: relative(process.cwd(), folder) }));
  return new Promise((resolveServer) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info: AddressInfo) => {
      const origin = `http://127.0.0.1:${info.port}`;
      resolveServer({
        origin,
        url: (path) => `${origin}/${path.replace(/^\//, '')}`,
        // Chromium keeps connections alive; close them or `close` waits for their idle timeout.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}

/** The fixture pages (test/pages) served for one test file: the `pages` fixture of the browser harnesses. */
export const pagesFixture = [
  // eslint-disable-next-line no-empty-pattern
  async ({}: object, use: (server: StaticServer) => Promise<void>) => {
    const server = await startStaticServer(join(ROOT_DIR, 'test/pages'));
    await use(server);
    await server.close();
  },
  { scope: 'file' },
] as const;
