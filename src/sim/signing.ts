/**
 * The simulator's signing and sender pages, reached through the single-use view URLs. Each action
 * redirects to the caller's returnUrl with DocuSign's `event` value.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';
import { html, page, readForm } from './html.ts';
import { markDeclined, markDelivered, markSigned, sendEnvelope } from './lifecycle.ts';
import { opaque, type RecipientView } from './store.ts';
import type { SimEnvelope, SimRecipient, SimTab } from './types.ts';

function backTo(c: Context<SimEnv>, returnUrl: string, event: string): Response {
  const url = new URL(returnUrl);
  url.searchParams.set('event', event);
  return c.redirect(url.toString(), 302);
}

const TAB_NAMES: Record<SimTab['type'], string> = { signHere: 'Sign here', initialHere: 'Initial here', dateSigned: 'Date signed', fullName: 'Full name', text: 'Text' };

/** This signer's own fields, where DocuSign would show them (other signers' fields are not theirs to see). */
function fieldsHtml(envelope: SimEnvelope, signer: SimRecipient) {
  const placed = signer.tabs.filter((t) => t.documentId !== undefined);
  if (placed.length === 0) return html`<p data-testid="no-fields">No fields: place your signature anywhere.</p>`;
  const docName = (id: string | undefined) => envelope.documents.find((d) => d.documentId === id)?.name ?? '';
  return html`<ul aria-label="Fields">${placed.map(
    (t) => html`<li data-testid="field" data-type="${t.type}" data-document="${t.documentId ?? ''}" data-page="${t.pageNumber ?? ''}" data-x="${t.xPosition ?? ''}" data-y="${t.yPosition ?? ''}">${TAB_NAMES[t.type]}${t.tabLabel ? html` (${t.tabLabel})` : ''}: ${docName(t.documentId)}, page ${t.pageNumber ?? ''}, at ${t.xPosition ?? ''}, ${t.yPosition ?? ''}${t.value ? html` = ${t.value}` : ''}</li>`,
  )}</ul>`;
}

function deadLink(c: Context<SimEnv>): Response {
  return c.html(page('Link not valid', html`<h1>This link is not valid</h1><p role="alert">Ask the sender for a new signing link.</p>`), 404);
}

/** A view URL is usable once, within 5 minutes, while its envelope is not voided. */
function redeem(deps: SimDeps, c: Context<SimEnv>, kind: RecipientView['kind']): RecipientView | Response {
  const view = deps.store.views.get(c.req.param('token') ?? '');
  if (!view || view.kind !== kind || deps.store.accounts.get(view.accountId)?.site !== c.req.param('site')) return deadLink(c);
  const envelope = deps.store.envelopes.get(view.envelopeId);
  // DocuSign: `ttl_expired` when the token expired (5 minutes) or the envelope was voided. UNCONFIRMED: a
  // reused URL is answered the same way.
  if (view.used || view.expiresAt <= deps.store.now() || !envelope || envelope.status === 'voided') {
    view.used = true;
    return backTo(c, view.returnUrl, 'ttl_expired');
  }
  view.used = true;
  return view;
}

export function signingRoutes(deps: SimDeps): Hono<SimEnv> {
  const { store } = deps;
  const app = new Hono<SimEnv>();

  app.get('/:site/Signing/MTRedeem/v1/:token', (c) => {
    const view = redeem(deps, c, 'recipient');
    if (view instanceof Response) return view;
    const envelope = store.envelopes.get(view.envelopeId);
    const signer = envelope?.recipients.signers.find((s) => s.recipientId === view.recipientId);
    if (!envelope || !signer) return deadLink(c);
    markDelivered(envelope, signer, store.now(), deps.announce);
    const id = opaque();
    store.signing.set(id, { id, accountId: view.accountId, envelopeId: view.envelopeId, recipientId: view.recipientId, returnUrl: view.returnUrl, done: false });
    const action = `/${c.req.param('site')}/Signing/session/${id}`;
    const body = html`<h1>${envelope.emailSubject || 'Please sign'}</h1>
<p>Signing as <strong>${signer.name}</strong> (${signer.email})</p>
<ul aria-label="Documents">${envelope.documents.map((d) => html`<li><span class="doc-name">${d.name}</span> (<span class="doc-pages">${d.pages}</span> ${d.pages === 1 ? 'page' : 'pages'})</li>`)}</ul>
${fieldsHtml(envelope, signer)}
<form method="post" action="${action}">
<button type="submit" name="action" value="sign">Sign</button>
<button type="submit" name="action" value="later">Finish later</button>
<label for="reason">Reason for declining</label><input id="reason" name="reason" maxlength="200">
<button type="submit" name="action" value="decline">Decline</button>
</form>`;
    return c.html(page('Sign - DocuSign', body));
  });

  app.post('/:site/Signing/session/:id', async (c) => {
    const session = store.signing.get(c.req.param('id'));
    if (!session || session.done) return deadLink(c);
    session.done = true;
    const form = await readForm(c.req);
    const envelope = store.envelopes.get(session.envelopeId);
    const signer = envelope?.recipients.signers.find((s) => s.recipientId === session.recipientId);
    if (!envelope || !signer) return deadLink(c);
    const now = store.now();
    switch (form['action']) {
      case 'sign':
        markSigned(envelope, signer, now, deps.announce);
        return backTo(c, session.returnUrl, 'signing_complete');
      case 'decline': {
        const reason = typeof form['reason'] === 'string' ? form['reason'].slice(0, 200) : '';
        markDeclined(envelope, signer, reason, now, deps.announce);
        return backTo(c, session.returnUrl, 'decline');
      }
      default:
        // "Finish later" comes back as `cancel` (spec recipientViewRequest.returnUrl).
        return backTo(c, session.returnUrl, 'cancel');
    }
  });

  // The console view's page: the web app opened on one envelope (read-only here).
  app.get('/:site/Member/StartInSession.aspx', (c) => {
    const view = store.views.get(c.req.query('t') ?? '');
    if (!view || view.kind !== 'console' || store.accounts.get(view.accountId)?.site !== c.req.param('site')) return deadLink(c);
    if (view.used || view.expiresAt <= store.now()) {
      view.used = true;
      return backTo(c, view.returnUrl, 'ttl_expired');
    }
    view.used = true;
    const envelope = store.envelopes.get(view.envelopeId);
    if (!envelope) return c.html(page('Home - DocuSign', html`<h1>Home</h1>`));
    const people = [...envelope.recipients.signers, ...envelope.recipients.carbonCopies];
    const body = html`<h1>${envelope.emailSubject || 'Untitled envelope'}</h1>
<p>Envelope ID: <code data-testid="envelope-id">${envelope.envelopeId}</code> · Status: <strong data-testid="envelope-status">${envelope.status}</strong></p>
<ul aria-label="Recipients">${people.map((r) => html`<li>${r.name} (${r.email}): ${r.status}</li>`)}</ul>
<ul aria-label="Documents">${envelope.documents.map((d) => html`<li>${d.name}</li>`)}</ul>`;
    return c.html(page('Envelope - DocuSign', body));
  });

  app.get('/:site/Signing/StartInSession/v1/:token', (c) => {
    const view = redeem(deps, c, 'sender');
    if (view instanceof Response) return view;
    const envelope = store.envelopes.get(view.envelopeId);
    if (!envelope) return deadLink(c);
    const id = opaque();
    store.signing.set(id, { id, accountId: view.accountId, envelopeId: view.envelopeId, recipientId: '', returnUrl: view.returnUrl, done: false });
    const body = html`<h1>Prepare: ${envelope.emailSubject || 'Untitled envelope'}</h1>
<ul aria-label="Documents">${envelope.documents.map((d) => html`<li>${d.name} (${d.pages} ${d.pages === 1 ? 'page' : 'pages'})</li>`)}</ul>
<form method="post" action="/${c.req.param('site')}/Signing/sender/${id}">
<button type="submit" name="action" value="send">Send</button>
<button type="submit" name="action" value="save">Save and close</button>
</form>`;
    return c.html(page('Prepare - DocuSign', body));
  });

  app.post('/:site/Signing/sender/:id', async (c) => {
    const session = store.signing.get(c.req.param('id'));
    if (!session || session.done) return deadLink(c);
    session.done = true;
    const form = await readForm(c.req);
    const envelope = store.envelopes.get(session.envelopeId);
    if (!envelope) return deadLink(c);
    if (form['action'] === 'send' && envelope.status === 'created') {
      sendEnvelope(envelope, store.now(), deps.announce);
      return backTo(c, session.returnUrl, 'Send');
    }
    return backTo(c, session.returnUrl, 'Save');
  });

  return app;
}
