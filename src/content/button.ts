/**
 * The page button. It lives in its own shadow root so the page's CSS neither breaks it nor is broken
 * by it; it is a real <button>, so it is keyboard reachable. What it shows is always derived from the
 * document it currently stands beside (`show`), so a recycled row can never keep another one's state.
 */
import { OWN_ATTRIBUTE } from './dom.ts';
import type { MessageKey } from '../shared/i18n.ts';
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

/** A visible label's key whose accessible name's key is the same + `Name`. */
type LabelKey = { [K in MessageKey]: `${K}Name` extends MessageKey ? K : never }[MessageKey];

/** Each state's visible label; `sent` with a recipient says "Sent to …" (`buttonSentTo`). */
const LABEL: Record<ButtonState, LabelKey> = {
  idle: 'buttonSend',
  opening: 'buttonOpening',
  sent: 'buttonSentOn',
  signed: 'buttonSigned',
  declined: 'buttonDeclined',
  delivered: 'status_buttonDelivered',
  signing: 'status_buttonSigning',
  completed: 'status_buttonCompleted',
  voided: 'status_buttonVoided',
};

/**
 * Visible label and accessible name: the name says what and which ("Send for signature: Contract.pdf"),
 * with the same substitutions after the document's name (a message ignores those it does not name). The
 * name holds the visible label word for word, so a person who says what they see ("click Send for
 * signature") reaches it by voice (WCAG 2.5.3 Label in Name; axe checks it in test/e2e/content-button.test.ts).
 */
export function labels(name: string, view: ButtonView): { label: string; name: string } {
  const date = view.at === undefined ? '' : shortDate(view.at);
  let key: LabelKey = LABEL[view.state];
  let subs = [date];
  if (view.state === 'sent' && view.to) [key, subs] = ['buttonSentTo', [view.to, date]];
  if (view.state === 'signing') subs = [String(view.signed ?? 0), String(view.of ?? 0), date];
  const say = t as (key: string, ...subs: string[]) => string;
  return { label: say(key, ...subs), name: say(`${key}Name`, name, ...subs) };
}

/** The inner button's part name: the page's sheet styles it from outside its shadow root (`::part`). */
const PART = 'signbridge-button';

/**
 * The rules, for either scope they are adopted in: `host(condition)` selects the button's host (matching
 * `condition`, an attribute test), `inner` the button under it. Written compact (it ships in every page as
 * is). The colour follows the state (blue to send, green once sent, red declined, grey voided) from here,
 * not from a style per button; the border takes it. At least 24 px tall: a target that size needs no
 * space around it (WCAG 2.2 Target Size), and a button wrapped under its link sits closer to that link
 * than 24 px.
 */
const rules = (host: (condition?: string) => string, inner: string) => `${host()}{all:initial;display:inline-block;vertical-align:middle;margin-inline-start:6px;line-height:1}
${host()}${inner}{font:500 ${SB_TEXT_SM}/1.2 ${SB_FONT};color:${SB_BLUE};background:${SB_BG};border:1px solid;border-radius:${SB_SPACE_1};\
box-sizing:border-box;min-height:24px;padding:2px 8px;margin:0;cursor:pointer;white-space:nowrap;max-width:16em;overflow:hidden;text-overflow:ellipsis;vertical-align:middle}
${host()}${inner}:hover{background:${SB_INFO_BG}}
${host()}${inner}:focus-visible{outline:2px solid ${SB_FOCUS};outline-offset:1px}
${host('[data-state=opening]')}${inner}{cursor:progress}
${host(':not([data-state=idle],[data-state=opening])')}${inner}{color:${SB_OK}}
${host('[data-state=declined]')}${inner}{color:${SB_DANGER}}
${host('[data-state=voided]')}${inner}{color:${SB_MUTED}}`;

const sheetOf = (text: string) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return sheet;
};

/**
 * One sheet in the document's adopted style sheets styles every button whose host is in the document, from
 * outside (`[data-signbridge=button]::part(signbridge-button)`): a shadow root that adopts a sheet of its own
 * costs its button's making and insertion a style scope each, about a sixth of the CPU of decorating a
 * 10,000-row library (test/bench/content.ts). A host inside a page's own shadow root (a web-component
 * page) is out of that sheet's reach: its shadow root adopts `ownSheet` (the same rules from inside).
 * Parsed once each, shared by every button: a page with 10,000 documents must not parse 10,000 copies.
 */
let pageSheet: CSSStyleSheet | undefined;
let ownSheet: CSSStyleSheet | undefined;

/**
 * Puts the page's sheet in the document's adopted style sheets if it is not there (a page may have replaced
 * the list since), at the end of each batch that leaves buttons on the page; `remove`: takes it out
 * (SignBridge leaves the page). An index loop, not a spread: in a Firefox content script the list is the
 * page's array, seen through Xrays.
 */
export function stylePage(remove = false): void {
  if (remove && !pageSheet) return;
  pageSheet ??= sheetOf(rules((condition = '') => `[${OWN_ATTRIBUTE}=button]${condition}`, `::part(${PART})`));
  const list = document.adoptedStyleSheets;
  const others: CSSStyleSheet[] = [];
  for (let i = 0; i < list.length; i++) if (list[i] !== pageSheet) others.push(list[i] as CSSStyleSheet);
  // Nothing to do when it is there to stay, or absent and to go.
  if ((others.length < list.length) !== remove) return;
  document.adoptedStyleSheets = remove ? others : [...others, pageSheet];
}

/**
 * A button as it is first shown (idle, the send label), to be cloned: one `cloneNode` makes the host, its
 * shadow root (`clonable`) and the button in one call into the DOM, where building them takes eight (in a
 * content script each call crosses into the page's world: making, naming and inserting 10,000 buttons in an
 * isolated world costs 60 ms cloned, 78 ms built; README "Performance"). `null`: this browser does not
 * clone shadow roots (Chrome before 124), and each button is built.
 */
let template: HTMLElement | null | undefined;

function build(clonable: boolean): HTMLElement {
  const host = document.createElement('span');
  host.setAttribute(OWN_ATTRIBUTE, 'button');
  host.setAttribute('data-state', 'idle');
  const root = host.attachShadow({ mode: 'open', clonable });
  const button = document.createElement('button');
  button.setAttribute('part', PART);
  button.textContent = t('buttonSend');
  root.append(button);
  return host;
}

/** A new host and its button (styled by `stylePage`'s sheet, or by `ownSheet` in the constructor). */
function make(): [HTMLElement, ShadowRoot] {
  if (template !== null) {
    template ??= build(true);
    const host = template.cloneNode(true) as HTMLElement;
    if (host.shadowRoot) return [host, host.shadowRoot];
    template = null;
  }
  const host = build(false);
  return [host, host.shadowRoot as ShadowRoot];
}

/**
 * The button for one document; the caller removes `host` on teardown and handles its clicks (one
 * listener for all buttons, src/content/slots.ts). A class, not closures: nothing is made per button
 * but the elements. No `type="button"`: in its own shadow tree a button has no form to submit.
 */
export class SendButton {
  readonly host: HTMLElement;
  private readonly button: HTMLButtonElement;
  // What the DOM shows now, so that only what changed is written (rows recycle often).
  private label = t('buttonSend');
  private name = '';
  private state: ButtonState = 'idle';

  /** `inPage`: its host goes into the document's own tree (not into a page's shadow root), where `stylePage`'s sheet reaches it. */
  constructor(inPage: boolean) {
    const [host, root] = make();
    this.host = host;
    if (!inPage) root.adoptedStyleSheets = [(ownSheet ??= sheetOf(rules((condition) => (condition ? `:host(${condition})` : ':host'), ' button')))];
    this.button = root.firstChild as HTMLButtonElement;
  }

  show(documentName: string, view: ButtonView): void {
    const { label, name } = labels(documentName, view);
    const { button, state } = this;
    if (label !== this.label) button.textContent = this.label = label;
    // The name holds the visible label (WCAG 2.5.3); the title shows the whole of it.
    const changed = name !== this.name || view.state !== state;
    if (name !== this.name) button.setAttribute('aria-label', (this.name = name));
    if (view.state !== state) this.host.setAttribute('data-state', (this.state = view.state));
    if (!changed) return;
    if (view.state !== 'idle') button.title = name;
    else if (state !== 'idle') button.removeAttribute('title');
  }

  focus(): void {
    this.button.focus();
  }
}
