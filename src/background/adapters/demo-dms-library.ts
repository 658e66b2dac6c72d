import type { SiteAdapter } from '../../shared/adapters.ts';

/** A single-page DMS library (SharePoint-like): rows rendered late, a virtualised long folder. Fixture: test/pages/dms-library.html. */
export const demoDmsLibrary: SiteAdapter = {
  id: 'demo-dms-library',
  matches: ['http://127.0.0.1:*/dms-library.html*', 'http://localhost:*/dms-library.html*'],
  rows: '.dms-row',
  link: 'a.dms-name',
  fields: {
    subject: '.folder-title',
    contactName: '.folder-owner .owner-name',
    contactEmail: '.folder-owner a.owner-email',
  },
};
