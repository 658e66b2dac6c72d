/**
 * A placed field on its page: a button to drag (pointer) or move (arrow keys, Shift for 10 points)
 * and to remove (Delete, Backspace), and a × that removes it.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';
import { toPixels, type PageSize, type Point } from './geometry.ts';
import { kindLabel, signerName } from './labels.ts';
import type { FieldsAction, Placed } from './reducer.ts';

interface Props {
  recipient: number;
  index: number;
  field: Placed;
  recipients: readonly Recipient[];
  scale: number;
  size: PageSize;
  act: (action: FieldsAction) => void;
}

const KEYS: Record<string, Point> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };

export function PlacedFieldView({ recipient, index, field, recipients, scale, size, act }: Props) {
  // While dragging: the pointer's offset from where it went down, in CSS pixels (shown, not yet stored).
  const [drag, setDrag] = useState<Point | null>(null);
  const start = useRef<Point | null>(null);
  const name = t('dialog_fieldName', kindLabel(field.kind), signerName(recipients, recipient));
  const at = toPixels(field, scale);
  const ref = { recipient, field: index, size };

  const onKeyDown = (event: KeyboardEvent) => {
    const step = KEYS[event.key];
    if (step) {
      event.preventDefault();
      const by = event.shiftKey ? 10 : 1;
      act({ type: 'nudge', ...ref, by: { x: step.x * by, y: step.y * by } });
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      act({ type: 'remove', recipient, field: index });
    }
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, y: event.clientY };
    setDrag({ x: 0, y: 0 });
  };
  const onPointerMove = (event: PointerEvent) => {
    if (start.current) setDrag({ x: event.clientX - start.current.x, y: event.clientY - start.current.y });
  };
  const onPointerUp = (event: PointerEvent) => {
    const from = start.current;
    start.current = null;
    setDrag(null);
    if (!from || scale === 0) return;
    const moved = { x: event.clientX - from.x, y: event.clientY - from.y };
    if (moved.x === 0 && moved.y === 0) return;
    act({ type: 'move', ...ref, to: { x: field.x + moved.x / scale, y: field.y + moved.y / scale } });
  };

  return (
    <div
      class={`fields-placed signer-${(recipient % 4) + 1}`}
      style={{ left: `${at.x + (drag?.x ?? 0)}px`, top: `${at.y + (drag?.y ?? 0)}px` }}
      data-kind={field.kind}
    >
      <button
        type="button"
        class="fields-handle"
        aria-describedby="fields-hint"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          start.current = null;
          setDrag(null);
        }}
      >
        {name}
      </button>
      <button type="button" class="fields-remove" aria-label={t('dialog_fieldsRemove', name)} onClick={() => act({ type: 'remove', recipient, field: index })}>×</button>
    </div>
  );
}
