/**
 * The status panel (issue 16): shown in the same protected dialog frame when the user clicks a document
 * already sent from this page (the worker chose `mode: 'status'` when it opened the session). It follows
 * the envelope as SignBridge's server learns it from Connect, through the worker's event stream (never
 * from DocuSign): a signer who signs while the panel is open shows at once, and an action's outcome
 * arrives the same way rather than by reading again. It offers Open in
 * DocuSign, Remind, Void (with a reason and a confirmation), Download and Send again. Every state on
 * screen comes from one `Panel` value, so nothing shown contradicts anything else shown.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../../shared/i18n.ts';
import type { DialogSessionResponse } from '../../shared/messages.ts';
import { call } from '../../shared/rpc.ts';
import type { EnvelopeStatusView } from '../../shared/status-api.ts';
import { STATUS_PANEL_PORT, type StatusPanelPortMessage, type StatusPanelUpdate } from '../../shared/status-messages.ts';
import { stateText } from '../../shared/status-text.ts';
import { documentStatus } from '../../shared/status-view.ts';
import { useSendGuard } from '../visibility.ts';
import { useReportedHeight } from '../views/Layout.tsx';
import { RecipientList } from './RecipientList.tsx';
import { VoidForm } from './VoidForm.tsx';
import './status.css';

type Busy = 'open' | 'remind' | 'void' | 'download';

interface Panel {
  envelope: EnvelopeStatusView | undefined;
  /** The action running now, if any. */
  busy: Busy | undefined;
  voiding: boolean;
  /** The outcome of the last action: done (role=status) or failed (role=alert). */
  note: { kind: 'done' | 'failed'; text: string; code?: string } | undefined;
}

export interface StatusPanelProps {
  sessionId: string;
  session: DialogSessionResponse;
  onSendAgain: () => void;
  onClose: () => void;
  /** The height the panel needs, reported like the send form's (the content script sizes the frame). */
  onHeight: (height: number) => void;
}

/** Of two reads of the envelope, the later: a first read answered after a stream event must not undo it. */
const newer = (current: EnvelopeStatusView | undefined, next: EnvelopeStatusView) =>
  current === undefined || Date.parse(next.updatedAt) >= Date.parse(current.updatedAt) ? next : current;

const inProgress = (e: EnvelopeStatusView | undefined) => e !== undefined && (e.status === 'sent' || e.status === 'delivered');

export function StatusPanel({ sessionId, session, onSendAgain, onClose, onHeight }: StatusPanelProps) {
  const { main, content } = useReportedHeight(onHeight);
  const [panel, setPanel] = useState<Panel>({ envelope: undefined, busy: undefined, voiding: false, note: undefined });
  const [actions, setActions] = useState<HTMLDivElement | null>(null);
  // As for Send: no action while the page covers, fades or transforms this frame (visibility.ts).
  const visible = useSendGuard(actions, session.presentation) === true;
  const patch = (change: Partial<Panel>) => setPanel((p) => ({ ...p, ...change }));

  const show = (envelope: EnvelopeStatusView) => setPanel((p) => ({ ...p, envelope: newer(p.envelope, envelope) }));
  useEffect(() => {
    // The first read says what is wrong if the server cannot answer; the port then brings every change.
    void call('statusDetail', { sessionId }).then((detail) => {
      if (detail.ok) show(detail.value);
      else patch({ note: { kind: 'failed', text: detail.error.message, code: detail.error.code } });
    });
    const port = browser.runtime.connect({ name: STATUS_PANEL_PORT });
    // Only the worker posts on this port (an extension-internal channel, not a page's window).
    port.onMessage.addListener((message: unknown) => {
      const update = message as StatusPanelUpdate;
      if (update.type === 'envelope') show(update.envelope);
    });
    const follow: StatusPanelPortMessage = { type: 'follow', sessionId };
    port.postMessage(follow);
    return () => port.disconnect();
  }, [sessionId]);

  /** Runs one action at a time; what it changed arrives through the port like any other change. */
  const run = async (busy: Busy, action: () => Promise<{ ok: true; text: string } | { ok: false; error: { code: string; message: string } }>) => {
    if (panel.busy || !visible) return;
    patch({ busy, note: undefined });
    const outcome = await action();
    patch({ busy: undefined, ...(outcome.ok ? { voiding: false, note: { kind: 'done', text: outcome.text } } : { note: { kind: 'failed', text: outcome.error.message, code: outcome.error.code } }) });
  };
  const done = (text: string) => ({ ok: true as const, text });

  const e = panel.envelope;
  const state = e ? documentStatus(e) : undefined;
  return (
    <main class="dialog status-panel" ref={main} aria-labelledby="title" aria-busy={e === undefined && panel.note === undefined}>
      <header>
        <h1 id="title">{t('status_panelTitle', session.document.name)}</h1>
        <button type="button" class="secondary close" aria-label={t('status_close')} onClick={onClose}>×</button>
      </header>
      {/* The body scrolls when the recipients are many; focusable, so a keyboard can scroll it too (WCAG 2.1.1). */}
      <div class="body" tabIndex={0} role="region" aria-labelledby="title">
      <div class="content" ref={content}>
      {e && state ? (
        <>
          <p class="status-state" data-testid="envelope-state" data-state={state.state}>
            <strong>{stateText(state)}</strong>
            {e.voidedReason ? <span class="muted"> · {t('status_reason', e.voidedReason)}</span> : null}
          </p>
          <RecipientList recipients={e.recipients} />
        </>
      ) : panel.note === undefined ? (
        <p class="muted" role="status">{t('status_panelLoading')}</p>
      ) : null}
      {panel.voiding && e ? (
        <VoidForm
          disabled={!visible || panel.busy !== undefined}
          onCancel={() => patch({ voiding: false })}
          onVoid={(reason) =>
            void run('void', async () => {
              const voided = await call('statusVoid', { sessionId, reason });
              if (voided.ok) show(voided.value);
              return voided.ok ? done(t('status_voided')) : voided;
            })
          }
        />
      ) : null}
      <p role="status" class="ok" data-testid="status-done">{panel.note?.kind === 'done' ? panel.note.text : panel.busy ? t('status_working') : ''}</p>
      {panel.note?.kind === 'failed' ? <p class="error" role="alert" data-code={panel.note.code}>{panel.note.text}</p> : null}
      {!visible && session.presentation === 'frame' ? <p class="notice" data-testid="not-visible">{t('status_paused')}</p> : null}
      </div>
      </div>
      <div class="actions status-actions" ref={setActions}>
        <button type="button" class="secondary" disabled={!e || !visible || panel.busy !== undefined} onClick={() => e && void run('open', async () => {
          const opened = await call('openInDocuSign', { sessionId, envelopeId: e.envelopeId });
          return opened.ok ? done(t('status_opening')) : opened;
        })}>{t('status_openInDocuSign')}</button>
        {inProgress(e) ? (
          <>
            <button type="button" class="secondary" disabled={!visible || panel.busy !== undefined} onClick={() => void run('remind', async () => {
              const reminded = await call('statusRemind', { sessionId });
              return reminded.ok ? done(t('status_reminded')) : reminded;
            })}>{t('status_remind')}</button>
            <button type="button" class="secondary danger" disabled={panel.voiding || panel.busy !== undefined} onClick={() => patch({ voiding: true, note: undefined })}>
              {t('status_void')}
            </button>
          </>
        ) : null}
        <button type="button" class="secondary" disabled={!e || !visible || panel.busy !== undefined} onClick={() => void run('download', async () => {
          const started = await call('statusDownload', { sessionId });
          return started.ok ? done(t('status_downloadStarted')) : started;
        })}>{e?.status === 'completed' ? t('status_downloadSigned') : t('status_download')}</button>
        <button type="button" onClick={onSendAgain}>{t('status_sendAgain')}</button>
      </div>
    </main>
  );
}
