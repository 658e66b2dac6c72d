/**
 * The "Send for signature" button. It lives in its own shadow root so the page's CSS neither breaks
 * it nor is broken by it; it is a real <button>, so it is keyboard reachable. A click the page
 * synthesised (`isTrusted` false, e.g. `button.click()` from script) does nothing.
 */
import { OWN_ATTRIBUTE } from './dom.ts';

export type ButtonState = 'idle' | 'opening' | 'sent' | 'signed' | 'declined';

export interface SendButton {
  host: HTMLElement;
  setState(state: ButtonState): void;
}

const LABELS: Record<ButtonState, string> = {
  idle: 'Send for signature',
  opening: 'Opening…',
  sent: 'Sent',
  signed: 'Signed',
  declined: 'Declined',
};

const STYLE = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-inline-start: 6px; line-height: 1; }
button {
  font: 500 12px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1d4ed8; background: #fff; border: 1px solid #1d4ed8; border-radius: 4px;
  padding: 2px 6px; margin: 0; cursor: pointer; white-space: nowrap; max-width: 14em;
}
button:hover { background: #eff6ff; }
button:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 1px; }
:host([data-state="sent"]) button, :host([data-state="signed"]) button { color: #047857; border-color: #047857; }
:host([data-state="opening"]) button { cursor: progress; }
`;

// One parsed stylesheet shared by every button's shadow root: a page with 10,000 documents must not
// parse (and match against) 10,000 copies.
let sheet: CSSStyleSheet | undefined;
function sharedSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/** The button for one document; the caller removes `host` on teardown. */
export function createButton(onActivate: () => void): SendButton {
  const host = document.createElement('span');
  host.setAttribute(OWN_ATTRIBUTE, 'button');
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sharedSheet()];
  const button = document.createElement('button');
  button.type = 'button';
  root.append(button);

  const setState = (state: ButtonState) => {
    button.textContent = LABELS[state];
    host.setAttribute('data-state', state);
  };
  setState('idle');

  button.addEventListener('click', (event) => {
    // The row around us may navigate on click: the page never sees ours.
    event.preventDefault();
    event.stopPropagation();
    if (!event.isTrusted) return;
    onActivate();
  });
  return { host, setState };
}
