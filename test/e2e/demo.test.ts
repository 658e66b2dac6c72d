/** The demo CRM page that `npm start` serves works with the extension as shipped: buttons and prefill. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { createDemoApp } from '../../src/tools/demo/server.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';
import { SEND_BUTTON } from './content-pages.ts';

let origin = '';
let close = () => {};
beforeAll(async () => {
  await new Promise<void>((done) => {
    const server = serve({ fetch: createDemoApp().fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      origin = `http://127.0.0.1:${info.port}`;
      close = () => {
        server.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
      };
      done();
    });
  });
});
afterAll(() => close());

describeInBrowser('the demo CRM page', () => {
  test('each attachment gets one button, and the dialog is prefilled from the record', async ({ harness }) => {
    const page = await harness.context.newPage();
    await page.goto(`${origin}/`);
    expect(new URL(page.url()).pathname).toBe('/crm-record.html');
    await expect.poll(() => page.getByRole('button', { name: SEND_BUTTON }).count(), { timeout: 10_000 }).toBe(2);

    await page.getByRole('button', { name: SEND_BUTTON }).first().click();
    const prefix = `chrome-extension://${harness.extensionId}/src/dialog/index.html#`;
    const dialog = await waitFor(() => page.frames().find((f) => f.url().startsWith(prefix)), 'the send dialog');
    await expect.poll(() => dialog.getByLabel('Recipient 1 name').inputValue({ timeout: 500 }), { timeout: 10_000 }).toBe('Dana Whitfield');
    expect(await dialog.getByLabel('Recipient 1 email').inputValue()).toBe('dana.whitfield@example.com');
    expect(await dialog.getByLabel('Subject').inputValue()).toContain('Northwind renewal 2027');
    await page.close();
  });
});
