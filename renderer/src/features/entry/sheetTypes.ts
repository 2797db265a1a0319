import type { MethodInput, MethodOutput } from '../../../../electron/api/contract';
import type { Result } from '../../../../electron/api/schemas';
import type { CellProblem } from '../../../../electron/shared/entry/rules';
import type { CellPosition, GridRow } from './gridModel';

/** A message for the clerk: an i18n key under entry.* and its parameters, never a sentence. */
export interface Notice {
  tone: 'error' | 'warning' | 'info';
  key: string;
  params?: Record<string, string | number>;
  /** The item the message is about, shown before it ("att3: Allowed: 1–5."). */
  item?: string;
  suggestions?: string[];
  /** A question the clerk answers with buttons as well as keys: delete this form? */
  confirm?: 'deleteRow';
  problems?: { row: number | null; column: string; key: string; params: Record<string, string | number> }[];
}

/** The notice for a value the entry rules refuse, naming the item it was keyed for. */
export const problemNotice = (problem: CellProblem, item?: string): Notice => {
  const { reason, ...params } = problem;
  return { tone: 'error', key: `problem.${reason}`, params, ...(item ? { item } : {}) };
};

export interface EntryApi {
  setId(input: MethodInput<'entry.row.setId'>): Promise<Result<MethodOutput<'entry.row.setId'>>>;
  commit(input: MethodInput<'entry.cells.commit'>): Promise<Result<MethodOutput<'entry.cells.commit'>>>;
  paste(input: MethodInput<'entry.cells.paste'>): Promise<Result<MethodOutput<'entry.cells.paste'>>>;
  deleteRow(input: MethodInput<'entry.row.delete'>): Promise<Result<MethodOutput<'entry.row.delete'>>>;
  restoreRow(input: MethodInput<'entry.row.restore'>): Promise<Result<MethodOutput<'entry.row.restore'>>>;
}

/** What the controller asks of the grid; AG Grid in the app, a plain array in unit tests. */
export interface SheetView {
  focused(): CellPosition | null;
  /** Moves the cursor; `next` is where the next answer would take it (the grid may scroll there early). */
  focus(position: CellPosition, next?: CellPosition): void;
  /** Redraws rows; with `columns`, only those grid columns (and the saved state) of them. */
  refreshRows(rows: GridRow[], columns?: number[]): void;
  appendRows(rows: GridRow[]): void;
  removeRows(rows: GridRow[]): void;
  /** Puts a row back at `index` (a deleted form restored by undo). */
  insertRow(row: GridRow, index: number): void;
  notify(notice: Notice | null): void;
  /** Moves keyboard focus out of the grid (Tab is taken by keying, so Esc is the way out). */
  leave(): void;
}

export const COMMIT_MEASURE = 'mixwise:entry-commit';
/** From the commit request leaving the renderer to its answer: transport plus the core's commit. */
export const ROUNDTRIP_MEASURE = 'mixwise:entry-roundtrip';
export const now = (): number => (typeof performance === 'undefined' ? Number.NaN : performance.now());

/** Marks kept before the oldest are cleared, so a long keying session never piles them up. */
const MAX_MEASURES = 10_000;
let measured = 0;

/** A User Timing mark the bench reads (bench/entry-latency.ts), from `start` to now. */
export function measureEntry(name: typeof COMMIT_MEASURE | typeof ROUNDTRIP_MEASURE, start: number): void {
  if (typeof performance === 'undefined' || !Number.isFinite(start)) return;
  measured += 1;
  if (measured % MAX_MEASURES === 0) {
    performance.clearMeasures(COMMIT_MEASURE);
    performance.clearMeasures(ROUNDTRIP_MEASURE);
  }
  performance.measure(name, { start, end: performance.now() });
}
