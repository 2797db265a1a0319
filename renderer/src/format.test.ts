import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18next from './i18n';
import { formatDay, formatDayRange, formatInstant, formatNumber, formatPercent } from './format';

// West of Greenwich, where `new Date('2026-05-01')` (midnight UTC) is still 30 April: the case that
// shows a calendar day one day early if it is read as an instant. Node reads TZ when it changes.
const savedZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  process.env.TZ = savedZone;
});

/** ICU puts thin and no-break spaces around dashes and before %; the tests compare words, not space widths. */
const plain = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, ' ');

describe('formatDay', () => {
  it('shows a calendar day as that day, whatever the time zone', () => {
    expect(new Date('2026-05-01').getDate()).toBe(30); // the hazard this module avoids
    expect(formatDay('2026-05-01', 'en-GB')).toBe('1 May 2026');
    expect(formatDay('2026-01-01', 'en-US')).toBe('Jan 1, 2026');
    expect(formatDay('2026-12-31', 'de')).toBe('31.12.2026');
  });

  it('follows the language i18next is using', async () => {
    expect(formatDay('2026-03-07')).toBe('Mar 7, 2026');
    await i18next.changeLanguage('fr');
    try {
      expect(formatDay('2026-03-07')).toBe('7 mars 2026');
    } finally {
      await i18next.changeLanguage('en');
    }
  });

  it('shows an impossible or empty day as stored, never a shifted one', () => {
    expect(formatDay('2026-02-31', 'en-GB')).toBe('2026-02-31');
    expect(formatDay('', 'en-GB')).toBe('');
    expect(formatDay(null, 'en-GB')).toBe('');
    expect(formatDay('soon', 'en-GB')).toBe('soon');
  });
});

describe('formatInstant', () => {
  it('shows a timestamp as a local date and time, not as ISO text', () => {
    const text = formatInstant('2026-05-01T06:30:00.000Z', 'en-GB', 'Europe/Berlin');
    expect(text).toBe('1 May 2026, 08:30');
    expect(formatInstant('2026-05-01T06:30:00.000Z', 'en-GB')).toBe('30 Apr 2026, 23:30');
  });

  it('treats a bare day as a day and leaves unreadable text as it is', () => {
    expect(formatInstant('2026-05-01', 'en-GB')).toBe('1 May 2026');
    expect(formatInstant('not a date', 'en-GB')).toBe('not a date');
    expect(formatInstant(undefined, 'en-GB')).toBe('');
  });
});

describe('formatDayRange', () => {
  it('writes a window of two days once, shared parts not repeated', () => {
    expect(plain(formatDayRange('2026-05-01', '2026-06-30', 'en-GB'))).toBe('1 May – 30 Jun 2026');
    expect(formatDayRange('2026-05-01', null, 'en-GB')).toBe('1 May 2026');
  });
});

describe('numbers', () => {
  it('group digits and write percentages in the reader’s language', () => {
    expect(formatNumber(12345, {}, 'en')).toBe('12,345');
    expect(formatNumber(12345.5, {}, 'de')).toBe('12.345,5');
    expect(formatNumber(null)).toBe('–');
    expect(formatPercent(0.853, 0, 'en')).toBe('85%');
    expect(plain(formatPercent(0.853, 1, 'fr'))).toBe('85,3 %');
    expect(formatPercent(undefined)).toBe('–');
  });
});
