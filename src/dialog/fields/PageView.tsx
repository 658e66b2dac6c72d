/** One page of the step: the page drawn by pdf.js, its placed fields on top, placed by a click. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldKind } from '../../shared/api-send.ts';
import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';
import { fitScale, toPoints, type PageSize } from './geometry.ts';
import { PlacedFieldView } from './PlacedFieldView.tsx';
import type { OpenedPdf } from './pages.ts';
import { placedOf, type FieldsAction } from './reducer.ts';

interface Props {
  pdf: OpenedPdf;
  /** 1-based, among the send's documents (the worker's and the server's `document`). */
  document: number;
  page: number;
  pages: number;
  size: PageSize;
  recipients: readonly Recipient[];
  /** What a click places, null when nothing may be placed (no signer, or theirs are full). */
  place: { recipient: number; kind: FieldKind } | null;
  act: (action: FieldsAction) => void;
}

export function PageView({ pdf, document, page, pages, size, recipients, place, act }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const scale = width > 0 ? fitScale(size, width) : 0;

  useEffect(() => {
    const el = frame.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (canvas.current && scale > 0) void pdf.draw(page, canvas.current, scale);
  }, [pdf, page, scale]);

  const onClick = (event: MouseEvent) => {
    // Only a click on the page itself: one on a field (or after dragging it) is that field's.
    const el = canvas.current;
    if (!place || !el || event.target !== el || scale === 0) return;
    const box = el.getBoundingClientRect();
    const at = toPoints({ x: event.clientX - box.left, y: event.clientY - box.top }, scale, size);
    act({ type: 'place', recipient: place.recipient, kind: place.kind, document, page, at, size });
  };
  const here = recipients.flatMap((r, recipient) =>
    r.role !== 'signer' ? [] : placedOf(r).flatMap((field, index) => (field.document === document && field.page === page ? [{ recipient, index, field }] : [])),
  );
  const label = t('dialog_fieldsPage', String(page), String(pages));
  return (
    <figure class="fields-page" aria-label={label}>
      <figcaption class="muted">{label}</figcaption>
      <div class="fields-frame" ref={frame}>
        <div class="fields-sheet" style={{ width: `${size.width * scale}px`, height: `${size.height * scale}px` }} onClick={onClick}>
          <canvas ref={canvas} data-page={page} data-document={document} style={{ width: '100%', height: '100%' }} aria-hidden="true" />
          {here.map(({ recipient, index, field }) => (
            <PlacedFieldView key={`${recipient}-${index}`} recipient={recipient} index={index} field={field} recipients={recipients} scale={scale} size={size} act={act} />
          ))}
        </div>
      </div>
      {place ? (
        <button type="button" class="secondary" onClick={() => act({ type: 'place', ...place, document, page, at: { x: 72, y: 72 }, size })}>
          {t('dialog_fieldsAddOnPage', String(page))}
        </button>
      ) : null}
    </figure>
  );
}
