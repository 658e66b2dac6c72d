import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLink, documentFromLink, documentKey, extensionOf, kindFromMime, kindFromName, mightBeDocument } from './detect.ts';

const PAGE = 'https://crm.example.com/record/42?tab=files#top';
const link = (href: string, more: Partial<Parameters<typeof documentFromLink>[0]> = {}) =>
  documentFromLink({ href, text: '', ...more }, PAGE);

describe('extensionOf / kindFromName', () => {
  it('reads the last extension of the last segment, case-insensitively', () => {
    expect(extensionOf('a/b/Contract.Final.PDF')).toBe('pdf');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('name.')).toBe('');
    expect(kindFromName('Q3 forecast.xlsx')).toBe('excel');
    expect(kindFromName('deck.pptx')).toBe('powerpoint');
    expect(kindFromName('scan.TIFF')).toBe('image');
  });
  it('treats .html as a page unless asked', () => {
    expect(kindFromName('about.html')).toBeUndefined();
    expect(kindFromName('about.html', true)).toBe('html');
    // Object's own properties are no extensions.
    expect(kindFromName('a.constructor')).toBeUndefined();
    expect(kindFromName('a.__proto__')).toBeUndefined();
  });
});

describe('kindFromMime', () => {
  it('maps office, pdf and image types and ignores parameters', () => {
    expect(kindFromMime('application/pdf; charset=binary')).toBe('pdf');
    expect(kindFromMime('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('word');
    expect(kindFromMime('image/png')).toBe('image');
    expect(kindFromMime('application/json')).toBeUndefined();
  });
});

describe('documentFromLink', () => {
  it('finds documents by the URL extension and resolves relative URLs', () => {
    expect(link('/files/Contract.pdf')).toEqual({ url: 'https://crm.example.com/files/Contract.pdf', name: 'Contract.pdf', kind: 'pdf' });
    expect(link('files/terms.docx?v=2')).toMatchObject({ url: 'https://crm.example.com/record/files/terms.docx?v=2', kind: 'word' });
  });
  it('decodes the file name and drops the fragment of the document URL', () => {
    expect(link('/f/Master%20Agreement.pdf#page=2')).toEqual({
      url: 'https://crm.example.com/f/Master%20Agreement.pdf',
      name: 'Master Agreement.pdf',
      kind: 'pdf',
    });
  });
  it('uses the download attribute: its name, and any URL it marks', () => {
    expect(link('/download/77', { download: 'NDA.docx', text: 'Download' })).toMatchObject({ name: 'NDA.docx', kind: 'word' });
    expect(link('/export/report.html', { download: '' })).toMatchObject({ kind: 'html', name: 'report.html' });
    expect(link('/blob/123', { download: '', text: 'Get it' })).toMatchObject({ kind: 'other', name: 'Get it' });
  });
  it('uses the type attribute', () => {
    expect(link('/d/99', { type: 'application/pdf', text: 'Quote' })).toMatchObject({ kind: 'pdf', name: 'Quote' });
  });
  it('uses a file-name cue in the text, the title or the query', () => {
    expect(link('/dms/get?id=7', { text: ' Lease 2026.docx ' })).toMatchObject({ kind: 'word', name: 'Lease 2026.docx' });
    expect(link('/dms/get?id=8', { text: 'Open', title: 'Budget.xlsx' })).toMatchObject({ kind: 'excel', name: 'Budget.xlsx' });
    expect(link('/dms/get?file=Invoice%2012.pdf', { text: 'Open' })).toMatchObject({ kind: 'pdf', name: 'Invoice 12.pdf' });
  });
  it('ignores navigation: pages, fragments, mail, scripts, data URLs, junk', () => {
    expect(link('/record/43', { text: 'Next record' })).toBeUndefined();
    expect(link('/about.html', { text: 'About' })).toBeUndefined();
    expect(link('#attachments', { text: 'Contract.pdf' })).toBeUndefined();
    expect(link('?tab=files#x', { text: 'Terms.pdf' })).toBeUndefined();
    expect(link('mailto:ann@example.com', { text: 'contract.pdf' })).toBeUndefined();
    expect(link('javascript:void(0)', { text: 'Contract.pdf' })).toBeUndefined();
    expect(link('data:application/pdf;base64,AAAA', { download: 'x.pdf' })).toBeUndefined();
    expect(link('http://[::1', { text: 'x.pdf' })).toBeUndefined();
    expect(link('/search', { text: 'Files from 2024/2025.pdf' })).toBeUndefined();
  });
  it('never throws and names every document it finds (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.option(fc.string()), fc.option(fc.string()), (href, text, type, download) => {
        const found = documentFromLink({ href, text, type, download }, PAGE);
        if (found) {
          expect(found.name.length).toBeGreaterThan(0);
          expect(found.name.length).toBeLessThanOrEqual(200);
          expect(found.url).toMatch(/^https?:\/\//);
          expect(found.url).not.toContain('#');
        }
      }),
    );
  });
});

describe('documentKey', () => {
  it('ignores the page query and fragment', () => {
    expect(documentKey('https://a.example/p?x=1#y', 'https://a.example/f.pdf')).toBe('https://a.example/p|https://a.example/f.pdf');
  });
});

describe('documentFromLink names', () => {
  it('prefers the file name the link shows over the one in the URL', () => {
    expect(documentFromLink({ href: '/files/msa.pdf', text: 'Master Services Agreement.pdf' }, PAGE)?.name).toBe('Master Services Agreement.pdf');
    expect(documentFromLink({ href: '/files/msa.pdf', text: 'View' }, PAGE)?.name).toBe('msa.pdf');
  });
});

describe('documentFromLink fast path', () => {
  it('agrees with the URL parser for absolute links (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{0,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'HTTP'),
        fc.constantFrom('crm.example.com', 'A.example', '127.0.0.1:8080'),
        fc.array(segment, { maxLength: 4 }),
        fc.constantFrom('', '.pdf', '.DOCX', '.html'),
        fc.option(fc.stringMatching(/^[a-z=&.0-9]{0,10}$/)),
        fc.option(fc.stringMatching(/^[a-z0-9]{0,6}$/)),
        (scheme, host, segments, ext, query, fragment) => {
          const rest = `/${segments.join('/')}${ext}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`;
          const origin = `${scheme}://${host}`;
          fc.pre(!rest.startsWith('//')); // a protocol-relative URL, not a path
          // Relative: resolved by `URL` against an origin; absolute: the string fast path.
          const viaParser = documentFromLink({ href: rest, text: '' }, `${origin}/elsewhere`);
          const fast = documentFromLink({ href: `${origin}${rest}`, text: '' }, `${origin}/elsewhere`);
          expect(fast).toEqual(viaParser);
        },
      ),
    );
  });
});

describe('documentFromLink plain paths', () => {
  it('decides a plain path from the root as the full classification does (property)', () => {
    // Mostly plain, so that most paths take the fast path; now and then what must not.
    const token = fc.oneof(
      { arbitrary: fc.constantFrom('a', 'B', '7', '_', '-', '~', '.', 'pdf', 'DOCX', 'html'), weight: 8 },
      { arbitrary: fc.constantFrom('..', '%20', ' ', '?', '#x', '\\', '\t', 'é'), weight: 1 },
    );
    const segment = fc.array(token, { maxLength: 4 }).map((p) => p.join(''));
    const cue = fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.constantFrom('', 'Deed.pdf', 'Open', ' Lease.docx '), weight: 1 });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', '.pdf', '.Pdf', '.docx', '.html', '.zip', '.'),
        fc.constantFrom('', 'Contract 7.pdf', 'Details', ' Terms.DOCX '),
        cue,
        cue,
        cue,
        fc.constantFrom('https://crm.example.com/record/7', 'http://127.0.0.1:8080/x#y', 'http://[::1]:3000/', 'file:///tmp/a.html'),
        (segments, ext, text, title, type, download, base) => {
          const link = { href: `/${segments.join('/')}${ext}`, text, title, type, download };
          expect(documentFromLink(link, base)).toEqual(classifyLink(link, base));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('mightBeDocument', () => {
  it('never rejects a link the full classification accepts (property)', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('.pdf', '.DOCX', '.html', '%2E', '%2epdf', '?file=a.pdf', '#x', '/', '?', '&', '=', '.', ' '));
    const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, fc.option(text), fc.option(text), fc.option(text), (href, linkText, type, download, title) => {
        const link = { href, text: linkText, type, download, title };
        if (classifyLink(link, PAGE)) expect(mightBeDocument(link)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('keeps links whose URL the parser cleans up: a trailing space, a tab or newline inside', () => {
    // Found by the property above (seed 1072569250): `?file=a.pdf ` is a document once parsed.
    for (const href of ['?file=a.pdf ', 'files/a.p\ndf', 'a.pdf\t']) {
      const link = { href, text: '' };
      expect(classifyLink(link, PAGE), href).toBeDefined();
      expect(mightBeDocument(link), href).toBe(true);
    }
  });
  it('rejects plain navigation cheaply', () => {
    expect(mightBeDocument({ href: '?page=5', text: 'Details' })).toBe(false);
    expect(mightBeDocument({ href: '/record/43', text: 'Next record' })).toBe(false);
  });
});
