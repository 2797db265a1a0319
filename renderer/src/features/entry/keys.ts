import type { MissingReason } from '../../../../electron/shared/entry/rules';

/** The keyboard of the entry grid, decided from the key alone (what it does depends on the cell). */
export type KeyAction =
  | { type: 'digit'; digit: number }
  | { type: 'missing'; reason: MissingReason; letter: boolean; char: string }
  | { type: 'char'; char: string }
  | { type: 'commit'; direction: 1 | -1 }
  | { type: 'move'; rows: number; columns: number }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'cancel' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'deleteRow' }
  | { type: 'pick'; index: number };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * Dedicated keys for missing answers: a letter to remember (S, R, D) and a numeric-keypad key for
 * clerks who never leave the keypad (-, *, /). The codes they store come from the study settings.
 */
export const MISSING_KEYS: Record<string, MissingReason> = {
  s: 'skipped',
  r: 'refused',
  d: 'dont_know',
  '-': 'skipped',
  '*': 'refused',
  '/': 'dont_know',
};

/** Returns null for keys the grid leaves to AG Grid and the browser (Page Up, Ctrl+C, Ctrl+V …). */
export function classifyKey(event: KeyLike): KeyAction | null {
  const command = event.ctrlKey || event.metaKey;
  const key = event.key;
  if (command && !event.altKey) {
    const lower = key.toLowerCase();
    if (lower === 'z') return event.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (lower === 'y') return { type: 'redo' };
    if (key === 'Delete') return { type: 'deleteRow' };
    return null;
  }
  if (event.altKey) {
    return /^[1-6]$/.test(key) ? { type: 'pick', index: Number(key) - 1 } : null;
  }
  if (/^[0-9]$/.test(key)) return { type: 'digit', digit: Number(key) };
  switch (key) {
    case 'Enter':
      return { type: 'commit', direction: event.shiftKey ? -1 : 1 };
    case 'Tab':
      return { type: 'commit', direction: event.shiftKey ? -1 : 1 };
    case 'ArrowUp':
      return { type: 'move', rows: -1, columns: 0 };
    case 'ArrowDown':
      return { type: 'move', rows: 1, columns: 0 };
    case 'ArrowLeft':
      return { type: 'move', rows: 0, columns: -1 };
    case 'ArrowRight':
      return { type: 'move', rows: 0, columns: 1 };
    case 'Backspace':
      return { type: 'backspace' };
    case 'Delete':
      return { type: 'clear' };
    case 'Escape':
      return { type: 'cancel' };
    default:
      break;
  }
  if (key.length !== 1) return null;
  const reason = MISSING_KEYS[key.toLowerCase()];
  if (reason) return { type: 'missing', reason, letter: /[a-z]/i.test(key), char: key };
  return { type: 'char', char: key };
}
