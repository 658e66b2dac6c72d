/**
 * The DOM reads the content script needs, reaching into open shadow roots. Thin on purpose: the
 * decisions are in detect.ts and site.ts, tested as plain functions; this layer is tested in Chromium.
 */
import type { LinkInfo } from './detect.ts';
import { fieldText, genericFields, type RecordFields } from './site.ts';

/** Marks every element SignBridge adds to a page, so its own insertions are never scanned. */
export const OWN_ATTRIBUTE = 'data-signbridge';

/**
 * Elements that can never host a shadow root (`attachShadow` throws for them), and our own hosts:
 * skipped when looking for shadow roots, which makes that walk several times cheaper on tables.
 */
const NOT_SHADOW_HOSTS =
  `*:not(a,abbr,area,b,br,button,caption,code,col,colgroup,dd,dl,dt,em,hr,i,iframe,img,input,label,li,link,meta,` +
  `ol,optgroup,option,path,script,select,small,strong,style,svg,table,tbody,td,template,textarea,tfoot,th,thead,` +
  `time,tr,u,ul,use,[${OWN_ATTRIBUTE}])`;

/** Every open shadow root in `root`'s subtree (nested ones included), in document order. */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: ParentNode) => {
    for (const el of scope.querySelectorAll(NOT_SHADOW_HOSTS)) {
      if (el.shadowRoot) {
        found.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  if (root instanceof Element && root.shadowRoot) {
    found.push(root.shadowRoot);
    visit(root.shadowRoot);
  }
  visit(root);
  return found;
}

/** `querySelectorAll` over `root` (itself included when it is an element) and its open shadow roots. */
export function deepQueryAll(root: ParentNode, selector: string, shadowRoots = openShadowRoots(root)): Element[] {
  const out: Element[] = [];
  if (root instanceof Element && root.matches(selector)) out.push(root);
  for (const scope of [root, ...shadowRoots]) out.push(...scope.querySelectorAll(selector));
  return out;
}

/** Candidates for generic detection: links and controls that carry a URL. */
export const LINK_SELECTOR = 'a[href], [data-download-url], [data-href]';

export function linkInfo(el: Element): LinkInfo | undefined {
  const href = el.getAttribute('href') ?? el.getAttribute('data-download-url') ?? el.getAttribute('data-href');
  if (href === null) return undefined;
  return {
    href,
    text: (el.textContent ?? '').slice(0, 300),
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
