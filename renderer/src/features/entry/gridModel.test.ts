import { describe, expect, it } from 'vitest';
import { emptyRow, nextCell, savedState, type GridRow, type SheetItem } from './gridModel';

const item = (code: string, extra: Partial<SheetItem> = {}): SheetItem => ({
  code,
  position: 0,
  number: 1,
  wording: code,
  concept: 'x',
  kind: 'likert',
  min: 1,
  max: 5,
  codes: null,
  anchors: [],
  showIf: null,
  ...extra,
});

// nat1 (0/1) opens nat3 on 0, as the toolkit's citizenship follow-ups do.
const items = [item('nat1', { kind: 'choice', min: 0, max: 1 }), item('nat3', { kind: 'number', min: 1900, max: 2100, showIf: { item: 'nat1', equals: [0] } }), item('att1')];

function form(rowId: number | null, cells: GridRow['cells']): GridRow {
  return Object.assign(emptyRow(items.length), { rowId, cells, participantId: rowId ? String(rowId) : '' });
}

describe('moving through the grid', () => {
  it('skips a follow-up the form does not ask and goes on to the next form', () => {
    const rows = [form(1, [1, null, null]), form(2, [null, null, null]), form(null, [null, null, null])];
    expect(nextCell(rows, items, { rowIndex: 0, column: 0 }, 1)).toEqual({ rowIndex: 0, column: 1 });
    expect(nextCell(rows, items, { rowIndex: 0, column: 1 }, 1)).toEqual({ rowIndex: 0, column: 3 });
    rows[0]!.cells[0] = 0;
    expect(nextCell(rows, items, { rowIndex: 0, column: 1 }, 1)).toEqual({ rowIndex: 0, column: 2 });
    // After the last answer: an existing form starts at its first answer, the empty row at its ID.
    expect(nextCell(rows, items, { rowIndex: 0, column: 3 }, 1)).toEqual({ rowIndex: 1, column: 1 });
    expect(nextCell(rows, items, { rowIndex: 1, column: 3 }, 1)).toEqual({ rowIndex: 2, column: 0 });
    expect(nextCell(rows, items, { rowIndex: 2, column: 0 }, 1)).toEqual({ rowIndex: 2, column: 1 });
    expect(nextCell(rows, items, { rowIndex: 1, column: 1 }, -1)).toEqual({ rowIndex: 1, column: 0 });
    expect(nextCell(rows, items, { rowIndex: 1, column: 0 }, -1)).toEqual({ rowIndex: 0, column: 3 });
  });

  it('shows a row as saved only when nothing is in flight', () => {
    const row = form(1, [1, null, null]);
    row.status = 'keying';
    expect(savedState(row)).toBe('saved');
    row.pending = 1;
    expect(savedState(row)).toBe('saving');
    row.pending = 0;
    row.status = 'complete';
    expect(savedState(row)).toBe('complete');
    row.failed = true;
    expect(savedState(row)).toBe('failed');
    expect(savedState(emptyRow(3))).toBe('empty');
  });
});
