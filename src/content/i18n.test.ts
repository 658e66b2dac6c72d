import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** chrome.i18n.getMessage over the English catalog, as the browser does it: `$NAME$` → the placeholder's `$1`. */
function getMessage(key: string, subs: string[] = []): string {
  const catalog = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;
  const entry = catalog[key];
  if (!entry) return '';
  return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

describe("the content script's t", () => {
  let calls = 0;
  beforeEach(() => {
    calls = 0;
    vi.stubGlobal('chrome', { i18n: { getMessage: (key: string, subs?: string[]) => (calls++, getMessage(key, subs)) } });
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('puts each substitution in its place, once per message read from the browser', async () => {
    const { t } = await import('./i18n.ts');
    expect(t('buttonSentToName', 'MSA.pdf', 'Ann Lee', '3 Dec')).toBe('MSA.pdf: sent to Ann Lee, 3 Dec');
    expect(t('buttonSentToName', 'Order.pdf', 'Bo Li', '4 Dec')).toBe('Order.pdf: sent to Bo Li, 4 Dec');
    expect(t('buttonSend')).toBe(getMessage('buttonSend'));
    expect(calls).toBe(2);
  });

  it('takes a substitution as text: `$&` and `$1` in a document name stay as they are', async () => {
    const { t } = await import('./i18n.ts');
    expect(t('buttonSendName', 'Price $& $1.pdf')).toBe('Send for signature: Price $& $1.pdf');
  });

  it('answers the key for a message the catalog lacks', async () => {
    const { t } = await import('./i18n.ts');
    expect(t('noSuchMessage' as 'buttonSend')).toBe('noSuchMessage');
  });
});
