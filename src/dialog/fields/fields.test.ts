/** Place fields as plain functions: pixels to DocuSign points, and the reducer of placed fields. */
import { describe, expect, test } from 'vitest';
import type { Recipient } from '../../shared/messages.ts';
import { emptyRecipient } from '../model.ts';
import { fitScale, toPixels, toPoints } from './geometry.ts';
import { countPlaced, MAX_PLACED, reduceFields, type FieldsAction } from './reducer.ts';

const letter = { width: 612, height: 792 };

describe('coordinates', () => {
  test('a pixel of the page drawn at a scale is that many points from the top left, and back', () => {
    const scale = fitScale(letter, 520);
    expect(scale).toBeCloseTo(520 / 612);
    expect(toPoints({ x: 260, y: 100 }, scale, letter)).toEqual({ x: 306, y: 117.7 });
    const back = toPixels({ x: 306, y: 117.7 }, scale);
    expect(back.x).toBeCloseTo(260);
    expect(back.y).toBeCloseTo(100, 1);
  });
  test('kept on the page: nothing left of or above it, nothing past its edges', () => {
    expect(toPoints({ x: -4, y: -1 }, 1, letter)).toEqual({ x: 0, y: 0 });
    expect(toPoints({ x: 2000, y: 2000 }, 2, letter)).toEqual({ x: 612, y: 792 });
  });
  test('a landscape page at scale 2 (a high-density screen fitting a wide page)', () => {
    expect(toPoints({ x: 500, y: 300 }, 2, { width: 792, height: 612 })).toEqual({ x: 250, y: 150 });
  });
});

const signer = (name: string, fields: Recipient['fields'] = []): Recipient => ({ ...emptyRecipient('signer', 1), name, fields });
const place = (recipient: number, x: number, y: number): FieldsAction => ({ type: 'place', recipient, kind: 'signHere', document: 1, page: 2, at: { x, y }, size: letter });

function run(recipients: Recipient[], ...actions: FieldsAction[]): Recipient[] {
  return actions.reduce((list, action) => {
    const fields = reduceFields(list, action);
    return fields ? list.map((r, i) => (i === action.recipient ? { ...r, fields } : r)) : list;
  }, recipients);
}

describe('placed fields', () => {
  test('place, move, nudge and remove, on the signer they belong to', () => {
    const start = [signer('Ada'), { ...emptyRecipient('cc', 2), name: 'Cy' }, signer('Bea')];
    const after = run(
      start,
      place(0, 100, 150),
      place(0, 200, 300),
      place(2, 50, 60),
      { type: 'move', recipient: 0, field: 0, to: { x: 110.04, y: 160 }, size: letter },
      { type: 'nudge', recipient: 0, field: 1, by: { x: 0, y: 10 }, size: letter },
      { type: 'nudge', recipient: 2, field: 0, by: { x: -100, y: 0 }, size: letter },
      { type: 'remove', recipient: 0, field: 1 },
    );
    expect(after[0]?.fields).toEqual([{ kind: 'signHere', document: 1, page: 2, x: 110, y: 160 }]);
    expect(after[2]?.fields).toEqual([{ kind: 'signHere', document: 1, page: 2, x: 0, y: 60 }]);
    expect(countPlaced(after)).toBe(2);
  });
  test('nothing for a CC, a missing field, or a signer who has the most fields', () => {
    const cc = { ...emptyRecipient('cc', 1), name: 'Cy' };
    expect(reduceFields([cc], place(0, 1, 1))).toBeNull();
    expect(reduceFields([signer('Ada')], { type: 'remove', recipient: 0, field: 3 })).toBeNull();
    const full = signer('Ada', Array.from({ length: MAX_PLACED }, () => ({ kind: 'text' as const, document: 1, page: 1, x: 1, y: 1 })));
    expect(reduceFields([full], place(0, 1, 1))).toBeNull();
  });
  test('a field dragged past the page stops at its edge', () => {
    const after = run([signer('Ada')], place(0, 10, 10), { type: 'move', recipient: 0, field: 0, to: { x: 900, y: -20 }, size: letter });
    expect(after[0]?.fields).toEqual([{ kind: 'signHere', document: 1, page: 2, x: 612, y: 0 }]);
  });
});
