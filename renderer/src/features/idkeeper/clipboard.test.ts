import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIPBOARD_CLEAR_MS, clearClipboardNow, copyConfidential } from './clipboard';

/** A stand-in for the browser's clipboard: what was written, and whether reading is allowed. */
function fakeClipboard(options: { canRead: boolean }) {
  const state = { text: '', writes: [] as string[] };
  vi.stubGlobal('navigator', {
    clipboard: {
      readText: async () => {
        if (!options.canRead) throw new DOMException('Read permission denied.', 'NotAllowedError');
        return state.text;
      },
      writeText: async (text: string) => {
        state.text = text;
        state.writes.push(text);
      },
    },
  });
  vi.stubGlobal('window', { addEventListener: vi.fn() });
  return state;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('copying an ID or a contact', () => {
  it('clears the clipboard 30 seconds later if it still holds what was copied', async () => {
    const clipboard = fakeClipboard({ canRead: true });
    expect(await copyConfidential('48151623')).toBe(true);
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS - 1);
    expect(clipboard.text).toBe('48151623');
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');
  });

  it('leaves the clipboard alone when something else was copied meanwhile', async () => {
    const clipboard = fakeClipboard({ canRead: true });
    await copyConfidential('+41 79 555 12 34');
    clipboard.text = 'something the user copied elsewhere';
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS);
    expect(clipboard.text).toBe('something the user copied elsewhere');
  });

  it('clears anyway when the clipboard cannot be read (privacy first), and at once on lock', async () => {
    const clipboard = fakeClipboard({ canRead: false });
    await copyConfidential('48151623');
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS);
    expect(clipboard.text).toBe('');
    await copyConfidential('ana@example.org');
    clearClipboardNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.text).toBe('');
    expect(clipboard.writes).toEqual(['48151623', '', 'ana@example.org', '']);
  });
});
