/**
 * How the page buttons look, read in the page (Chromium through Playwright, Firefox through puppeteer): for
 * each button, wherever it stands (in the document or in a page's open shadow roots), its inner button's
 * computed style. Used to check that every button is styled as src/content/button.ts says, in either scope.
 */
import { SB_BLUE, SB_DANGER, SB_MUTED, SB_OK, SB_SPACE_1, SB_TEXT_SM } from '../../src/ui/tokens.ts';

export interface ButtonLook {
  /** The link the button stands beside. */
  href: string;
  state: string;
  /** In a page's shadow root, not in the document's own tree. */
  inShadow: boolean;
  fontSize: string;
  borderRadius: string;
  minHeight: string;
  color: string;
}

/** Runs in the page: self-contained. `withStyle` false: where each stands and its state only (no style computed). */
export function readButtonLooks(withStyle = true): ButtonLook[] {
  const out: ButtonLook[] = [];
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.getAttribute('data-signbridge') === 'button') {
        const button = el.shadowRoot?.querySelector('button');
        if (!button) continue;
        const style = withStyle ? getComputedStyle(button) : { fontSize: '', borderTopLeftRadius: '', minHeight: '', color: '' };
        const anchor = el.previousElementSibling;
        out.push({
          href: anchor instanceof HTMLAnchorElement ? anchor.href : '',
          state: el.getAttribute('data-state') ?? '',
          inShadow: root !== document,
          fontSize: style.fontSize,
          borderRadius: style.borderTopLeftRadius,
          minHeight: style.minHeight,
          color: style.color,
        });
      } else if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return out;
}

/** `#1d4ed8` as computed style says it: `rgb(29, 78, 216)`. */
export const rgbOf = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** The text colour of each state (button.ts: blue to send, green once sent, red declined, grey voided). */
export function stateColor(state: string): string {
  if (state === 'idle' || state === 'opening') return rgbOf(SB_BLUE);
  if (state === 'declined') return rgbOf(SB_DANGER);
  if (state === 'voided') return rgbOf(SB_MUTED);
  return rgbOf(SB_OK);
}

/** What a button in `state` looks like (button.ts), as `readButtonLooks` reads it. */
export const designedLook = (state: string) => ({ fontSize: SB_TEXT_SM, borderRadius: SB_SPACE_1, minHeight: '24px', color: stateColor(state) });

/** The parts of a look that `designedLook` fixes. */
export const lookOf = ({ fontSize, borderRadius, minHeight, color }: ButtonLook) => ({ fontSize, borderRadius, minHeight, color });
