import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeVault, openVaultFile } from './vaultFile';
import { makeFixture, type Fixture } from './testSupport';

const TRIALS = 20;
const MIN_KILL_DELAY_MS = 100;
const MAX_KILL_DELAY_MS = 3000;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./rekey-child.ts', import.meta.url));

/** Starts the child, waits until it is changing passphrases, kills it with SIGKILL after a random delay. */
function runAndKill(vaultPath: string, a: string, b: string): Promise<{ changes: number; killDelayMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, vaultPath], {
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
        killDelayMs = randomInt(MIN_KILL_DELAY_MS, MAX_KILL_DELAY_MS + 1);
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
      const { changes, killDelayMs } = await runAndKill(fixture.vaultPath, a, b);
      const opened: string[] = [];
      for (const [label, passphrase] of [['A', a], ['B', b]] as const) {
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
