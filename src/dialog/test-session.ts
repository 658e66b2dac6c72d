/** For the dialog's unit tests: a claimed send session and the bytes of its document. */
import type { DialogSessionResponse } from '../shared/messages.ts';

export const session: DialogSessionResponse = {
  mode: 'send',
  secret: 's',
  document: { url: 'https://crm.example/msa.pdf', name: 'MSA.pdf', kind: 'pdf' },
  page: { url: 'https://crm.example/record/1', title: 'Acme' },
  fields: { contactName: 'Ada Lovelace', contactEmail: 'ada@acme.example' },
  sendingAs: null,
  sent: null,
  maxBytes: 1024,
  presentation: 'frame',
  opener: null,
};

export const bytes = { name: 'MSA.pdf', mimeType: 'application/pdf', size: 10, blobUrl: 'blob:x', sha256: 'a'.repeat(64) };
