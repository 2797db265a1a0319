import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { devToolsAllowed, isInside, menuTemplate, nativeBindingPath } from './production';

/** Every role anywhere in the menu, submenus included. */
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [String(item.role).toLowerCase()] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('the menu and DevTools', () => {
  it('offers no DevTools and no reload in the installed app', () => {
    const packaged = roles(menuTemplate(true));
    // 'viewmenu' is Electron's View menu with Reload, Force Reload and Toggle Developer Tools.
    for (const role of ['viewmenu', 'toggledevtools', 'reload', 'forcereload']) expect(packaged).not.toContain(role);
    expect(packaged).toEqual(expect.arrayContaining(['zoomin', 'zoomout', 'resetzoom', 'togglefullscreen', 'editmenu']));
    expect(devToolsAllowed(true)).toBe(false);
  });

  it('keeps them while developing', () => {
    expect(roles(menuTemplate(false))).toContain('viewmenu');
    expect(devToolsAllowed(false)).toBe(true);
  });
});

describe('the native module', () => {
  let folder: string;
  let resources: string;
  let project: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mixwise-native-'));
    resources = join(folder, 'resources');
    project = join(folder, 'project');
    for (const dir of [join(resources, 'app.asar.unpacked', '.electron-native'), join(project, '.electron-native')]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'better_sqlite3.node'), '');
    }
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('comes from the installed app resources only, never from the working folder or the project', () => {
    const path = nativeBindingPath({ isPackaged: true, appPath: project, resourcesPath: resources, exists: existsSync });
    expect(path).toBe(join(resources, 'app.asar.unpacked', '.electron-native', 'better_sqlite3.node'));
    // Without it the app refuses to start rather than let the driver search the working folder.
    rmSync(path!);
    const cwd = process.cwd();
    try {
      process.chdir(project);
      expect(() => nativeBindingPath({ isPackaged: true, appPath: project, resourcesPath: resources, exists: existsSync })).toThrow(
        /reinstall/,
      );
    } finally {
      process.chdir(cwd);
    }
    expect(() => nativeBindingPath({ isPackaged: true, appPath: project, resourcesPath: 'resources', exists: () => true })).toThrow();
  });

  it('is the Electron build beside the project while developing, or the driver own lookup', () => {
    expect(nativeBindingPath({ isPackaged: false, appPath: project, resourcesPath: resources, exists: existsSync })).toBe(
      join(project, '.electron-native', 'better_sqlite3.node'),
    );
    expect(nativeBindingPath({ isPackaged: false, appPath: folder, resourcesPath: resources, exists: existsSync })).toBeUndefined();
  });

  it('tells inside from outside after resolving ..', () => {
    expect(isInside('/opt/mixwise/resources', '/opt/mixwise/resources/app.asar.unpacked/x.node')).toBe(true);
    expect(isInside('/opt/mixwise/resources', '/opt/mixwise/resources/../evil.node')).toBe(false);
    expect(isInside('/opt/mixwise/resources', '/opt/mixwise/resources-evil/x.node')).toBe(false);
  });
});
