import type { SiteAdapter } from '../../shared/adapters.ts';

/** A web-components CRM (Lightning-like): record, contact and attachments inside open shadow roots. Fixture: test/pages/wc-crm.html. */
export const demoWcCrm: SiteAdapter = {
  id: 'demo-wc-crm',
  matches: ['http://127.0.0.1:*/wc-crm.html*', 'http://localhost:*/wc-crm.html*'],
  rows: 'li.attachment',
  link: 'a.attachment-link',
  name: '.attachment-name',
  fields: {
    subject: '.deal-title',
    contactName: '.contact-name',
    contactEmail: 'a.contact-email',
    company: '.account-name',
    amount: '.deal-amount',
  },
};
