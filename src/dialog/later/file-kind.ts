/** A file from this computer: its kind from its name (pure; later/documents.ts). */
const KINDS: Readonly<Record<string, string>> = {
  pdf: 'pdf', docx: 'word', rtf: 'word', xlsx: 'excel', pptx: 'powerpoint',
};

/** A file's kind from its name (the server sniffs the bytes anyway). */
export const kindOfFile = (name: string): string => KINDS[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'other';
