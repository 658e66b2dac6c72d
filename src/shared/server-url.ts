/**
 * Which companion-server addresses SignBridge accepts (pure; the worker enforces it, the options page
 * checks before it asks for a permission): https, or http on this computer only.
 */

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
  const shape = {
    ok: false,
    message: 'Enter the server address as https:// followed by a host, for example https://signbridge.example.com.',
  } as const;
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
    return {
      ok: false,
      message: `SignBridge reaches its server over https:// only, so that tokens and documents never travel in clear text (http:// is accepted for this computer only: 127.0.0.1 or localhost). Use https://${url.host}${path}.`,
    };
  }
  return { ok: true, url: `${url.origin}${path}` };
}
