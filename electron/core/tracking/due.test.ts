import { describe, expect, it } from 'vitest';
import { dueFor, isCountedDue, joinedAt, opensOn } from './due';

// Fixed dates only: the rule never reads the clock.
const PRE = { windowStart: '2026-01-05', windowEnd: '2026-01-31' };
const POST = { windowStart: '2026-04-01', windowEnd: '2026-04-30' };

describe('who is due for a wave (issue 25, point 1)', () => {
  it('judges people enrolled before, during and after each window', () => {
    const on = (joined: string, today: string) => dueFor(POST, PRE, joined, today);
    // Enrolled before the window: not open yet, then due, then overdue from the window's END.
    expect(on('2026-01-02', '2026-03-15')).toEqual({ state: 'not_open', daysOverdue: 0 });
    expect(on('2026-01-02', '2026-04-01')).toEqual({ state: 'due', daysOverdue: 0 });
    expect(on('2026-01-02', '2026-04-30T23:00:00.000Z')).toEqual({ state: 'due', daysOverdue: 0 });
    expect(on('2026-01-02', '2026-05-01')).toEqual({ state: 'overdue', daysOverdue: 1 });
    expect(on('2026-01-02T09:00:00.000Z', '2026-12-07T08:00:00.000Z')).toEqual({ state: 'overdue', daysOverdue: 221 });
    // Enrolled during the window, on its last day included: as due as anyone.
    expect(on('2026-04-15', '2026-04-20')).toEqual({ state: 'due', daysOverdue: 0 });
    expect(on('2026-04-30T18:00:00.000Z', '2026-05-10')).toEqual({ state: 'overdue', daysOverdue: 10 });
    // Enrolled after it closed: never due, never overdue, however long ago the window was.
    expect(on('2026-05-01', '2026-05-10')).toEqual({ state: 'not_expected', daysOverdue: 0 });
    expect(on('2026-12-07', '2026-12-07')).toEqual({ state: 'not_expected', daysOverdue: 0 });
    // The same person for the baseline: enrolled during it, then after it.
    expect(dueFor(PRE, null, '2026-01-20', '2026-02-03')).toEqual({ state: 'overdue', daysOverdue: 3 });
    expect(dueFor(PRE, null, '2026-02-01', '2026-02-03').state).toBe('not_expected');
  });

  it('counts a person enrolled retrospectively by the date entered, not the day they were typed in', () => {
    // Typed into the vault on 7 December with the consent date of 10 January: due (and overdue) for both waves.
    expect(dueFor(PRE, null, '2026-01-10', '2026-12-07')).toEqual({ state: 'overdue', daysOverdue: 310 });
    expect(dueFor(POST, PRE, '2026-01-10', '2026-12-07')).toEqual({ state: 'overdue', daysOverdue: 221 });
  });

  it('opens a wave without dates after the previous window and never closes one without an end', () => {
    const undated = { windowStart: null, windowEnd: null };
    expect(opensOn(undated, PRE)).toBe('2026-02-01');
    expect(opensOn(undated, null)).toBeNull();
    expect(opensOn(undated, undated)).toBeNull();
    expect(dueFor(undated, PRE, '2026-01-02', '2026-01-31').state).toBe('not_open');
    expect(dueFor(undated, PRE, '2026-01-02', '2026-02-01').state).toBe('due');
    // No end: whoever joins, whenever, is due and never overdue.
    expect(dueFor(undated, PRE, '2027-06-01', '2027-06-02')).toEqual({ state: 'due', daysOverdue: 0 });
    expect(dueFor({ windowStart: '2026-04-01', windowEnd: null }, PRE, '2026-01-02', '2026-03-31').state).toBe('not_open');
  });

  it('counts anyone who returned the questionnaire as due, and withdrawn people only then', () => {
    const notExpected = dueFor(PRE, null, '2026-12-07', '2026-12-07');
    expect(isCountedDue(notExpected, true, true)).toBe(true);
    expect(isCountedDue(notExpected, true, false)).toBe(false);
    const overdue = dueFor(PRE, null, '2026-01-02', '2026-12-07');
    expect(isCountedDue(overdue, true, false)).toBe(true);
    expect(isCountedDue(overdue, false, false)).toBe(false);
    expect(isCountedDue(overdue, false, true)).toBe(true);
    expect(isCountedDue(dueFor(POST, PRE, '2026-01-02', '2026-03-01'), true, false)).toBe(false);
  });
});

describe('the day a person joined', () => {
  it('is the consent date when it is earlier than the day they were put into the vault', () => {
    expect(joinedAt('2026-01-10', '2026-12-07T09:00:00.000Z')).toBe('2026-01-10');
    expect(joinedAt(null, '2026-12-07T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(joinedAt('2026-12-07', '2026-12-07T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
  });
});
