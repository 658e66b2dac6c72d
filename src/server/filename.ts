/**
 * Clean a user-supplied file name into something safe to show and to hand DocuSign: no path, no control
 * or bidirectional-override characters (which make "invoice\u202Efdp.exe" look like "invoiceexe.pdf"),
 * no reserved characters, bounded length, and the extension of the type sniffed from the bytes.
 */

const MAX_BASE_LENGTH = 80;

export function cleanFilename(raw: string, extension: string, fallback: string): string {
  let name = raw.normalize('NFC');
  // Keep the last path segment only (Windows and POSIX separators).
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  // Control characters, bidi controls, zero-width characters, reserved characters on common systems.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:"|?*]/g, '');
  name = name.replace(/\s+/g, ' ').trim();
  // Drop the claimed extension if it is a plain one; the real type decides the extension.
  const dot = name.lastIndexOf('.');
  if (dot > 0 && /^[A-Za-z0-9]{1,5}$/.test(name.slice(dot + 1))) name = name.slice(0, dot);
  name = name.replace(/^[.\s]+|[.\s]+$/g, '');
  if (name === '') name = fallback;
  if (name.length > MAX_BASE_LENGTH) name = [...name].slice(0, MAX_BASE_LENGTH).join('').trim();
  return `${name}.${extension}`;
}

/**
 * The file name as written into the `Content-Disposition` of DocuSign's document part
 * (`file; filename="..."; documentid=N`). Only printable ASCII other than `"`, `\`, `;`, `=` and `%`
 * survives (others become `_`): a `;` or `=` inside the quotes reads as another parameter to a parser
 * that splits on `;` (`filename="a; documentid=7; x=.pdf"`), and non-ASCII in a header is
 * interpreted differently by different parsers. The name DocuSign shows comes from the definition's
 * `documents[].name`, which keeps every character (eSignature REST `document.name`).
 */
export function dispositionFilename(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\;=%]/g, '_');
}
