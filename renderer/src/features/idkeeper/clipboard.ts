/**
 * Copying an ID or a contact: written to the clipboard, and cleared 30 seconds later if it still
 * holds what was copied (or if the clipboard cannot be read, which Electron's locked-down
 * permissions may refuse: then it is cleared anyway, privacy first). A clear that fails because
 * the window has lost focus is retried when it regains focus. Locking the vault clears at once.
 */
export const CLIPBOARD_CLEAR_MS = 30_000;

let pending: { text: string; timer: ReturnType<typeof setTimeout> } | null = null;

async function clearIfStillOurs(text: string): Promise<void> {
  try {
    if ((await navigator.clipboard.readText()) !== text) {
      pending = null;
      return;
    }
  } catch {
    // Not allowed to read: clear without looking.
  }
  try {
    await navigator.clipboard.writeText('');
    pending = null;
  } catch {
    window.addEventListener('focus', () => void clearIfStillOurs(text), { once: true });
  }
}

export async function copyConfidential(text: string, clearAfterMs = CLIPBOARD_CLEAR_MS): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return false;
  }
  if (pending) clearTimeout(pending.timer);
  pending = { text, timer: setTimeout(() => void clearIfStillOurs(text), clearAfterMs) };
  return true;
}

/** On lock: whatever of the vault is on the clipboard goes now, not in 30 seconds. */
export function clearClipboardNow(): void {
  if (!pending) return;
  clearTimeout(pending.timer);
  void clearIfStillOurs(pending.text);
}
