/**
 * Where a button goes: right after its document's element, in the flow, as an inline-block beside the
 * link. Where that element is itself a cell (a grid item, a table cell, role `gridcell`/`cell`), a
 * sibling in the flow would become a cell of its own and shift every column after it; there the button
 * is taken out of the flow and anchored to the inline end of the link's own box (CSS anchor
 * positioning), so no column moves and no row grows.
 */
import { OWN_ATTRIBUTE } from './dom.ts';

/** gridcell, cell, rowheader, columnheader. */
const CELL_ROLE = /^(grid)?cell$|^(row|column)header$/;
/** Parents whose children flow inline: no style needs reading. */
const FLOW_PARENT = 'td,th,p,li,span,label,strong,em,b,i,small,h1,h2,h3,h4,h5,h6,dd,dt';
/**
 * A link with no role in such a parent, told by one `matches` on the link without touching the parent: on
 * a 10,000-row table that is 10,000 cells a content script need not wrap.
 */
const IN_FLOW = `:is(${FLOW_PARENT})>:not([role])`;
const ANCHORABLE = typeof CSS !== 'undefined' && CSS.supports('anchor-name', '--signbridge');

const ANCHOR = OWN_ATTRIBUTE + '-anchor';
let counter = 0;
/** Buttons already decided to stay in the flow. */
const inFlow = new WeakSet<Element>();

export function isCell(anchor: Element): boolean {
  if (CELL_ROLE.test(anchor.getAttribute('role') ?? '')) return true;
  const parent = anchor.parentElement;
  if (!parent || parent.matches(FLOW_PARENT)) return false;
  const display = getComputedStyle(parent).display;
  return display.includes('grid') || display === 'table-row' || display === 'table';
}

/** Buttons placed since the last `settlePlacements`, whether they stand in a cell not decided yet. */
const pending: [Element, HTMLElement][] = [];

/**
 * Puts `host` right after `anchor` (again, if the page moved either), in the flow; whether `anchor` is a
 * cell is decided by `settlePlacements`, once for a whole batch.
 */
export function placeButton(anchor: Element, host: HTMLElement, isNew = false): void {
  if (isNew || host.previousSibling !== anchor) anchor.after(host);
  // A new host carries no anchor name yet.
  const placed = isNew ? null : host.getAttribute(ANCHOR);
  if (placed !== null) {
    if ((anchor as HTMLElement).style?.getPropertyValue('anchor-name') !== placed) (anchor as HTMLElement).style.setProperty('anchor-name', placed);
  } else if (ANCHORABLE && !inFlow.has(host) && !anchor.matches(IN_FLOW)) pending.push([anchor, host]);
}

/**
 * Takes the buttons placed in this batch out of the flow where their link is a cell. Every style read
 * comes before any write: reading style after each button's insertion would make the browser compute
 * the page's style once per button (10,000 times on a large grid), read first it does so once. Returns how
 * many it took out of the flow.
 */
export function settlePlacements(): number {
  const cells = pending.filter(([anchor, host]) => {
    if (host.previousSibling !== anchor || !(anchor instanceof HTMLElement)) return false;
    if (inFlow.has(host) || host.hasAttribute(ANCHOR)) return false;
    if (isCell(anchor)) return true;
    inFlow.add(host);
    return false;
  });
  pending.length = 0;
  for (const [anchor, host] of cells) {
    const name = `--signbridge-${++counter}`;
    host.setAttribute(ANCHOR, name);
    (anchor as HTMLElement).style.setProperty('anchor-name', name);
    // Inline, from `all: initial`: the page's own rules for its cells (`.row > *` with a display, a padding)
    // must neither put the button back in the grid nor make it taller than the row.
    host.style.cssText =
      `all:initial;position:absolute;display:flex;position-anchor:${name};top:anchor(center);right:anchor(right);` +
      'translate:0 -50%;margin:0 4px 0 0;z-index:1';
  }
  return cells.length;
}

export function unplaceButton(anchor: Element, host: HTMLElement): void {
  const name = host.getAttribute(ANCHOR);
  if (name !== null && anchor instanceof HTMLElement && anchor.style.getPropertyValue('anchor-name') === name) {
    anchor.style.removeProperty('anchor-name');
  }
  host.removeAttribute(ANCHOR);
  host.style.cssText = '';
  inFlow.delete(host);
  host.remove();
}
