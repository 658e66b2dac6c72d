/** Pure rules for the companion server's address: which values are acceptable, which source wins. */
import type { ServerSettings } from '../../shared/auth.ts';

/** An http(s) origin plus optional path, without query or fragment; trailing slash dropped. */
export function normaliseServerUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

/** An administrator's policy wins, then the options page, then the built-in local server. Unusable values are skipped. */
export function pickServerUrl(managed: unknown, optionsValue: string | null): ServerSettings {
  const fromPolicy = typeof managed === 'string' ? normaliseServerUrl(managed) : null;
  if (fromPolicy !== null) return { serverUrl: fromPolicy, source: 'managed', optionsValue };
  const fromOptions = optionsValue === null ? null : normaliseServerUrl(optionsValue);
  if (fromOptions !== null) return { serverUrl: fromOptions, source: 'options', optionsValue };
  return { serverUrl: DEFAULT_SERVER_URL, source: 'default', optionsValue };
}
