/**
 * The record's fields a page offers for prefill, read when the user opens the send dialog (part of the
 * opener, src/content/opener.ts): the adapter's selectors, or generic cues, in open shadow roots too.
 */
import { deepQueryAll, openShadowRoots } from './dom.ts';
import { fieldText, genericFields, type RecordFields } from './site.ts';

function readField(el: Element): string {
  return fieldText({
    href: el.getAttribute('href'),
    value: el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el.value : undefined,
    text: el.textContent ?? '',
  });
}

/** The record's fields: from the adapter's selectors when there is one, otherwise generic cues. */
export function readFields(doc: Document, selectors: Record<string, string> | undefined): RecordFields {
  const shadowRoots = openShadowRoots(doc);
  if (!selectors) {
    // Record pages built of web components (Lightning style) keep the contact and the title in nested
    // open shadow roots: look there too.
    const mailtos = deepQueryAll(doc, 'a[href^="mailto:" i]', shadowRoots).slice(0, 20).map((a) => ({
      address: readField(a),
      text: a.textContent ?? '',
    }));
    const headings = deepQueryAll(doc, 'h1', shadowRoots).slice(0, 5).map((h) => h.textContent ?? '');
    return genericFields({ title: doc.title, headings, mailtos });
  }
  const fields: RecordFields = {};
  for (const [name, selector] of Object.entries(selectors)) {
    try {
      const el = deepQueryAll(doc, selector, shadowRoots)[0];
      const value = el ? readField(el) : '';
      if (value) fields[name] = value;
    } catch {
      // A bad selector from an administrator's adapter loses that field, not the page.
    }
  }
  return fields;
}
