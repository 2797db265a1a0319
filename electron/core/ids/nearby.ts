import { isValidDammId } from './damm';

/**
 * The IDs an invalid one was probably meant to be: those one digit substitution or one swap of
 * adjacent digits away, the two copying mistakes the Damm check digit always catches. Given the
 * roster, the ID-keeper can then ask "did you mean 1234 5678?" instead of "invalid".
 */
export function oneMistakeAway(id: string): string[] {
  const variants = new Set<string>();
  for (let position = 0; position < id.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      const replaced = `${id.slice(0, position)}${digit}${id.slice(position + 1)}`;
      if (replaced !== id) variants.add(replaced);
    }
    if (position + 1 < id.length && id[position] !== id[position + 1]) {
      variants.add(`${id.slice(0, position)}${id[position + 1]}${id[position]}${id.slice(position + 2)}`);
    }
  }
  return [...variants];
}

/** Roster IDs one substitution or one adjacent swap away from `id`, sorted. */
export function nearbyRosterIds(id: string, roster: ReadonlySet<string>): string[] {
  return oneMistakeAway(id)
    .filter((candidate) => roster.has(candidate))
    .sort();
}

export type IdCheck =
  | { id: string; valid: true; onRoster?: boolean; legacy?: boolean }
  | { id: string; valid: false; reason: 'format' | 'checkDigit'; nearby?: string[]; onRoster?: boolean; legacy?: boolean };

/**
 * Checks one typed ID. With a roster, a legacy ID (from an earlier list, no check digit) that is
 * on it counts as valid, and an invalid one lists the roster IDs it is one mistake away from.
 */
export function checkId(raw: string, roster?: { ids: ReadonlySet<string>; legacy: ReadonlySet<string> }): IdCheck {
  const id = raw.replace(/[\s-]/g, '');
  if (roster?.legacy.has(id)) return { id, valid: true, onRoster: true, legacy: true };
  if (!/^\d+$/.test(id)) return { id, valid: false, reason: 'format' };
  if (isValidDammId(id)) return roster ? { id, valid: true, onRoster: roster.ids.has(id) } : { id, valid: true };
  const reason = id.length === 8 ? 'checkDigit' : 'format';
  return roster ? { id, valid: false, reason, nearby: nearbyRosterIds(id, roster.ids), onRoster: roster.ids.has(id) } : { id, valid: false, reason };
}
