/**
 * The DOM reads the content script needs, reaching into open shadow roots. Thin on purpose: the
 * decisions are in detect.ts and site.ts, tested as plain functions; this layer is tested in Chromium.
 */
import type { LinkInfo } from './detect.ts';

/** Marks every element SignBridge adds to a page, so its own insertions are never scanned. */
export const OWN_ATTRIBUTE = 'data-signbridge';

/**
 * The commonest elements that can never host a shadow root (only autonomous custom elements and
 * article, aside, blockquote, body, div, footer, h1-h6, header, main, nav, p, section and span can: DOM
 * Standard, attachShadow). Anything not listed is looked at, so a tag missing here costs a look, never a
 * missed root; the list is short because it ships in every page.
 */
const NEVER_HOST = 'a,td,tr,li,img,svg,path,i,b';
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
    for (const el of scope.querySelectorAll(MAYBE_HOST)) take(el);
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
 * A link needs its `download`, `type`, `title` and `aria-label` read only when it has one of them: one
 * `matches` answers that, so the other links of a 10,000-row library (most of them navigation) cost two
 * calls into the DOM each instead of six.
 */
export function linkInfo(el: Element): LinkInfo | undefined {
  const href = el.getAttribute('href') ?? el.getAttribute('data-download-url') ?? el.getAttribute('data-href');
  if (href === null) return undefined;
  const cued = el.matches('[download],[type],[title],[aria-label]');
  const read = (name: string) => (cued ? el.getAttribute(name) : null);
  return {
    href,
    text: (el.textContent ?? '').slice(0, 300),
    type: read('type'),
    download: read('download'),
    title: read('title') ?? read('aria-label'),
  };
}
