/**
 * Where the person is in the open study (tab, batch, grid cell, digits typed but not yet
 * committed), so that after the study locks and is unlocked again they land back there. The
 * study screen is unmounted while locked (nothing of the study stays in the page); this keeps
 * positions and at most a few typed digits, never a name or an answer already on file.
 * One window, one study: module state, dropped when the study closes or another opens.
 */

export interface GridPlace {
  rowIndex: number;
  /** 0 is the ID column, 1 + n the version's n-th item (gridModel's columns). */
  column: number;
  /** Digits typed into this cell and not yet committed (an ID, a year). */
  draft?: string;
}

interface Place {
  path: string;
  area: string | null;
  /** The batch whose grid is open, or null for the entry area's other screens. */
  batchId: number | null;
  cell: GridPlace | null;
  /** True from the lock until the screens shown again have taken what is theirs. */
  resuming: boolean;
}

let place: Place | null = null;

function forPath(path: string): Place {
  if (place?.path !== path) place = { path, area: null, batchId: null, cell: null, resuming: false };
  return place;
}

/** The study at `path` locked: the next study screen for it resumes where this one was. */
export function markLocked(path: string): void {
  forPath(path).resuming = true;
}

/** The study closed (or another one opened): nothing to resume. */
export function forgetPlace(): void {
  place = null;
}

/**
 * The tab to show on opening the study screen: the one it was on when it locked, or `fallback`.
 * Only `nested` (the entry area) has screens of its own to resume; any other tab ends resuming.
 */
export function resumeArea<A extends string>(path: string, fallback: A, areas: readonly A[], nested: A): A {
  const current = forPath(path);
  const area = current.resuming ? areas.find((candidate) => candidate === current.area) : undefined;
  if (area !== nested) current.resuming = false;
  return area ?? fallback;
}

export function recordArea(path: string, area: string): void {
  const current = forPath(path);
  if (current.area !== area) Object.assign(current, { area, batchId: null, cell: null });
}

/** The batch whose grid the entry area showed when the study locked, if it is resuming. */
export function resumeBatch(): number | null {
  if (place?.resuming && place.batchId !== null) return place.batchId;
  if (place) place.resuming = false;
  return null;
}

export function recordBatch(batchId: number | null): void {
  if (place && place.batchId !== batchId) Object.assign(place, { batchId, cell: null });
}

export function recordCell(batchId: number, cell: GridPlace | null): void {
  if (place && place.batchId === batchId) place.cell = cell;
}

/** The cell (and typed digits) to go back to in this batch's grid after unlocking, once; else null. */
export function takeCell(batchId: number, rowCount: number): GridPlace | null {
  const current = place;
  if (!current?.resuming) return null;
  current.resuming = false;
  const cell = current.batchId === batchId ? current.cell : null;
  return cell && cell.rowIndex < rowCount ? cell : null;
}
