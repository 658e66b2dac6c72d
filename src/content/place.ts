/**
 * Where a button goes: right after its document's element, in the flow, as an inline-block beside the
 * link. Where that element is itself a cell (a grid item, a table cell, role `gridcell`/`cell`), a
 * sibling in the flow would become a cell of its own and shift every column after it; there the button
 * is taken out of the flow and anchored to the inline end of the link's own box (CSS anchor
 * positioning), so no column moves and no row grows.
 */
/** gridcell, cell, rowheader, columnheader. */
const CELL_ROLE = /^(grid)?cell$|^(row|column)header$/;
/** Parents whose children flow inline: no style needs reading. */
const FLOW_PARENT = /^(t[dh]|p|li|span|label|strong|em|b|i|small|h[1-6]|d[dt])$/;
const ANCHORABLE = typeof CSS !== 'undefined' && CSS.supports('anchor-name', '--signbridge');

let counter = 0;

/**
 * A button as placement sees it; `placement` is kept on it (not in the DOM, not in a WeakMap: 10,000
 * buttons): `flow` once decided to stay in the flow, the anchor name it is positioned on once taken out.
 */
export interface Placeable {
  readonly host: HTMLElement;
  placement: 'flow' | `--signbridge-${number}` | undefined;
}

/** A link in an inline-flow parent without a cell role: in the flow, no style to read (one DOM call, no string). */
const IN_FLOW = ':not([role=gridcell], [role=cell], [role=rowheader], [role=columnheader]):is(td, th, p, li, span, label, strong, em, b, i, small, h1, h2, h3, h4, h5, h6, dd, dt) > *';

export function isCell(anchor: Element): boolean {
  if (anchor.matches(IN_FLOW)) return false;
  if (CELL_ROLE.test(anchor.getAttribute('role') ?? '')) return true;
  const parent = anchor.parentElement;
  if (!parent || FLOW_PARENT.test(parent.localName)) return false;
  const display = getComputedStyle(parent).display;
  return display.includes('grid') || display === 'table-row' || display === 'table';
}

/** Buttons placed since the last `settlePlacements`, whether they stand in a cell not decided yet. */
const pending: [Element, Placeable][] = [];

/**
 * Puts `host` right after `anchor` (again, if the page moved either), in the flow; whether `anchor` is a
 * cell is decided by `settlePlacements`, once for a whole batch.
 */
export function placeButton(anchor: Element, button: Placeable): void {
  const { host, placement } = button;
  if (host.previousSibling !== anchor) anchor.after(host);
  if (placement === undefined) {
    if (ANCHORABLE) pending.push([anchor, button]);
  } else if (placement !== 'flow' && (anchor as HTMLElement).style?.getPropertyValue('anchor-name') !== placement) {
    (anchor as HTMLElement).style.setProperty('anchor-name', placement);
  }
}

/**
 * Takes the buttons placed in this batch out of the flow where their link is a cell. Every style read
 * comes before any write: reading style after each button's insertion would make the browser compute
 * the page's style once per button (10,000 times on a large grid), read first it does so once.
 */
export function settlePlacements(): void {
  const cells = pending.filter(([anchor, button]) => {
    if (button.placement !== undefined || button.host.previousSibling !== anchor || !(anchor instanceof HTMLElement)) return false;
    if (isCell(anchor)) return true;
    button.placement = 'flow';
    return false;
  });
  pending.length = 0;
  for (const [anchor, button] of cells) {
    const { host } = button;
    const name = `--signbridge-${++counter}` as const;
    button.placement = name;
    (anchor as HTMLElement).style.setProperty('anchor-name', name);
    // Inline, from `all: initial`: the page's own rules for its cells (`.row > *` with a display, a padding)
    // must neither put the button back in the grid nor make it taller than the row.
    host.style.cssText =
      `all:initial;position:absolute;display:flex;position-anchor:${name};top:anchor(center);right:anchor(right);` +
      'translate:0 -50%;margin:0 4px 0 0;z-index:1';
  }
}

export function unplaceButton(anchor: Element, button: Placeable): void {
  const { host, placement } = button;
  if (placement !== undefined && placement !== 'flow') {
    if (anchor instanceof HTMLElement && anchor.style.getPropertyValue('anchor-name') === placement) anchor.style.removeProperty('anchor-name');
    host.style.cssText = '';
  }
  button.placement = undefined;
  host.remove();
}
