import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** The Electron binary, or the reason it is not here (machines that install with ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
function electronBinary(): { path: string } | { reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: 'the electron package has no binary' };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

describe('the real Electron shell', () => {
  it('launches the built app with a sandboxed, isolated window showing the start screen', async (context) => {
    const binary = electronBinary();
    if ('reason' in binary) {
      console.log(`Skipping the Electron launch spec: ${binary.reason}. Install without ELECTRON_SKIP_BINARY_DOWNLOAD to run it.`);
      context.skip();
      return;
    }
    const userData = mkdtempSync(join(tmpdir(), 'mixwise-electron-'));
    const app = await electron.launch({
      executablePath: binary.path,
      args: [resolve(__dirname, '../out/main/index.js'), `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
    });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { level: 1 }).first().waitFor();
      expect(window.url()).toMatch(/^app:\/\/mixwise\//);
      const preferences = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]!.webContents;
        const prefs = (contents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { sandbox: prefs.sandbox, contextIsolation: prefs.contextIsolation, nodeIntegration: prefs.nodeIntegration };
      });
      expect(preferences).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      const outside = await window.evaluate(() => fetch('https://outside.example.org/').then(() => 'reached', () => 'blocked'));
      expect(outside).toBe('blocked');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
