/** The demo CRM page and its attachments, served for `npm start`. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeDocx, makePdf } from './documents.ts';

const FILES: Record<string, { type: string; bytes: Uint8Array }> = {
  'master-services-agreement.pdf': { type: 'application/pdf', bytes: makePdf('Master Services Agreement', 3) },
  'order-form.docx': {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: makeDocx(['Order form', 'Customer: Northwind Traders', 'Amount: $48,000.00', 'Signature: ______________']),
  },
};

export function createDemoApp(): Hono {
  const app = new Hono();
  const page = readFileSync(join(import.meta.dirname, 'crm.html'), 'utf8');
  // The record lives at the path the built-in CRM adapter matches; `/` leads there.
  app.get('/', (c) => c.redirect('/crm-record.html'));
  app.get('/crm-record.html', (c) => c.html(page));
  app.get('/files/:name', (c) => {
    const file = FILES[c.req.param('name')];
    if (!file) return c.text('Not found', 404);
    return c.body(file.bytes.slice().buffer, 200, { 'Content-Type': file.type, 'Content-Length': String(file.bytes.byteLength) });
  });
  return app;
}

export function startDemoServer(host: string, port: number): Promise<{ url: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: createDemoApp().fetch, hostname: host, port }, (info: AddressInfo) =>
      resolve({ url: `http://${host}:${info.port}/`, close: () => server.close() }),
    );
    server.once('error', reject);
  });
}
