import { describe, expect, test } from 'vitest';
import { cleanFilename } from './filename.ts';
import { sniffType } from './sniff.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('sniffType', () => {
  test.each([
    ['%PDF-1.7\n%âãÏÓ', 'pdf'],
    ['{\\rtf1\\ansi hello}', 'rtf'],
    ['GIF89a....', 'gif'],
    ['Plain contract text\nwith lines\t and tabs', 'txt'],
  ])('%j is %s', (text, extension) => {
    expect(sniffType(bytes(text))?.extension).toBe(extension);
  });

  test('binary signatures', () => {
    expect(sniffType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))?.extension).toBe('png');
    expect(sniffType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))?.extension).toBe('jpg');
    expect(sniffType(Uint8Array.of(0x49, 0x49, 0x2a, 0x00))?.extension).toBe('tif');
  });

  test('OOXML packages by their part names', () => {
    const zip = (inner: string) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes(`....[Content_Types].xml....${inner}`)]);
    expect(sniffType(zip('word/document.xml'))?.extension).toBe('docx');
    expect(sniffType(zip('xl/workbook.xml'))?.extension).toBe('xlsx');
    expect(sniffType(zip('ppt/presentation.xml'))?.extension).toBe('pptx');
    expect(sniffType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes('random.bin')]))).toBeUndefined();
  });

  test('refuses markup, executables and binary junk whatever they are called', () => {
    expect(sniffType(bytes('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(sniffType(bytes('  <svg onload=x>'))).toBeUndefined();
    expect(sniffType(Uint8Array.of(0x4d, 0x5a, 0x90, 0x00))).toBeUndefined();
    expect(sniffType(Uint8Array.of(0, 1, 2, 3))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
  });

  test('UTF-8 text cut inside a character is still text', () => {
    const text = bytes('Vertrag für Müller é');
    expect(sniffType(text.subarray(0, text.length - 1))?.extension).toBe('txt');
  });
});

describe('cleanFilename', () => {
  test.each([
    ['Contract.pdf', 'pdf', 'Contract.pdf'],
    ['C:\\Users\\eve\\Offer.PDF', 'pdf', 'Offer.pdf'],
    ['../../etc/passwd', 'txt', 'passwd.txt'],
    ['invoice\u202Efdp.exe', 'pdf', 'invoicefdp.pdf'],
    ['report.docx', 'pdf', 'report.pdf'],
    ['  ...  ', 'pdf', 'Document 1.pdf'],
    ['a<b>c:d"e|f?g*h', 'pdf', 'abcdefgh.pdf'],
    ['line\r\nbreak\u0000.pdf', 'pdf', 'linebreak.pdf'],
  ])('%j → %s', (raw, extension, expected) => {
    expect(cleanFilename(raw, extension, 'Document 1')).toBe(expected);
  });

  test('long names are bounded', () => {
    expect(cleanFilename(`${'x'.repeat(500)}.pdf`, 'pdf', 'D').length).toBeLessThanOrEqual(84);
  });
});
