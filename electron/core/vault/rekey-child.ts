/**
 * Child process for passphraseCrash.test.ts: changes a vault's passphrase back and forth between
 * two values for ever, printing `changed <A|B>` after each change has returned. The test kills it
 * with SIGKILL at a random moment (mid-scrypt, mid-write, mid-rename) and checks that the vault
 * still opens with one of the two passphrases.
 *
 *   MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... node --import tsx electron/core/vault/rekey-child.ts <vault.mixvault>
 *
 * Passphrases come from the environment, never argv (visible to every user in `ps`).
 */
import { unlockKeyFile } from './keys';
import { keysPathFor } from './kind';
import { changeVaultPassphrase } from './vaultFile';

async function main(): Promise<void> {
  const path = process.argv[2];
  const a = process.env.MIXWISE_REKEY_A;
  const b = process.env.MIXWISE_REKEY_B;
  if (!path || !a || !b) {
    process.stderr.write('usage: MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... rekey-child.ts <vault.mixvault>\n');
    process.exit(2);
  }
  // An earlier (killed) run may have left the vault at either passphrase.
  let current = (await unlockKeyFile(keysPathFor(path), 'passphrase', a)) ? a : b;
  process.stdout.write('ready\n');
  for (;;) {
    const next = current === a ? b : a;
    await changeVaultPassphrase(path, current, next);
    current = next;
    process.stdout.write(`changed ${current === a ? 'A' : 'B'}\n`);
  }
}

void main();
