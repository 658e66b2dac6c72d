/**
 * The worker's site registration with the browser faked: administrator sites (which a browser test
 * cannot set: `storage.managed` comes from policy only), permissions, and the one dynamic script.
 * The real registration and injection are shown in Chromium by test/e2e/content-sites.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const state = {
    local: {} as Record<string, unknown>,
    managed: {} as Record<string, unknown>,
    granted: new Set<string>(),
    scripts: [] as { id: string; matches: string[]; js: string[]; persistAcrossSessions?: boolean }[],
    removed: [] as string[],
  };
  return state;
});

vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      local: {
        get: (key: string) => Promise.resolve(key in fake.local ? { [key]: structuredClone(fake.local[key]) } : {}),
        set: (items: Record<string, unknown>) => Promise.resolve(void Object.assign(fake.local, structuredClone(items))),
        remove: (key: string) => Promise.resolve(void delete fake.local[key]),
      },
      managed: { get: (key: string) => Promise.resolve(key in fake.managed ? { [key]: fake.managed[key] } : {}) },
    },
    permissions: {
      contains: ({ origins }: { origins: string[] }) => Promise.resolve(origins.every((o) => fake.granted.has(o))),
      remove: ({ origins }: { origins: string[] }) => {
        for (const o of origins) {
          fake.granted.delete(o);
          fake.removed.push(o);
        }
        return Promise.resolve(true);
      },
    },
    runtime: {
      getManifest: () => ({ content_scripts: [{ js: ['assets/content.js'] }], host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'] }),
    },
  },
}));

vi.stubGlobal('chrome', {
  scripting: {
    getRegisteredContentScripts: ({ ids }: { ids: string[] }) => Promise.resolve(fake.scripts.filter((s) => ids.includes(s.id))),
    registerContentScripts: (scripts: typeof fake.scripts) => {
      for (const s of scripts) if (fake.scripts.some((x) => x.id === s.id)) return Promise.reject(new Error(`Duplicate script ID '${s.id}'`));
      fake.scripts.push(...structuredClone(scripts));
      return Promise.resolve();
    },
    unregisterContentScripts: ({ ids }: { ids: string[] }) => {
      fake.scripts = fake.scripts.filter((s) => !ids.includes(s.id));
      return Promise.resolve();
    },
  },
});
// One lock holder at a time, as the Web Locks API gives.
let chain = Promise.resolve();
vi.stubGlobal('navigator', {
  locks: {
    request: <T>(_name: string, body: () => Promise<T>) => {
      const run = chain.then(body);
      chain = run.then(() => undefined, () => undefined);
      return run;
    },
  },
});

const { createSiteHandlers, syncSites, userSites } = await import('./sites.ts');
const sender = { kind: 'extension-page' as const, tabId: undefined, frameId: undefined, url: 'chrome-extension://id/src/popup/index.html' };
const matches = () => fake.scripts.map((s) => s.matches);

beforeEach(() => {
  fake.local = {};
  fake.managed = {};
  fake.granted = new Set(['http://127.0.0.1/*', 'http://localhost/*']);
  fake.scripts = [];
  fake.removed = [];
});

describe('sites the content script is registered for', () => {
  it('an administrator’s site runs once it is granted; the user cannot disable it', async () => {
    fake.managed = { enabledSites: ['https://crm.acme.example/app', 'not a url'] };
    const handlers = createSiteHandlers();
    expect(await syncSites()).toEqual([]);
    expect(await handlers.siteStatus({ url: 'https://crm.acme.example/app/record/7' }, sender)).toEqual({
      ok: true,
      value: { site: 'https://crm.acme.example', source: 'managed', granted: false, active: false },
    });

    fake.granted.add('https://crm.acme.example/*'); // the user allowed it from the popup
    const enabled = await handlers.siteEnable({ url: 'https://crm.acme.example/app/record/7' }, sender);
    expect(enabled).toMatchObject({ ok: true, value: { source: 'managed', granted: true, active: true } });
    expect(fake.scripts).toEqual([{ id: 'signbridge-sites', matches: ['https://crm.acme.example/*'], js: ['assets/content.js'], runAt: 'document_idle', persistAcrossSessions: true }]);
    // Administrator sites are not copied into the user's list.
    expect(fake.local['enabledSites']).toBeUndefined();

    const refused = await handlers.siteDisable({ url: 'https://crm.acme.example/' }, sender);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_setting' } });
    expect(matches()).toEqual([['https://crm.acme.example/*']]);
  });

  it('enabling needs the permission first; disabling gives an optional permission back and unregisters', async () => {
    const handlers = createSiteHandlers();
    expect(await handlers.siteEnable({ url: 'http://dms.intranet.example:8080/lib' }, sender)).toMatchObject({ ok: false, error: { code: 'permission_needed' } });
    expect(fake.scripts).toEqual([]);

    fake.granted.add('http://dms.intranet.example/*');
    await handlers.siteEnable({ url: 'http://dms.intranet.example:8080/lib' }, sender);
    await handlers.siteEnable({ url: 'http://localhost:5555/x' }, sender);
    expect(await userSites.get()).toEqual(['http://dms.intranet.example', 'http://localhost']);
    expect(matches()).toEqual([['http://dms.intranet.example/*', 'http://localhost/*']]);

    await handlers.siteDisable({ url: 'http://dms.intranet.example/' }, sender);
    expect(fake.removed).toEqual(['http://dms.intranet.example/*']);
    await handlers.siteDisable({ url: 'http://localhost:5555/x' }, sender);
    // localhost is a required host (the local companion server): its permission stays.
    expect(fake.removed).toEqual(['http://dms.intranet.example/*']);
    expect(fake.scripts).toEqual([]);
  });

  it('a permission withdrawn in the browser’s settings drops the site at the next sync; the built-in host is never registered', async () => {
    fake.granted.add('https://crm.acme.example/*');
    await userSites.set(['https://crm.acme.example', 'http://127.0.0.1']);
    expect(await syncSites()).toEqual(['https://crm.acme.example']);
    fake.granted.delete('https://crm.acme.example/*');
    expect(await syncSites()).toEqual([]);
    expect(fake.scripts).toEqual([]);
    expect(await createSiteHandlers().siteDisable({ url: 'http://127.0.0.1:8790/' }, sender)).toMatchObject({ ok: false });
  });

  it('concurrent syncs (start-up and a permission event) register once, never a duplicate id', async () => {
    fake.granted.add('https://crm.acme.example/*');
    await userSites.set(['https://crm.acme.example']);
    await Promise.all([syncSites(), syncSites(), syncSites()]);
    expect(matches()).toEqual([['https://crm.acme.example/*']]);
  });
});
