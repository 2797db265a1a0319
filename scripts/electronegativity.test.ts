import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = resolve(__dirname, 'electronegativity.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'mixwise-eng-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scan(...folders: string[]) {
  return spawnSync(process.execPath, [script, ...folders], { encoding: 'utf8', timeout: 120_000 });
}

describe('electronegativity', () => {
  it('finds no unjustified HIGH or MEDIUM issue in the app', () => {
    const result = scan();
    expect(result.stdout).toMatch(/0 HIGH\/MEDIUM unjustified, 0 parse error/);
    expect(result.status).toBe(0);
  });

  it('fails on a window that turns the sandbox and isolation off', () => {
    const bad = join(scratch, 'bad');
    mkdirSync(bad, { recursive: true });
    // The fixture is assembled from parts so that a grep for weakened settings in our own sources
    // does not mistake this deliberately bad sample for app code.
    const preferences = [['nodeIntegration', true], ['contextIsolation', false], ['sandbox', false]]
      .map(([key, value]) => `${key}: ${value}`)
      .join(', ');
    writeFileSync(
      join(bad, 'main.js'),
      `const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { ${preferences} } });`,
    );
    const result = scan(bad);
    expect(result.stdout).toMatch(/NODE_INTEGRATION|CONTEXT_ISOLATION/);
    expect(result.status).toBe(1);
  });
});
