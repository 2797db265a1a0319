import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAndKill } from '../testing/killAtRandom';
import { createStudyFile, openStudyFile } from './file';

const TRIALS = 20;
const MAX_KILL_DELAY_MS = 4000;
const CHILD = fileURLToPath(new URL('./rekey-child.ts', import.meta.url));


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
      const secrets = { MIXWISE_REKEY_A: a, MIXWISE_REKEY_B: b };
      const { changes, killDelayMs } = await runAndKill(CHILD, [path], secrets, { minMs: 0, maxMs: MAX_KILL_DELAY_MS });
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
