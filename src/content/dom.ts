/**
 * The DOM reads the content script needs, reaching into open shadow roots. Thin on purpose: the
 * decisions are in detect.ts and site.ts, tested as plain functions; this layer is tested in Chromium.
 */
import type { LinkInfo } from './detect.ts';
import { fieldText, genericFields, type RecordFields } from './site.ts';

/** Marks every element SignBridge adds to a page, so its own insertions are never scanned. */
export const OWN_ATTRIBUTE = 'data-signbridge';

/**
 * Every open shadow root in `root`'s subtree (nested ones included), in document order, our own buttons'
 * excepted. A TreeWalker reading `shadowRoot` is about four times cheaper on a 10,000-row table than a
 * selector excluding the elements that cannot host one (measured in Chromium 156: 26 ms vs 114 ms).
 */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const take = (el: Element) => {
    const shadow = el.shadowRoot;
    if (!shadow || el.hasAttribute(OWN_ATTRIBUTE)) return;
    found.push(shadow);
    visit(shadow);
  };
  const visit = (scope: Node) => {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) take(node as Element);
  };
  if (root instanceof Element) take(root);
  visit(root);
  return found;
}

/** `querySelectorAll` over `root` (itself included when it is an element) and its open shadow roots. */
export function deepQueryAll(root: ParentNode, selector: string, shadowRoots = openShadowRoots(root)): Element[] {
  const out: Element[] = [];
  if (root instanceof Element && root.matches(selector)) out.push(root);
  // A loop, not `push(...list)`: spreading 100,000 matches as arguments overflows the stack.
  for (const scope of [root, ...shadowRoots]) for (const el of scope.querySelectorAll(selector)) out.push(el);
  return out;
}

/** Candidates for generic detection: links and controls that carry a URL. */
export const LINK_SELECTOR = 'a[href], [data-download-url], [data-href]';

/**
 * Links with a cue beyond their URL and text (`download`, `type`, a title): only these need those
 * attributes read. One selector pass finds them, so that the other links of a 10,000-row library (most of
 * them navigation) cost one attribute read each instead of six.
 */
export const CUED_SELECTOR = ':is(a[href], [data-download-url], [data-href]):is([download], [type], [title], [aria-label])';

/** What detection reads of a link; `cued` false: known to carry none of CUED_SELECTOR's attributes. */
export function linkInfo(el: Element, cued = true): LinkInfo | undefined {
  const href = el.getAttribute('href') ?? el.getAttribute('data-download-url') ?? el.getAttribute('data-href');
  if (href === null) return undefined;
  const text = (el.textContent ?? '').slice(0, 300);
  if (!cued) return { href, text, type: null, download: null, title: null };
  return {
    href,
    text,
    type: el.getAttribute('type'),
    download: el.getAttribute('download'),
    title: el.getAttribute('title') ?? el.getAttribute('aria-label'),
  };
}

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
