import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStudyFile, openStudyFile } from './file';

const TRIALS = 20;
const MAX_KILL_DELAY_MS = 4000;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./rekey-child.ts', import.meta.url));

/** Starts the child, waits until it is changing passphrases, kills it with SIGKILL after a random delay. */
function runAndKill(path: string, a: string, b: string): Promise<{ changes: number; killDelayMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
      cwd: REPO_ROOT,
      env: { ...process.env, MIXWISE_REKEY_A: a, MIXWISE_REKEY_B: b },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killDelayMs = -1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (killDelayMs < 0 && stdout.includes('ready')) {
        killDelayMs = randomInt(0, MAX_KILL_DELAY_MS + 1);
        setTimeout(() => child.kill('SIGKILL'), killDelayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`rekey child ended by itself (${code}): ${stderr}`));
      else resolve({ changes: (stdout.match(/changed/g) ?? []).length, killDelayMs });
    });
  });
}

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-study-rekey-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a study passphrase change killed midway', () => {
  it(`leaves a study that opens, whole, with the old or the new passphrase (${TRIALS} random kills)`, async () => {
    const path = join(folder, 'pilot.mixwise');
    const a = 'first study passphrase';
    const b = 'second study passphrase';
    createStudyFile(path, a, { name: 'Rekey test' }).close();
    const outcomes: string[] = [];
    let changesSeen = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const { changes, killDelayMs } = await runAndKill(path, a, b);
      changesSeen += changes;
      const opened: string[] = [];
      for (const [label, passphrase] of [['A', a], ['B', b]] as const) {
        try {
          const db = openStudyFile(path, passphrase);
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(db.prepare('SELECT name FROM study').pluck().get()).toBe('Rekey test');
          db.close();
          opened.push(label);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('WRONG_PASSPHRASE');
        }
      }
      outcomes.push(`${killDelayMs} ms, ${changes} changes: ${opened.join('') || 'NEITHER'}`);
      expect(opened, outcomes.join('; ')).toHaveLength(1);
      // Opening removed any re-keyed copy the kill left beside the file.
      expect(readdirSync(folder).filter((name) => name.includes('.rotating')), outcomes.join('; ')).toEqual([]);
    }
    // Changes did complete between kills (the file moved between the two passphrases), so the kills
    // fell at all stages of a change, not only before the first one.
    expect(changesSeen, outcomes.join('; ')).toBeGreaterThan(0);
    expect(new Set(outcomes.map((outcome) => outcome.slice(-1))).size, outcomes.join('; ')).toBe(2);
  }, 600_000);
});
