import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';

interface Props {
  busy?: boolean;
  /** The × in the header (absent while the dialog cannot be closed that way yet). */
  onClose?: () => void;
  actions?: ComponentChildren;
  actionsRef?: Ref<HTMLDivElement>;
  /** The height the dialog needs to show everything without scrolling (CSS px). */
  onHeight: (height: number) => void;
  children: ComponentChildren;
}

/**
 * The dialog's frame: a header, a body that scrolls inside the frame, and the actions, always in view.
 * It measures the height its content needs and reports it, so the content script can size the frame
 * to it (up to the window): no empty band with one recipient, no Send below the fold with five.
 */
/**
 * Measures the height the dialog needs (everything but the body as laid out now, plus what the body's
 * content needs) and reports it whenever either changes. `main` goes on the dialog's root, `content` on
 * the element inside its scrolling body. Shared by the send form and the status panel.
 */
export function useReportedHeight(onHeight: (height: number) => void) {
  const main = useRef<HTMLElement>(null);
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = main.current;
    const inner = content.current;
    if (!root || !inner) return undefined;
    const measure = () => {
      const body = inner.parentElement;
      if (!body) return;
      const style = getComputedStyle(body);
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      onHeight(Math.ceil(root.offsetHeight - body.clientHeight + inner.offsetHeight + padding));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(inner);
    observer.observe(root);
    // And the body: when the actions wrap onto another line or back, only the body's share changes.
    if (inner.parentElement) observer.observe(inner.parentElement);
    return () => observer.disconnect();
  }, [onHeight]);
  return { main, content };
}

export function Layout({ busy, onClose, actions, actionsRef, onHeight, children }: Props) {
  const { main, content } = useReportedHeight(onHeight);
  return (
    <main class="dialog" aria-busy={busy ? 'true' : undefined} aria-labelledby="title" ref={main}>
      <header>
        <h1 id="title">{t('dialog_title')}</h1>
        {onClose ? <button type="button" class="secondary close" aria-label={t('dialog_close')} onClick={onClose}>×</button> : null}
      </header>
      {/* Focusable: while sending every field is disabled, and a body taller than the frame must still scroll by keyboard. */}
      <div class="body" tabIndex={0}>
        <div class="content" ref={content}>{children}</div>
      </div>
      {actions ? <div class="actions" ref={actionsRef ?? null}>{actions}</div> : null}
    </main>
  );
}
