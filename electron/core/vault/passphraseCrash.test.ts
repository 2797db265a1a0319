import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAndKill } from '../testing/killAtRandom';
import { closeVault, openVaultFile } from './vaultFile';
import { makeFixture, type Fixture } from './testSupport';

const TRIALS = 20;
const MIN_KILL_DELAY_MS = 100;
const MAX_KILL_DELAY_MS = 3000;
const CHILD = fileURLToPath(new URL('./rekey-child.ts', import.meta.url));

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
  fixture.vault.db.close();
});
afterEach(() => fixture.cleanup());

describe('a passphrase change (a re-encryption under a new data key) killed midway', () => {
  it(`leaves a vault that opens with the old or the new passphrase (${TRIALS} random kills)`, async () => {
    const a = fixture.vaultPassphrase;
    const b = `${a}-changed`;
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const secrets = { MIXWISE_REKEY_A: a, MIXWISE_REKEY_B: b };
      const { changes, killDelayMs } = await runAndKill(CHILD, [fixture.vaultPath], secrets, {
        minMs: MIN_KILL_DELAY_MS,
        maxMs: MAX_KILL_DELAY_MS,
      });
      const opened: string[] = [];
      for (const [label, passphrase] of [
        ['A', a],
        ['B', b],
      ] as const) {
        try {
          const vault = await openVaultFile(fixture.vaultPath, passphrase);
          expect(vault.db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(vault.integrity.ok).toBe(true);
          closeVault(vault);
          opened.push(label);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('WRONG_PASSPHRASE');
        }
      }
      outcomes.push(`${killDelayMs} ms, ${changes} changes: ${opened.join('') || 'NEITHER'}`);
      // Exactly one of the two, never neither (and never both: the slot is replaced, not added).
      expect(opened, outcomes.join('; ')).toHaveLength(1);
      // Opening cleared any temp file or re-keyed copy the kill left mid-change.
      expect(readdirSync(fixture.folder).filter((name) => name.includes('.tmp-') || name.includes('.rotating'))).toEqual([]);
    }
  }, 600_000);
});
