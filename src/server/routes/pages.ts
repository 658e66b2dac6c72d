/**
 * The pages a browser tab lands on: the end of the login-linking flow (`/oauth/callback`) and of the
 * organization sign-in (`/oidc/callback`), DocuSign's admin consent return, the return
 * from DocuSign's web app and the end of embedded signing. The extension's worker watches these tabs
 * and reads what it needs from their URL; the pages only tell the user what happened.
 */
import { Hono } from 'hono';
import { SIGNING_EVENTS, type SigningEvent } from '../../shared/api.ts';
import type { AppEnv } from '../env.ts';
import { page } from '../pages.ts';

export function pageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // The redirect target of the login-linking flow. The extension's service worker watches this tab and
  // reads the code from its URL; the page itself only reassures the user and never shows the code.
  app.get('/oauth/callback', (c) => {
    const error = c.req.query('error') ?? c.req.query('error_code');
    if (error !== undefined) {
      const description = c.req.query('error_description') ?? c.req.query('error_message') ?? error;
      c.get('log').warn('oauth callback error', { error: error.slice(0, 100) });
      return page(c, 400, 'DocuSign did not link your login', [
        `DocuSign answered: ${description.slice(0, 300)}`,
        'You can close this tab and try again from the SignBridge button.',
      ], { outcome: 'error' });
    }
    if (c.req.query('code') === undefined) {
      return page(c, 400, 'Nothing to link', ['This page is only reached from DocuSign’s login. You can close this tab.'], {
        outcome: 'missing-code',
      });
    }
    return page(c, 200, 'DocuSign login linked', ['SignBridge is finishing the link. You can close this tab.'], {
      outcome: 'linked',
    });
  });

  // Where DocuSign's web app sends the browser when the user leaves the console view.
  // The redirect target of the organization sign-in flow: the worker reads `code` and `state` from the
  // tab's URL; the page never shows or logs them.
  app.get('/oidc/callback', (c) => {
    const error = c.req.query('error');
    if (error !== undefined) {
      c.get('log').warn('oidc callback error', { error: error.slice(0, 100) });
      const description = c.req.query('error_description') ?? error;
      return page(c, 400, 'You are not signed in', [`Your organization’s sign-in answered: ${description.slice(0, 300)}`, 'You can close this tab and try again from the SignBridge button.'], {
        outcome: 'error',
      });
    }
    if (c.req.query('code') === undefined) {
      return page(c, 400, 'Nothing to sign in', ['This page is only reached from your organization’s sign-in. You can close this tab.'], { outcome: 'missing-code' });
    }
    return page(c, 200, 'Signed in', ['SignBridge is finishing your sign-in. You can close this tab.'], { outcome: 'signed-in' });
  });

  // Where DocuSign returns an administrator after granting SignBridge consent for the organization.
  app.get('/admin/consent/callback', (c) => {
    const error = c.req.query('error');
    if (error !== undefined) {
      return page(c, 400, 'Consent not granted', [`DocuSign answered: ${error.slice(0, 100)}`, 'Organization sending stays off until consent is granted.'], { outcome: 'error' });
    }
    return page(c, 200, 'Consent recorded', ['SignBridge may now send for your organization. You can close this tab.'], { outcome: 'consented' });
  });

  app.get('/docusign/closed', (c) => page(c, 200, 'Back from DocuSign', ['You can close this tab.']));

  // Where DocuSign sends the signer's browser after embedded signing, with `?event=`. The extension
  // watches this tab and reads the event; the page tells the signer what happened in plain words.
  app.get('/signing/return', (c) => {
    const event = c.req.query('event') ?? '';
    const known = (SIGNING_EVENTS as readonly string[]).includes(event) ? (event as SigningEvent) : undefined;
    const [title, line] = known === undefined ? ['Signing ended', 'DocuSign did not say how signing ended.'] : SIGNING_OUTCOMES[known];
    return page(c, 200, title, [line, 'You can close this tab.'], { event: known ?? 'unknown' });
  });

  return app;
}

const SIGNING_OUTCOMES: Record<SigningEvent, [string, string]> = {
  signing_complete: ['Signed', 'Thank you: the document is signed. DocuSign will e-mail everyone a copy once all have signed.'],
  cancel: ['Signing paused', 'You left without signing. You can sign later from the same place.'],
  decline: ['Declined', 'You declined to sign. The sender has been told.'],
  exception: ['Signing failed', 'DocuSign hit a problem during signing. Ask the sender to start signing again.'],
  fax_pending: ['Waiting for a fax', 'DocuSign is waiting for your faxed signature.'],
  id_check_failed: ['Identity check failed', 'DocuSign could not confirm your identity. Ask the sender for help.'],
  access_code_failed: ['Wrong access code', 'The access code was not accepted. Ask the sender for the right one.'],
  session_timeout: ['Session timed out', 'The signing session timed out. Start signing again.'],
  ttl_expired: ['Link expired', 'The signing link expired (they last 5 minutes). Start signing again for a fresh one.'],
  viewing_complete: ['Viewed', 'You have finished viewing the document.'],
};
