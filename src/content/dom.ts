/**
 * The DOM reads the content script needs, reaching into open shadow roots. Thin on purpose: the
 * decisions are in detect.ts and site.ts, tested as plain functions; this layer is tested in Chromium.
 */
import type { LinkInfo } from './detect.ts';
import { fieldText, genericFields, type RecordFields } from './site.ts';

/** Marks every element SignBridge adds to a page, so its own insertions are never scanned. */
export const OWN_ATTRIBUTE = 'data-signbridge';

/**
 * Elements that can never host a shadow root (only autonomous custom elements and article, aside,
 * blockquote, body, div, footer, h1-h6, header, main, nav, p, section and span can: DOM Standard,
 * attachShadow), commonest first. Anything not listed is looked at, so a tag missing here costs a
 * look, never a missed root.
 */
const NEVER_HOST = [
  ...'a td tr li th img svg path g use button input label i b strong em small br hr option select textarea'.split(' '),
  ...'form ul ol tbody thead tfoot table script style link meta template slot iframe picture source time'.split(' '),
  ...'code pre dl dt dd col colgroup caption figure figcaption abbr sup sub u s mark circle rect polygon'.split(' '),
  ...'line polyline canvas video audio noscript title head html wbr fieldset legend cite kbd q var'.split(' '),
].join(',');
const MAYBE_HOST = `:not(${NEVER_HOST})`;

/**
 * Every open shadow root in `root`'s subtree (nested ones included), our own buttons' excepted. Only the
 * elements that can host one are looked at, found by one selector pass: a content script's first touch
 * of an element makes a wrapper for it in its world, and a TreeWalker touched every element (on a
 * 10,000-row table, 60,000 of them; this touches the few custom elements and divs and spans).
 */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const take = (el: Element) => {
    const shadow = el.shadowRoot;
    if (!shadow || el.hasAttribute(OWN_ATTRIBUTE)) return;
    found.push(shadow);
    visit(shadow);
  };
  const visit = (scope: ParentNode) => {
    const hosts = scope.querySelectorAll(MAYBE_HOST);
    for (let i = 0; i < hosts.length; i++) take(hosts[i] as Element);
  };
  if (root instanceof Element) take(root);
  visit(root);
  return found;
}

/** `querySelectorAll` over `root` (itself included when it is an element) and its open shadow roots. */
export function deepQueryAll(root: ParentNode, selector: string, shadowRoots = openShadowRoots(root)): Element[] {
  const out: Element[] = [];
  if (root instanceof Element && root.matches(selector)) out.push(root);
  // Indexed, not `push(...list)` (spreading 100,000 matches as arguments overflows the stack) nor a
  // NodeList iterator (measurably slower in a content script's world).
  for (const scope of [root, ...shadowRoots]) {
    const list = scope.querySelectorAll(selector);
    for (let i = 0; i < list.length; i++) out.push(list[i] as Element);
  }
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
