import { describe, expect, it } from 'vitest';
import { classifyKey, type KeyLike } from './keys';

const key = (name: string, modifiers: Partial<KeyLike> = {}): KeyLike => ({ key: name, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers });

describe('the keys of the entry grid', () => {
  it('reads digits, the dedicated missing-answer keys and the editing keys', () => {
    expect(classifyKey(key('4'))).toEqual({ type: 'digit', digit: 4 });
    expect(classifyKey(key('R'))).toEqual({ type: 'missing', reason: 'refused', letter: true, char: 'R' });
    expect(classifyKey(key('/'))).toEqual({ type: 'missing', reason: 'dont_know', letter: false, char: '/' });
    expect(classifyKey(key('-'))).toEqual({ type: 'missing', reason: 'skipped', letter: false, char: '-' });
    expect(classifyKey(key('a'))).toEqual({ type: 'char', char: 'a' });
    expect(classifyKey(key('Tab', { shiftKey: true }))).toEqual({ type: 'commit', direction: -1 });
    expect(classifyKey(key('Enter'))).toEqual({ type: 'commit', direction: 1 });
    expect(classifyKey(key('Delete'))).toEqual({ type: 'clear' });
  });

  it('takes undo, redo and suggestions, and leaves copy, paste and paging to the grid', () => {
    expect(classifyKey(key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(classifyKey(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(classifyKey(key('y', { metaKey: true }))).toEqual({ type: 'redo' });
    expect(classifyKey(key('2', { altKey: true }))).toEqual({ type: 'pick', index: 1 });
    expect(classifyKey(key('v', { ctrlKey: true }))).toBeNull();
    expect(classifyKey(key('c', { ctrlKey: true }))).toBeNull();
    expect(classifyKey(key('PageDown'))).toBeNull();
    expect(classifyKey(key('F5'))).toBeNull();
  });
});
