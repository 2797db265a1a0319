import i18next from 'i18next';

/**
 * How dates, times, numbers and percentages read on screen: one place, through Intl, in the language
 * i18next is using, so every screen writes "7 Dec 2026" the same way and never a raw ISO string.
 *
 * The core stores two kinds of date: calendar days ('2026-05-01', e.g. the day a batch was keyed,
 * a consent date) and instants (ISO timestamps, e.g. when a backup was made). A calendar day is read
 * as that day everywhere: `new Date('2026-05-01')` is midnight UTC, which west of Greenwich is the
 * evening before, so days are built from their parts and formatted in UTC. Instants are shown in
 * the computer's local time.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The language to format in; an explicit one (tests) wins over i18next's. */
function language(locale?: string): string {
  return locale ?? (i18next.language || 'en');
}

/** A calendar day 'YYYY-MM-DD' as that same day in the reader's format ("7 Dec 2026"). Anything else is shown as given. */
export function formatDay(day: string | null | undefined, locale?: string): string {
  if (!day) return '';
  const parts = DAY.exec(day);
  if (!parts) return formatInstant(day, locale);
  const [, year, month, date] = parts.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, date));
  // A day like 2026-02-31 does not exist; show what was stored rather than a silently shifted day.
  if (utc.getUTCMonth() !== month - 1) return day;
  return new Intl.DateTimeFormat(language(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An ISO timestamp as a date and time in the computer's time zone ("7 Dec 2026, 14:05"). */
export function formatInstant(
  instant: string | number | Date | null | undefined,
  locale?: string,
  timeZone?: string,
): string {
  if (instant === null || instant === undefined || instant === '') return '';
  if (typeof instant === 'string' && DAY.test(instant)) return formatDay(instant, locale);
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  return new Intl.DateTimeFormat(language(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** A span of two calendar days ("1 May – 30 Jun 2026"), or the one that is set. */
export function formatDayRange(start: string | null | undefined, end: string | null | undefined, locale?: string): string {
  if (start && end && DAY.test(start) && DAY.test(end)) {
    const toUtc = (day: string) => new Date(`${day}T00:00:00Z`);
    const format = new Intl.DateTimeFormat(language(locale), { dateStyle: 'medium', timeZone: 'UTC' });
    return format.formatRange(toUtc(start), toUtc(end));
  }
  return [formatDay(start, locale), formatDay(end, locale)].filter(Boolean).join(' – ');
}

/** A count or measure with the reader's digit grouping ("12,345"). */
export function formatNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}, locale?: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(language(locale), options).format(value);
}

/** A share (0.853) as a percentage ("85 %" in English is written "85%"), whole by default. */
export function formatPercent(share: number | null | undefined, digits = 0, locale?: string): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  return new Intl.NumberFormat(language(locale), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}
