import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SiteAdapter } from '../shared/adapters.ts';
import { builtinAdapters } from '../background/adapters/index.ts';
import { adapterFor, fieldText, genericFields, globToRegExp, recordTitle } from './site.ts';

const adapter = (id: string, matches: string[]): SiteAdapter => ({ id, matches, rows: 'tr', link: 'a' });

describe('globToRegExp / adapterFor', () => {
  it('matches whole URLs with * as the only wildcard', () => {
    expect(globToRegExp('http://127.0.0.1:*/crm-record.html*').test('http://127.0.0.1:4000/crm-record.html?id=1')).toBe(true);
    expect(globToRegExp('http://127.0.0.1:*/crm-record.html*').test('http://127.0.0.1:4000/x/crm-record.html')).toBe(false);
    expect(globToRegExp('https://*.example.com/(a)?').test('https://x.example.com/(a)?')).toBe(true);
    expect(globToRegExp('https://*.example.com/a').test('https://x.example.com/ab')).toBe(false);
  });
  it('picks the first adapter that matches', () => {
    const list = [adapter('a', ['https://a.example/*']), adapter('b', ['https://*/*'])];
    expect(adapterFor('https://a.example/x', list)?.id).toBe('a');
    expect(adapterFor('https://b.example/x', list)?.id).toBe('b');
    expect(adapterFor('http://b.example/x', list)).toBeUndefined();
  });
  it('ships one built-in adapter per fixture layout, each matching its fixture page only', () => {
    const ids = builtinAdapters.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(adapterFor('http://127.0.0.1:5555/crm-record.html', builtinAdapters)?.id).toBe('demo-crm-record');
    expect(adapterFor('http://localhost:5555/dms-library.html?folder=archive', builtinAdapters)?.id).toBe('demo-dms-library');
    expect(adapterFor('http://127.0.0.1:5555/wc-crm.html#x', builtinAdapters)?.id).toBe('demo-wc-crm');
    expect(adapterFor('http://127.0.0.1:5555/plain.html', builtinAdapters)).toBeUndefined();
  });
});

describe('rule: every built-in adapter has a fixture page', () => {
  it('names a page in test/pages that exists', () => {
    const pages = resolve(import.meta.dirname, '../../test/pages');
    for (const adapter of builtinAdapters) {
      const page = /\/([\w-]+\.html)\*?$/.exec(adapter.matches[0] ?? '')?.[1];
      expect(page, adapter.id).toBeDefined();
      expect(existsSync(join(pages, page ?? '')), `${adapter.id}: test/pages/${page}`).toBe(true);
    }
  });
});

describe('fieldText', () => {
  it('caps a mailto address at 254 characters, so a page cannot make the dialog refuse to open', () => {
    expect(fieldText({ href: `mailto:${'a'.repeat(600)}@example.com`, text: '' })).toHaveLength(254);
  });

  it('reads mail addresses, input values and collapsed text', () => {
    expect(fieldText({ href: 'MAILTO:ada%40example.com?subject=x', text: 'Ada' })).toBe('ada@example.com');
    expect(fieldText({ value: ' 42 ', text: '' })).toBe('42');
    expect(fieldText({ text: '  Acme\n   Corp ' })).toBe('Acme Corp');
  });
});

describe('genericFields', () => {
  it('takes the title as subject and the first valid mail link as contact', () => {
    expect(
      genericFields({
        title: ' Renewal  2026 ',
        mailtos: [
          { address: 'not-an-address', text: 'x' },
          { address: 'bo@example.com', text: 'Bo Diddley' },
        ],
      }),
    ).toEqual({ subject: 'Renewal 2026', contactEmail: 'bo@example.com', contactName: 'Bo Diddley' });
    expect(genericFields({ title: '', mailtos: [{ address: 'c@example.com', text: 'c@example.com' }] })).toEqual({
      contactEmail: 'c@example.com',
    });
  });
});

describe('recordTitle', () => {
  it('prefers the record’s own heading, named in the tab title, over the whole tab title', () => {
    expect(recordTitle('Platform renewal 2026 | Opportunity | Salesforce', ['Opportunity', 'Platform renewal 2026'])).toBe('Platform renewal 2026');
    expect(recordTitle('Platform renewal 2026 | Opportunity | Salesforce', ['Platform  renewal 2026'])).toBe('Platform renewal 2026');
    expect(recordTitle('Platform renewal 2026 | Opportunity | Salesforce', [])).toBe('Platform renewal 2026');
    expect(recordTitle('Opportunity: Northwind renewal · Demo CRM', ['Quarterly files'])).toBe('Opportunity: Northwind renewal');
    expect(recordTitle('  ', ['Files'])).toBe('');
    expect(genericFields({ title: 'Deal — Acme | CRM', headings: ['Deal'], mailtos: [] })).toEqual({ subject: 'Deal' });
  });
});
