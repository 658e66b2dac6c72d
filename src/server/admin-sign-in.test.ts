/**
 * Administrator sign-in across instances: `/admin/login` on one server instance, the identity
 * provider's redirect to another on the same store; the state works once, on whichever instance.
 */
import { afterEach, expect, test } from 'vitest';
import { describeEachStore } from '../../test/support/postgres.ts';
import { idpAuthorize } from '../../test/support/idp-login.ts';
import { createOrgKit, PUBLIC_URL } from '../../test/support/server-kit.ts';
import { createApp } from './app.ts';
import { openStore } from './db/open.ts';
import { memoryLogger } from './log.ts';
import type { Store } from './store.ts';

const CALLBACK = `${PUBLIC_URL}/admin/oidc/callback`;

describeEachStore('admin sign-in', (backend) => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closing.length > 0) await closing.pop()?.();
  });

  test('started on one instance, finished on another; the same redirect again is refused on both', async () => {
    const location = await backend.location();
    const storeA: Store = openStore(location);
    const storeB: Store = openStore(location);
    closing.push(() => storeA.close(), () => storeB.close());
    const kit = await createOrgKit({ store: storeA });
    closing.push(() => kit.close());
    const b = createApp({ config: kit.config, log: memoryLogger('warn'), fetch: kit.sim.fetch, store: storeB, now: () => kit.sim.control.now() });

    const login = await kit.app.request('/admin/login?tenant=adams');
    expect(login.status).toBe(302);
    const back = await idpAuthorize(login.headers.get('location') ?? '', CALLBACK, 'adam.admin@adams.example');
    const callback = `${back.pathname}${back.search}`;

    const finished = await b.request(callback);
    expect(finished.status, await finished.clone().text()).toBe(303);
    const cookie = /signbridge_admin=([^;]+)/.exec(finished.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeDefined();
    const page = await kit.app.request('/admin', { headers: { cookie: `signbridge_admin=${cookie ?? ''}` } });
    expect(await page.text()).toContain('id="who" data-tenant="adams"');

    for (const instance of [kit.app, b]) {
      const again = await instance.request(callback);
      expect(again.status).toBe(400);
      expect(await again.text()).toContain('unknown or expired');
    }
  });
});
