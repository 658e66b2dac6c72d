/**
 * Tabs (DocuSign's fields) on a recipient: Sign here, Initial here, Date signed, Full name and Text,
 * placed at a page and position (`documentId`, `pageNumber`, `xPosition`, `yPosition`, pixels at 72 dpi
 * from the top left) or by anchor (`anchorString` plus offsets) (spec `signHere`, `tabs`). Parsing checks
 * each tab's own numbers; `placeTabs` then checks them against the envelope's documents and resolves
 * anchors in the documents' text (pdf-text.ts, uncompressed text only).
 */
import { array, object, scalar, type Obj } from './body.ts';
import { Errors, esignError } from './errors.ts';
import { pdfTextRuns } from './pdf-text.ts';
import type { SimDocument, SimRecipient, SimTab, SimTabType } from './types.ts';

/** The tab arrays the simulator models, by `tabs` key. */
export const TAB_KEYS: Record<string, SimTabType> = {
  signHereTabs: 'signHere',
  initialHereTabs: 'initialHere',
  dateSignedTabs: 'dateSigned',
  fullNameTabs: 'fullName',
  textTabs: 'text',
};

const NUMBER = /^-?\d{1,6}(\.\d{1,4})?$/;
/** Points per anchor unit (spec `signHere.anchorUnits`: pixels, inches, mms, cms; default pixels). */
const UNITS: Record<string, number> = { pixels: 1, inches: 72, mms: 72 / 25.4, cms: 72 / 2.54 };

// UNCONFIRMED code: DocuSign reads these as numbers; a .NET conversion failure is its usual answer.
const notNumber = (path: string, key: string) => Errors.badBody(`Input string was not in a correct format. Path '${path}${key}'.`);

function parseTab(t: Obj, path: string, type: SimTabType): SimTab {
  const read = (key: string) => scalar(t, key, path);
  const tab: SimTab = { type, tabId: crypto.randomUUID(), tabLabel: read('tabLabel') ?? '', value: read('value') ?? '' };
  for (const key of ['documentId', 'pageNumber', 'xPosition', 'yPosition', 'anchorXOffset', 'anchorYOffset'] as const) {
    const value = read(key);
    if (value === undefined || value === '') continue;
    const integer = key === 'documentId' || key === 'pageNumber';
    if (integer ? !/^\d{1,9}$/.test(value) || value === '0' : !NUMBER.test(value)) throw notNumber(path, key);
    tab[key] = value;
  }
  const anchor = read('anchorString');
  if (anchor !== undefined && anchor !== '') {
    tab.anchorString = anchor;
    const units = (read('anchorUnits') ?? 'pixels').toLowerCase();
    if (UNITS[units] === undefined) throw Errors.invalidParameter(`Invalid anchorUnits '${units}'. Path '${path}anchorUnits'.`);
    tab.anchorUnits = units;
    if ((read('anchorIgnoreIfNotPresent') ?? '').toLowerCase() === 'true') tab.anchorIgnoreIfNotPresent = 'true';
  }
  return tab;
}

/** The tabs of one recipient as posted; carbon copies may not have any. */
export function parseTabs(recipient: Obj, path: string, type: SimRecipient['type']): SimTab[] {
  const tabs = object(recipient, 'tabs', path);
  if (!tabs) return [];
  const out: SimTab[] = [];
  for (const [key, value] of Object.entries(tabs)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    const tabType = TAB_KEYS[key];
    if (tabType === undefined) {
      throw esignError(400, 'SIMULATOR_UNSUPPORTED', `The DocuSign simulator does not support tabs.${key}; DocuSign itself may accept it.`);
    }
    // A carbon copy only receives a copy: it has nothing to fill in. UNCONFIRMED code.
    if (type === 'carbonCopy') throw esignError(400, 'INVALID_TAB_FOR_RECIPIENT_TYPE', `A carbon copy recipient cannot have tabs. Path '${path}tabs.${key}'.`);
    array(tabs, key, `${path}tabs.`).forEach((t, i) => out.push(parseTab(t, `${path}tabs.${key}[${i}].`, tabType)));
  }
  return out;
}

function anchorHits(tab: SimTab & { anchorString: string }, documents: readonly SimDocument[]): SimTab[] {
  const scale = UNITS[tab.anchorUnits ?? 'pixels'] ?? 1;
  const needle = tab.anchorString.toLowerCase();
  const hits: SimTab[] = [];
  for (const doc of documents) {
    if (doc.fileExtension !== 'pdf') continue;
    for (const run of pdfTextRuns(doc.bytes)) {
      const at = run.text.toLowerCase().indexOf(needle);
      if (at < 0) continue;
      // Helvetica averages about half an em per character: close enough to find the anchor's start.
      const x = run.x + at * run.fontSize * 0.5 + Number(tab.anchorXOffset ?? 0) * scale;
      const y = run.pageHeight - run.y - run.fontSize + Number(tab.anchorYOffset ?? 0) * scale;
      hits.push({ ...tab, tabId: crypto.randomUUID(), documentId: doc.documentId, pageNumber: String(run.page), xPosition: String(Math.round(x)), yPosition: String(Math.round(y)) });
    }
  }
  return hits;
}

/**
 * Checks each placed tab against the documents and turns each anchor tab into one tab per place its
 * string appears (DocuSign places a tab at every occurrence, in every document).
 */
export function placeTabs(recipient: SimRecipient, documents: readonly SimDocument[]): SimTab[] {
  return recipient.tabs.flatMap((tab): SimTab[] => {
    if (tab.anchorString !== undefined) {
      const hits = anchorHits(tab as SimTab & { anchorString: string }, documents);
      // Observed on DocuSign forums; UNCONFIRMED exact message.
      if (hits.length === 0 && tab.anchorIgnoreIfNotPresent !== 'true') {
        throw esignError(400, 'ANCHOR_TAB_STRING_NOT_FOUND', `The specified Anchor Tab string was not found in the document. Anchor Tab Text: ${tab.anchorString}`);
      }
      return hits;
    }
    // A text tab of a template role carries only its value: the template places it.
    if (tab.documentId === undefined && recipient.roleName !== undefined && tab.type === 'text') return [tab];
    const doc = documents.find((d) => d.documentId === tab.documentId);
    if (!doc) {
      throw esignError(400, 'TAB_REFERS_TO_MISSING_DOCUMENT', `The DocumentId specified in the tab element does not refer to a document in this envelope. Tab refers to DocumentId ${tab.documentId ?? '(none)'} for Recipient Id ${recipient.recipientId}.`);
    }
    const pageNumber = Number(tab.pageNumber ?? '1');
    if (pageNumber > doc.pages) {
      throw esignError(400, 'TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT', `The pagenumber specified in the tab element is not in the document that the tab refers to. Tab on Page ${pageNumber} of Document ${doc.documentId} for Recipient ${recipient.recipientId}.`);
    }
    return [{ ...tab, pageNumber: String(pageNumber), xPosition: tab.xPosition ?? '0', yPosition: tab.yPosition ?? '0' }];
  });
}

/** spec `tabs`: the recipient's tabs grouped by type, as DocuSign answers them. */
export function tabsJson(recipientId: string, tabs: readonly SimTab[]) {
  const out: Record<string, Record<string, string>[]> = {};
  for (const [key, type] of Object.entries(TAB_KEYS)) {
    const list = tabs.filter((t) => t.type === type);
    if (list.length === 0) continue;
    out[key] = list.map(({ type: _type, anchorIgnoreIfNotPresent: _ignore, ...t }) => ({
      ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== '')),
      recipientId,
      tabType: type.toLowerCase(),
    }));
  }
  return out;
}
