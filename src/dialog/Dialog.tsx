import { useEffect, useRef, useState } from 'preact/hooks';
import { sendFromOptions, type AuthStatus } from '../shared/auth.ts';
import type { DialogSessionResponse, Recipient } from '../shared/messages.ts';
import { call } from '../shared/rpc.ts';
import { connect, post, refuseAll, requestDocument, type DialogPort } from './channel.ts';
import { useSendGuard } from './visibility.ts';
import { buildRequest, emptyRecipient, formatSize, IdempotencyKeys, prefill, type DocumentBytes } from './model.ts';
import { sha256Hex } from '../shared/bytes.ts';
import { DIALOG_TEXT } from './strings.ts';

type Phase =
  | { name: 'loading'; note: string }
  | { name: 'fatal'; message: string }
  | { name: 'ready' }
  | { name: 'sending' }
  | { name: 'sent'; envelopeId: string; replayed: boolean; signNow: { recipientId: string; name: string }[] }
  | { name: 'failed'; message: string; code: string };

const SIGNING_OUTCOME: Record<string, string> = {
  signing_complete: 'Signed.',
  cancel: 'Signing paused: finish later with Sign now.',
  decline: 'Declined.',
  ttl_expired: 'The signing link expired; click Sign now for a fresh one.',
  session_timeout: 'The signing session timed out; click Sign now to start again.',
  exception: 'DocuSign hit a problem during signing; click Sign now to try again.',
};

const KIND_LABEL: Record<string, string> = {
  pdf: 'PDF', word: 'Word', excel: 'Excel', powerpoint: 'PowerPoint', image: 'Image', text: 'Text', html: 'HTML', other: 'Document',
};

export function Dialog({ sessionId }: { sessionId: string }) {
  const [phase, setPhase] = useState<Phase>({ name: 'loading', note: 'Opening…' });
  const [session, setSession] = useState<DialogSessionResponse>();
  const [bytes, setBytes] = useState<DocumentBytes>();
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [recipients, setRecipients] = useState<Recipient[]>([]);
  const [formError, setFormError] = useState('');
  const port = useRef<DialogPort | undefined>(undefined);
  const [auth, setAuth] = useState<AuthStatus>();
  const keys = useRef(new IdempotencyKeys());
  const [actions, setActions] = useState<HTMLDivElement | null>(null);
  // No send and no signing while the page hides, covers or fades this dialog (see visibility.ts).
  const visibility = useSendGuard(actions, session?.presentation);
  const visible = visibility === true;

  const close = () => {
    if (port.current) post(port.current, { type: 'close' });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    void (async () => {
      const claimed = await call('dialogSession', { sessionId });
      if (!claimed.ok) {
        refuseAll();
        return setPhase({ name: 'fatal', message: claimed.error.message });
      }
      const s = claimed.value;
      setSession(s);
      const status = await call('authStatus', { site: s.page.url });
      if (status.ok) setAuth(status.value);
      const initial = prefill(s.document, s.fields);
      setSubject(initial.subject);
      setMessage(initial.message);
      setRecipients(initial.recipients);
      setPhase({ name: 'loading', note: `Downloading ${s.document.name} from the page…` });
      try {
        port.current = await connect(s);
      } catch (error) {
        return setPhase({ name: 'fatal', message: (error as Error).message });
      }
      const answer = await requestDocument(port.current);
      if (!answer.ok) return setPhase({ name: 'fatal', message: answer.message });
      const data = new Uint8Array(answer.bytes);
      // Handed to the worker as a blob: URL of our own origin: no base64, no bytes in any message.
      const blobUrl = URL.createObjectURL(new Blob([data], { type: answer.mimeType }));
      setBytes({ name: s.document.name, mimeType: answer.mimeType, size: answer.size, blobUrl, sha256: await sha256Hex(data) });
      setPhase({ name: 'ready' });
    })();
  }, [sessionId]);

  /** Switch login and account for this site ("this CRM sends from that account"), as the popup does. */
  const choose = async (value: string) => {
    if (!session) return;
    const [loginKey, accountId] = JSON.parse(value) as [string, string];
    const chosen = await call('authSelect', { loginKey, accountId, site: session.page.url });
    if (!chosen.ok) return setFormError(chosen.error.message);
    setAuth(chosen.value);
    setSession({ ...session, sendingAs: chosen.value.selected && chosen.value.sendingAs ? { ...chosen.value.selected, label: chosen.value.sendingAs } : null });
  };

  const update = (index: number, patch: Partial<Recipient>) =>
    setRecipients((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const add = (role: Recipient['role']) =>
    setRecipients((list) => [...list, emptyRecipient(role, Math.min(99, Math.max(0, ...list.map((r) => r.routingOrder)) + 1))]);
  const remove = (index: number) => setRecipients((list) => list.filter((_, i) => i !== index));

  const send = async () => {
    if (!session || !bytes || phase.name === 'sending' || !visible) return;
    const form = { subject, message, recipients, loginKey: session.sendingAs?.loginKey };
    // The same form gets the same key: a retry after a failure can never create a second envelope.
    const built = buildRequest(sessionId, keys.current.keyFor(form), form, bytes);
    if (!built.ok) return setFormError(built.message);
    setFormError('');
    setPhase({ name: 'sending' });
    const answer = await call('sendEnvelope', built.request);
    if (!answer.ok) return setPhase({ name: 'failed', message: answer.error.message, code: answer.error.code });
    if (port.current) post(port.current, { type: 'sent', envelopeId: answer.value.envelopeId });
    setPhase({ name: 'sent', envelopeId: answer.value.envelopeId, replayed: answer.value.replayed, signNow: answer.value.signNow });
  };

  const [opening, setOpening] = useState('');
  const openInDocuSign = async (envelopeId: string) => {
    setOpening('Opening DocuSign in a new tab…');
    const opened = await call('openInDocuSign', { sessionId, envelopeId });
    setOpening(opened.ok ? '' : opened.error.message);
  };

  const [signing, setSigning] = useState<Record<string, string>>({});
  const signNow = async (envelopeId: string, recipientId: string) => {
    setSigning((s) => ({ ...s, [recipientId]: 'Opening DocuSign in a new tab…' }));
    const started = await call('startSigning', { sessionId, envelopeId, recipientId });
    if (!started.ok) return setSigning((s) => ({ ...s, [recipientId]: started.error.message }));
    setSigning((s) => ({ ...s, [recipientId]: 'Signing in the DocuSign tab…' }));
    // The worker learns the outcome from the tab; ask until it has it (DocuSign's link lives 5 minutes,
    // a signer may take longer, so the dialog keeps asking for up to 30 minutes).
    for (let i = 0; i < 1800; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const status = await call('signingStatus', { sessionId, envelopeId, recipientId });
      if (status.ok && status.value.event) {
        const event = status.value.event;
        setSigning((s) => ({ ...s, [recipientId]: SIGNING_OUTCOME[event] ?? `Signing ended (${event}).` }));
        if (port.current) post(port.current, { type: 'signed', event });
        return;
      }
    }
  };

  if (phase.name === 'fatal') {
    return (
      <main class="dialog" aria-labelledby="title">
        <h1 id="title">Send for signature</h1>
        <p class="error" role="alert">{phase.message}</p>
        <div class="actions"><button type="button" onClick={close}>Close</button></div>
      </main>
    );
  }
  if (!session || phase.name === 'loading') {
    return (
      <main class="dialog" aria-busy="true" aria-labelledby="title">
        <h1 id="title">Send for signature</h1>
        <p class="muted" role="status">{phase.name === 'loading' ? phase.note : 'Opening…'}</p>
      </main>
    );
  }

  const locked = phase.name === 'sending' || phase.name === 'sent';
  // Own DocuSign accounts, then the organization's when the server lets this member send as it.
  const sendFrom = auth ? sendFromOptions(auth) : [];
  return (
    <main class="dialog" aria-labelledby="title">
      <header>
        <h1 id="title">Send for signature</h1>
        <button type="button" class="secondary close" aria-label="Close" onClick={close}>×</button>
      </header>
      <section class="document" aria-label="Document">
        <strong data-testid="document-name">{session.document.name}</strong>
        <span class="muted" data-testid="document-meta">
          {' '}{KIND_LABEL[session.document.kind] ?? 'Document'} · {bytes ? formatSize(bytes.size) : ''}
        </span>
        {bytes ? <span hidden data-testid="document-sha256">{bytes.sha256}</span> : null}
      </section>
      <p class="sending-as" data-testid="sending-as">
        {session.sendingAs ? session.sendingAs.label : DIALOG_TEXT.nobodyToSendAs}
      </p>
      {auth?.selected && sendFrom.length > 1 ? (
        <label class="switcher">
          {DIALOG_TEXT.sendFrom}
          <select
            disabled={locked}
            value={JSON.stringify([auth.selected.loginKey, auth.selected.accountId])}
            onChange={(e) => void choose(e.currentTarget.value)}
          >
            {sendFrom.map((o) => (
              <option key={`${o.loginKey} ${o.accountId}`} value={JSON.stringify([o.loginKey, o.accountId])}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {session.sent ? (
        <p class="notice" role="note">Already sent from this page (envelope {session.sent.envelopeId}{session.sent.outcome ? `, ${session.sent.outcome}` : ''}). Sending again creates a new envelope.</p>
      ) : null}
      <fieldset disabled={locked}>
        <legend>Recipients</legend>
        {recipients.map((r, i) => (
          <div class="recipient" key={i} data-testid="recipient">
            <select aria-label={`Recipient ${i + 1} role`} value={r.role} onChange={(e) => update(i, { role: e.currentTarget.value === 'cc' ? 'cc' : 'signer' })}>
              <option value="signer">Signer</option>
              <option value="cc">CC</option>
            </select>
            <input aria-label={`Recipient ${i + 1} name`} placeholder="Name" value={r.name} onInput={(e) => update(i, { name: e.currentTarget.value })} />
            <input aria-label={`Recipient ${i + 1} email`} placeholder="Email" type="email" value={r.email} onInput={(e) => update(i, { email: e.currentTarget.value })} />
            <input
              aria-label={`Recipient ${i + 1} routing order`}
              title="Routing order: lower numbers receive it first; equal numbers at the same time"
              type="number" min={1} max={99} value={r.routingOrder}
              onInput={(e) => update(i, { routingOrder: Number(e.currentTarget.value) || 1 })}
            />
            {r.role === 'signer' ? (
              <label class="sign-now">
                <input type="checkbox" checked={r.signNow} onChange={(e) => update(i, { signNow: e.currentTarget.checked })} /> signs now on this device
              </label>
            ) : <span class="sign-now" />}
            <button type="button" class="secondary" aria-label={`Remove recipient ${i + 1}`} disabled={recipients.length === 1} onClick={() => remove(i)}>Remove</button>
          </div>
        ))}
        <div class="add">
          <button type="button" class="secondary" onClick={() => add('signer')}>Add signer</button>
          <button type="button" class="secondary" onClick={() => add('cc')}>Add CC</button>
        </div>
      </fieldset>
      <fieldset disabled={locked}>
        <label>Subject<input value={subject} maxLength={100} onInput={(e) => setSubject(e.currentTarget.value)} /></label>
        <label>Message<textarea rows={4} value={message} onInput={(e) => setMessage(e.currentTarget.value)} /></label>
      </fieldset>
      {formError ? <p class="error" role="alert">{formError}</p> : null}
      {phase.name === 'sending' ? <p role="status" class="muted"><progress /> Uploading {bytes ? formatSize(bytes.size) : ''} and creating the envelope…</p> : null}
      {phase.name === 'failed' ? <p class="error" role="alert" data-code={phase.code}>{phase.message}</p> : null}
      {phase.name === 'sent' ? (
        <p role="status" class="ok">
          Sent. Envelope ID: <code data-testid="envelope-id">{phase.envelopeId}</code>{' '}
          <button type="button" class="link" onClick={() => void openInDocuSign(phase.envelopeId)}>Open in DocuSign</button>{' '}
          <span data-testid="open-in-docusign-status">{opening}</span>
        </p>
      ) : null}
      {phase.name === 'sent'
        ? phase.signNow.map((s) => (
            <p class="sign-now-row" key={s.recipientId}>
              <button type="button" disabled={!visible} onClick={() => void signNow(phase.envelopeId, s.recipientId)}>Sign now: {s.name}</button>{' '}
              <span role="status" data-testid={`signing-${s.recipientId}`}>{signing[s.recipientId] ?? ''}</span>
            </p>
          ))
        : null}
      {visibility === false ? (
        <p class="notice" data-testid="not-visible">
          {session?.presentation === 'window'
            ? 'Sending is ready a moment after this window has the focus.'
            : 'Sending is paused while this dialog is covered or faded by the page.'}
        </p>
      ) : null}
      <div class="actions" ref={setActions}>
        {phase.name === 'sent' ? (
          <button type="button" onClick={close}>Done</button>
        ) : (
          <>
            <button type="button" class="secondary" onClick={close}>Cancel</button>
            <button type="button" disabled={!bytes || phase.name === 'sending' || !visible} onClick={() => void send()}>
              {phase.name === 'failed' ? 'Retry' : 'Send'}
            </button>
          </>
        )}
      </div>
    </main>
  );
}
