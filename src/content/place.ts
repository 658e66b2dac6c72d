/**
 * Where a button goes: right after its document's element, in the flow, as an inline-block beside the
 * link. Where that element is itself a cell (a grid item, a table cell, role `gridcell`/`cell`), a
 * sibling in the flow would become a cell of its own and shift every column after it; there the button
 * is taken out of the flow and anchored to the inline end of the link's own box (CSS anchor
 * positioning), so no column moves and no row grows.
 */
import { OWN_ATTRIBUTE } from './dom.ts';

const CELL_ROLES = new Set(['gridcell', 'cell', 'rowheader', 'columnheader']);
/** Parents whose children flow inline: no style needs reading (reading style per link would force layout). */
const FLOW_PARENTS = new Set(['td', 'th', 'p', 'li', 'span', 'label', 'strong', 'em', 'b', 'i', 'small', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt']);
const ANCHORABLE = typeof CSS !== 'undefined' && CSS.supports('anchor-name', '--signbridge');

let counter = 0;
/** Buttons already decided to stay in the flow. */
const inFlow = new WeakSet<Element>();

export function isCell(anchor: Element): boolean {
  if (CELL_ROLES.has(anchor.getAttribute('role') ?? '')) return true;
  const parent = anchor.parentElement;
  if (!parent || FLOW_PARENTS.has(parent.localName)) return false;
  const display = getComputedStyle(parent).display;
  return display.includes('grid') || display === 'table-row' || display === 'table';
}

/** Puts `host` right after `anchor` (again, if the page moved either), out of the flow where `anchor` is a cell. */
export function placeButton(anchor: Element, host: HTMLElement): void {
  if (host.previousSibling !== anchor) anchor.after(host);
  const placed = host.getAttribute(OWN_ATTRIBUTE + '-anchor');
  if (placed !== null) {
    if ((anchor as HTMLElement).style?.getPropertyValue('anchor-name') !== placed) (anchor as HTMLElement).style.setProperty('anchor-name', placed);
    return;
  }
  if (inFlow.has(host)) return;
  if (!ANCHORABLE || !(anchor instanceof HTMLElement) || !isCell(anchor)) {
    inFlow.add(host);
    return;
  }
  const name = `--signbridge-${++counter}`;
  host.setAttribute(OWN_ATTRIBUTE + '-anchor', name);
  anchor.style.setProperty('anchor-name', name);
  // Inline, from `all: initial`: the page's own rules for its cells (`.row > *` with a display, a padding)
  // must neither put the button back in the grid nor make it taller than the row.
  host.style.cssText =
    `all:initial;position:absolute;display:flex;position-anchor:${name};top:anchor(center);right:anchor(right);` +
    'translate:0 -50%;margin:0 4px 0 0;z-index:1';
}

export function unplaceButton(anchor: Element, host: HTMLElement): void {
  const name = host.getAttribute(OWN_ATTRIBUTE + '-anchor');
  if (name !== null && anchor instanceof HTMLElement && anchor.style.getPropertyValue('anchor-name') === name) {
    anchor.style.removeProperty('anchor-name');
  }
  host.removeAttribute(OWN_ATTRIBUTE + '-anchor');
  host.style.cssText = '';
  inFlow.delete(host);
  host.remove();
}
