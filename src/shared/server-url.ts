/**
 * Which companion-server addresses SignBridge accepts (pure; the worker enforces it, the options page
 * checks before it asks for a permission): https, or http on this computer only.
 */
import { t } from './i18n.ts';

/** 127.0.0.1, localhost and [::1]: the only hosts plain http:// is accepted for. */
export function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

export type ServerUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * An https origin plus optional path, without credentials, query or fragment; trailing slash dropped.
 * http:// only on loopback: tokens and documents must not cross a network in clear text.
 */
export function checkServerUrl(input: string): ServerUrlCheck {
  const shape = { ok: false, message: t('options_urlShape') } as const;
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return shape;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return shape;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return shape;
  const path = url.pathname.replace(/\/+$/, '');
  if (url.protocol === 'http:' && !isLoopback(url)) {
    return { ok: false, message: t('options_urlHttpsOnly', `https://${url.host}${path}`) };
  }
  return { ok: true, url: `${url.origin}${path}` };
}
