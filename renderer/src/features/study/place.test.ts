import { beforeEach, describe, expect, it } from 'vitest';
import { forgetPlace, markLocked, recordArea, recordBatch, recordCell, resumeArea, resumeBatch, takeCell } from './place';

const AREAS = ['overview', 'tracking', 'entry'] as const;

beforeEach(forgetPlace);

/** The study screen as it mounts: the tab first, then (on the entry tab) the entry area's screen. */
function mount(path: string) {
  const area = resumeArea(path, 'overview', AREAS, 'entry');
  recordArea(path, area);
  return area;
}

describe('where the study screen resumes after a lock', () => {
  it('goes back to the same tab, batch and cell, with the typed digits, once', () => {
    mount('/a.mixwise');
    recordArea('/a.mixwise', 'entry');
    recordBatch(7);
    recordCell(7, { rowIndex: 3, column: 0, draft: '1234' });
    markLocked('/a.mixwise');

    expect(mount('/a.mixwise')).toBe('entry');
    expect(resumeBatch()).toBe(7);
    expect(takeCell(7, 10)).toEqual({ rowIndex: 3, column: 0, draft: '1234' });
    // Only once: the same grid opened again later starts as usual.
    expect(takeCell(7, 10)).toBeNull();
  });

  it('resumes nothing without a lock, for another study, or on another tab', () => {
    mount('/a.mixwise');
    recordArea('/a.mixwise', 'entry');
    recordBatch(7);
    expect(mount('/a.mixwise')).toBe('overview');
    expect(resumeBatch()).toBeNull();

    markLocked('/a.mixwise');
    expect(mount('/b.mixwise')).toBe('overview');

    mount('/a.mixwise');
    recordArea('/a.mixwise', 'tracking');
    markLocked('/a.mixwise');
    expect(mount('/a.mixwise')).toBe('tracking');
    // The entry tab opened afterwards shows its batch list, not a grid from before.
    expect(resumeBatch()).toBeNull();
  });

  it('drops a cell beyond the rows the grid now has', () => {
    mount('/a.mixwise');
    recordArea('/a.mixwise', 'entry');
    recordBatch(2);
    recordCell(2, { rowIndex: 9, column: 4 });
    markLocked('/a.mixwise');
    mount('/a.mixwise');
    expect(resumeBatch()).toBe(2);
    expect(takeCell(2, 5)).toBeNull();
  });
});
