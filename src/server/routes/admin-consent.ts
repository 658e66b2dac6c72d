/**
 * `GET /admin/consent/callback`: where DocuSign sends the browser after a consent URL of
 * `npm run admin -- consent-urls` (DocuSign "Obtain consent"). Consent is what DocuSign recorded; the
 * code in the URL is not needed for the JWT grant, so it is never exchanged, shown or logged. The page
 * says in plain words whether consent was given and what to do next.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { page } from '../pages.ts';

const NEXT = 'Next: run the connection check (npm run admin -- check --tenant <id>, or the admin page at /admin).';

export const CONSENT_PAGES = {
  given: { title: 'Consent given', lines: ['DocuSign recorded your consent: SignBridge may now send as your organization’s system user.', NEXT, 'You can close this tab.'] },
  notAdmin: {
    title: 'Consent not given',
    lines: [
      'Only a DocuSign administrator of your organization can give consent for everyone in it, and this DocuSign login is not one.',
      'Ask your DocuSign administrator to open the admin consent URL, or sign in as the system user and open its own consent URL.',
    ],
  },
  denied: {
    title: 'Consent not given',
    lines: ['You chose Deny, so SignBridge still may not send for your organization.', 'Open the consent URL again and choose Allow access.'],
  },
  missing: { title: 'Nothing here', lines: ['This page is only reached from DocuSign’s consent page. You can close this tab.'] },
} as const;

export function adminConsentRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/admin/consent/callback', (c) => {
    const error = c.req.query('error') ?? c.req.query('error_code');
    if (error !== undefined) {
      const description = (c.req.query('error_description') ?? c.req.query('error_message') ?? '').slice(0, 200);
      c.get('log').info('consent not given', { error: error.slice(0, 100) });
      if (description === 'admin_consent_requires_admin') return page(c, 400, CONSENT_PAGES.notAdmin.title, [...CONSENT_PAGES.notAdmin.lines], { outcome: 'not-admin' });
      if (error === 'access_denied') return page(c, 400, CONSENT_PAGES.denied.title, [...CONSENT_PAGES.denied.lines], { outcome: 'denied' });
      return page(c, 400, 'Consent not given', [`DocuSign answered: ${description || error.slice(0, 100)}.`, 'Open the consent URL again; if it persists, run the connection check.'], { outcome: 'error' });
    }
    if (c.req.query('code') === undefined) return page(c, 400, CONSENT_PAGES.missing.title, [...CONSENT_PAGES.missing.lines], { outcome: 'missing-code' });
    return page(c, 200, CONSENT_PAGES.given.title, [...CONSENT_PAGES.given.lines], { outcome: 'consented' });
  });
  return app;
}
