import { isAbsolute, join, relative, resolve } from 'node:path';
// Types only: this file runs under plain Node in its tests, where the Electron binary does not exist.
import type { MenuItemConstructorOptions } from 'electron';

/**
 * What the app allows itself only while it is being developed (issue 22, point 10). Pure
 * decisions, so that they are tested without Electron; index.ts applies them.
 */

/** DevTools can read everything on screen and in the renderer's memory: a developer's tool only. */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}

/**
 * The application menu. Electron's 'viewMenu' role includes Reload, Force Reload and Toggle
 * Developer Tools; an installed app gets a View menu with zoom and full screen only (a reload
 * would also throw away what the screen holds, such as where the clerk is in the grid).
 */
export function menuTemplate(isPackaged: boolean): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = isPackaged
    ? {
        label: 'View',
        submenu: [
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' },
        ],
      }
    : { role: 'viewMenu' };
  return [{ role: 'fileMenu' }, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}

/** Where an installed app keeps the SQLCipher module built for Electron: unpacked beside app.asar. */
export const PACKAGED_NATIVE_DIR = join('app.asar.unpacked', '.electron-native');
export const NATIVE_FILE = 'better_sqlite3.node';

export interface NativeBindingInput {
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development. */
  appPath: string;
  /** process.resourcesPath: the installed app's own resources folder. */
  resourcesPath: string;
  exists(path: string): boolean;
}

/** True when `path` is `folder` itself or inside it (after resolving any `..`). */
export function isInside(folder: string, path: string): boolean {
  const rest = relative(resolve(folder), resolve(path));
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}

/**
 * The native module the core loads (better-sqlite3's nativeBinding). Given a path, the driver
 * loads exactly that file; without one it searches (the `bindings` package: the working folder,
 * the module's build folders), which is fine while developing but would let an installed app load
 * a library planted in whatever folder it was started from. So when packaged the answer is the
 * file in the app's own resources or nothing at all: a missing module is an error, never a search.
 * In development the Electron build made by `npm start` is used when it exists (undefined: the
 * driver's own lookup).
 */
export function nativeBindingPath(input: NativeBindingInput): string | undefined {
  if (!input.isPackaged) {
    const candidate = join(input.appPath, '.electron-native', NATIVE_FILE);
    return input.exists(candidate) ? candidate : undefined;
  }
  if (!isAbsolute(input.resourcesPath)) throw new Error('The app resources folder is not an absolute path.');
  const candidate = resolve(input.resourcesPath, PACKAGED_NATIVE_DIR, NATIVE_FILE);
  if (!isInside(input.resourcesPath, candidate) || !input.exists(candidate)) {
    throw new Error("Mixwise's database module is missing from the app's resources; please reinstall Mixwise.");
  }
  return candidate;
}
