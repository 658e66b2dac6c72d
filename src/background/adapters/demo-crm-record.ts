import type { SiteAdapter } from '../../shared/adapters.ts';

/** A server-rendered CRM record (Salesforce-like): contact card, opportunity, attachments table. Fixture: test/pages/crm-record.html. */
export const demoCrmRecord: SiteAdapter = {
  id: 'demo-crm-record',
  matches: ['http://127.0.0.1:*/crm-record.html*', 'http://localhost:*/crm-record.html*'],
  rows: 'table.attachments tr.attachment-row',
  link: 'a.file-link',
  fields: {
    subject: 'h1.record-title',
    contactName: '.contact-card .contact-name',
    contactEmail: '.contact-card a.contact-email',
    contactPhone: '.contact-card a[href^="tel:"]',
    company: '.field-account',
    amount: '.field-amount',
    closeDate: '.field-close-date',
  },
};
