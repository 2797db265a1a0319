import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The runtime boundaries of DESIGN.md, checked on every import statement: the core, the CLI and the
 * API never import Electron; the renderer never imports Node, and takes from electron/ nothing but
 * types (`import type`) and the pure code of electron/shared, so no main-process code can end up in
 * the page. electron/shared (the cell rules, the chart builders) is what both sides run: it imports
 * nothing but itself and types.
 */
const root = resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

interface ImportStatement {
  file: string;
  source: string;
  typeOnly: boolean;
}

function imports(dir: string): ImportStatement[] {
  return files(join(root, dir)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const found: ImportStatement[] = [];
    for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
      found.push({ file: relative(root, file), source: match[3]!, typeOnly: Boolean(match[2]) });
    }
    for (const match of text.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      found.push({ file: relative(root, file), source: match[1]!, typeOnly: false });
    }
    for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ file: relative(root, file), source: match[1]!, typeOnly: false });
    return found;
  });
}

const isElectron = (source: string) => source === 'electron' || source.startsWith('electron/');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('runtime boundaries', () => {
  it('finds import statements at all (the scanner works)', () => {
    expect(imports('electron/core').length).toBeGreaterThan(50);
    expect(imports('renderer/src').some((statement) => statement.source === 'react')).toBe(true);
  });

  it('core, CLI and API never import Electron', () => {
    const offenders = ['electron/core', 'electron/cli', 'electron/api'].flatMap(imports).filter((statement) => isElectron(statement.source));
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports Node, and only types and electron/shared from the Electron side', () => {
    const statements = imports('renderer/src').filter((statement) => !statement.file.endsWith('.test.ts'));
    expect(statements.filter((statement) => nodeBuiltins.has(statement.source) || isElectron(statement.source))).toEqual([]);
    const fromElectronSide = statements.filter((statement) => statement.source.includes('/electron/') && !statement.source.includes('/electron/shared/') && !statement.typeOnly);
    expect(fromElectronSide).toEqual([]);
    // The shared code is really used at run time: the grid's rules and the screens' charts.
    expect(statements.some((statement) => statement.source.includes('/electron/shared/') && !statement.typeOnly)).toBe(true);
  });

  it('electron/shared imports nothing at run time but itself', () => {
    const statements = imports('electron/shared').filter((statement) => !statement.file.endsWith('.test.ts'));
    expect(statements.length).toBeGreaterThan(0);
    // A relative import that stays inside electron/shared (../ids/format from shared/audit) is itself.
    const shared = join(root, 'electron/shared');
    const inside = (statement: ImportStatement) =>
      statement.source.startsWith('.') && !relative(shared, resolve(root, dirname(statement.file), statement.source)).startsWith('..');
    expect(statements.filter((statement) => !statement.typeOnly && !inside(statement))).toEqual([]);
  });

  it('only electron/main and the preload import Electron', () => {
    const all = [...imports('electron'), ...imports('renderer/src'), ...imports('e2e')].filter((statement) => isElectron(statement.source));
    expect(all.every((statement) => statement.file.startsWith('electron/main/') || statement.file.startsWith('electron/preload/'))).toBe(true);
  });
});
