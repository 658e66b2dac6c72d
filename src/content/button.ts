/**
 * The page button. It lives in its own shadow root so the page's CSS neither breaks it nor is broken
 * by it; it is a real <button>, so it is keyboard reachable. A click the page synthesised (`isTrusted`
 * false, e.g. `button.click()` from script) does nothing. What it shows is always derived from the
 * document it currently stands beside (`show`), so a recycled row can never keep another one's state.
 */
import { OWN_ATTRIBUTE } from './dom.ts';
import { shortDate, t } from './i18n.ts';
import { SB_BG, SB_BLUE, SB_DANGER, SB_FOCUS, SB_FONT, SB_INFO_BG, SB_MUTED, SB_OK, SB_SPACE_1, SB_TEXT_SM } from '../ui/tokens.ts';

/**
 * `signed`: signed with Sign now on this device; `delivered`, `signing` (some signers signed),
 * `completed`, `voided` and `declined` also come from DocuSign Connect through SignBridge's server.
 */
export type ButtonState = 'idle' | 'opening' | 'sent' | 'signed' | 'declined' | 'delivered' | 'signing' | 'completed' | 'voided';

/** What the button says about its document. */
export interface ButtonView {
  state: ButtonState;
  /** When it was sent, or when signing ended (epoch ms). */
  at?: number | undefined;
  /** Whom it was sent to ("Ann Lee", "Ann Lee +2"). */
  to?: string | undefined;
  /** `signing`: how many of how many signers have signed. */
  signed?: number | undefined;
  of?: number | undefined;
}

export interface SendButton {
  host: HTMLElement;
  show(documentName: string, view: ButtonView): void;
  focus(): void;
}

/** States shown with a date: the visible label's key; the accessible name's is the same + `Name`. */
const DATED = {
  signed: 'buttonSigned',
  declined: 'buttonDeclined',
  delivered: 'status_buttonDelivered',
  completed: 'status_buttonCompleted',
  voided: 'status_buttonVoided',
} as const;

/** Visible label and accessible name: the name says what and which ("Send Contract.pdf for signature"). */
export function labels(name: string, view: ButtonView): { label: string; name: string } {
  const date = view.at === undefined ? '' : shortDate(view.at);
  const state = view.state;
  if (state === 'idle') return { label: t('buttonSend'), name: t('buttonSendName', name) };
  if (state === 'opening') return { label: t('buttonOpening'), name: t('buttonOpeningName', name) };
  if (state === 'sent') {
    return view.to
      ? { label: t('buttonSentTo', view.to, date), name: t('buttonSentToName', name, view.to, date) }
      : { label: t('buttonSentOn', date), name: t('buttonSentOnName', name, date) };
  }
  if (state === 'signing') {
    const [n, of] = [String(view.signed ?? 0), String(view.of ?? 0)];
    return { label: t('status_buttonSigning', n, of, date), name: t('status_buttonSigningName', name, n, of, date) };
  }
  const key = DATED[state];
  return { label: t(key, date), name: t(`${key}Name`, name, date) };
}

/** The colour a state is shown in (its text and border); any other sent state is green. */
const COLOUR: Partial<Record<ButtonState, string>> = { idle: SB_BLUE, opening: SB_BLUE, declined: SB_DANGER, voided: SB_MUTED };

// Written compact (it ships in every page as is). The colour is set per state (show); the border takes it.
const STYLE = `:host{all:initial;display:inline-block;vertical-align:middle;margin-inline-start:6px;line-height:1}
button{font:500 ${SB_TEXT_SM}/1.2 ${SB_FONT};background:${SB_BG};border:1px solid;border-radius:${SB_SPACE_1};\
padding:2px 6px;margin:0;cursor:pointer;white-space:nowrap;max-width:16em;overflow:hidden;text-overflow:ellipsis;vertical-align:middle}
button:hover{background:${SB_INFO_BG}}
button:focus-visible{outline:2px solid ${SB_FOCUS};outline-offset:1px}
:host([data-state=opening]) button{cursor:progress}`;

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
  let shown = '';

  button.addEventListener('click', (event) => {
    // The row around us may navigate on click: the page never sees ours.
    event.preventDefault();
    event.stopPropagation();
    if (!event.isTrusted) return;
    onActivate();
  });
  return {
    host,
    show(documentName, view) {
      const { label, name } = labels(documentName, view);
      // Rows recycle often: touch the DOM only when something changed.
      const key = `${view.state}\n${label}\n${name}`;
      if (key === shown) return;
      shown = key;
      button.textContent = label;
      // The visible label stays part of the name's meaning (WCAG 2.5.3); the title shows the whole of it.
      button.setAttribute('aria-label', name);
      if (view.state !== 'idle') button.title = name;
      else button.removeAttribute('title');
      host.setAttribute('data-state', view.state);
      button.style.color = COLOUR[view.state] ?? SB_OK;
    },
    focus: () => button.focus(),
  };
}
