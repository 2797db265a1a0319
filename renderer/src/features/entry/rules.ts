import type { CellProblem, CellValue, EntryItemRule, MissingCodes } from '../../../../electron/core/entry/rules';

/**
 * The renderer's copy of the cell rules the core enforces (electron/core/entry/rules.ts): the
 * renderer takes nothing but types from the Electron side, so it cannot import them. They let the
 * grid refuse a key at once instead of after a round trip; the core checks every write again, and
 * rules.test.ts runs both copies over the same cases so they cannot drift apart.
 */
export type { CellProblem, CellValue, EntryItemRule, MissingCodes };

export const TEXT_MAX_LENGTH = 500;

export function isSingleKey(item: Pick<EntryItemRule, 'kind' | 'min' | 'max'>): boolean {
  return item.kind !== 'text' && item.min !== null && item.max !== null && item.min >= 0 && item.max <= 9;
}

export function maxDigits(item: Pick<EntryItemRule, 'max'>): number {
  return String(Math.max(0, item.max ?? 999999)).length;
}

export function checkValue(item: EntryItemRule, value: CellValue): CellProblem | null {
  if (typeof value === 'number') {
    if (item.kind === 'text') return { reason: 'textExpected' };
    if (!Number.isInteger(value)) return { reason: 'notANumber' };
    if (item.codes && item.codes.length > 0) {
      return item.codes.includes(value) ? null : { reason: 'notACode', codes: item.codes.join(', ') };
    }
    if ((item.min !== null && value < item.min) || (item.max !== null && value > item.max)) {
      return { reason: 'outOfRange', min: item.min ?? value, max: item.max ?? value };
    }
    return null;
  }
  if ('missing' in value) return ['skipped', 'refused', 'dont_know'].includes(value.missing) ? null : { reason: 'notANumber' };
  if (item.kind !== 'text') return { reason: 'notANumber' };
  return value.text.length > TEXT_MAX_LENGTH ? { reason: 'tooLong', max: TEXT_MAX_LENGTH } : null;
}

export function isAsked(item: Pick<EntryItemRule, 'showIf'>, valueOf: (code: string) => CellValue | null | undefined): boolean {
  if (!item.showIf) return true;
  const source = valueOf(item.showIf.item);
  if (typeof source !== 'number') return true;
  return item.showIf.equals.includes(source);
}

export function cellText(value: CellValue | null | undefined, missingCodes: MissingCodes): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return 'missing' in value ? String(missingCodes[value.missing]) : value.text;
}
