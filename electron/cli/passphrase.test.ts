import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unlockKeyFile } from '../core/vault/keys';
import { keysPathFor } from '../core/vault/kind';
import { openWithDataKey } from '../core/vault/vaultFile';
import { expectOneSentenceError, PASSPHRASE, runCli, tempFolders } from './testSupport';

/** `mixwise passphrase`: a study's or a vault's passphrase changed, the old one revoked (issue 22, point 2). */

const folders = tempFolders();
afterEach(() => folders.cleanup());

const NEW = 'orchard lantern seventeen';

function demo(folder: string): string {
  const path = join(folder, 'pilot.mixwise');
  const made = runCli(['demo', '--out', path, '--participants', '8']);
  expect(made.status, made.stderr).toBe(0);
  return path;
}

describe('mixwise passphrase --study', () => {
  it('re-encrypts the study: the old passphrase is refused, the new one opens it with every answer', () => {
    const folder = folders.make();
    const path = demo(folder);
    const before = JSON.parse(runCli(['info', '--study', path]).stdout) as unknown;
    const changed = runCli(['passphrase', '--study', path], { env: { MIXWISE_NEW_PASSPHRASE: NEW } });
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('passphrase was changed');
    expect(changed.stdout + changed.stderr).not.toContain(NEW);
    expectOneSentenceError(runCli(['info', '--study', path]), 3);
    const after = runCli(['info', '--study', path], { passphrase: NEW });
    expect(after.status, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(before);
    expect(readdirSync(folder)).toEqual(['pilot.mixwise']);
  }, 120_000);

  it('refuses a wrong current passphrase, a guessable new one and the same one, changing nothing', () => {
    const folder = folders.make();
    const path = demo(folder);
    const bytes = readFileSync(path);
    expectOneSentenceError(
      runCli(['passphrase', '--study', path], { passphrase: 'not it at all', env: { MIXWISE_NEW_PASSPHRASE: NEW } }),
      3,
    );
    for (const weak of ['password1', 'qwertyuiop', '12345678']) {
      const message = expectOneSentenceError(runCli(['passphrase', '--study', path], { env: { MIXWISE_NEW_PASSPHRASE: weak } }), 2);
      expect(message).toContain('too easy to guess');
    }
    expectOneSentenceError(runCli(['passphrase', '--study', path], { env: { MIXWISE_NEW_PASSPHRASE: PASSPHRASE } }), 2);
    expectOneSentenceError(runCli(['passphrase', '--study', path, '--vault', path]), 2);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(folder)).toEqual(['pilot.mixwise']);
  }, 120_000);
});

describe('mixwise passphrase --vault', () => {
  it('re-keys the vault: the old passphrase opens it with no key file, old or new', async () => {
    const folder = folders.make();
    const path = demo(folder);
    const vault = join(folder, 'pilot.mixvault');
    writeFileSync(join(folder, 'people.csv'), 'name,identity_group,site\nAmira Quetzal,newcomer,north\n');
    const vaultEnv = { MIXWISE_VAULT_PASSPHRASE: 'the first vault passphrase' };
    const enrolled = runCli(['enrol', '--study', path, '--vault', vault, '--file', 'people.csv', '--recovery-out', 'key.txt'], {
      cwd: folder,
      env: vaultEnv,
    });
    expect(enrolled.status, enrolled.stderr).toBe(0);
    copyFileSync(keysPathFor(vault), join(folder, 'old-keys'));

    const changed = runCli(['passphrase', '--vault', vault], { env: { ...vaultEnv, MIXWISE_NEW_PASSPHRASE: NEW } });
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toContain("vault's passphrase was changed");
    // The old passphrase with the old key file still unwraps the old data key, which opens nothing now.
    const { candidates, file } = await unlockKeyFile(join(folder, 'old-keys'), 'passphrase', 'the first vault passphrase');
    expect(candidates).toHaveLength(1);
    expect(() => openWithDataKey(vault, candidates[0]!.dataKey, file.vaultUuid)).toThrow(/another vault/);
    expectOneSentenceError(
      runCli(['passphrase', '--vault', vault], { env: { ...vaultEnv, MIXWISE_NEW_PASSPHRASE: 'a further passphrase' } }),
      3,
    );
    const again = runCli(['passphrase', '--vault', vault], {
      env: { MIXWISE_VAULT_PASSPHRASE: NEW, MIXWISE_NEW_PASSPHRASE: 'a further passphrase' },
    });
    expect(again.status, again.stderr).toBe(0);
  }, 180_000);
});
