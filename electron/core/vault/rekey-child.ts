/**
 * Child process for passphraseCrash.test.ts: changes a vault's passphrase back and forth between
 * two values for ever (each change re-encrypts the vault and its backups under a new data key),
 * printing `changed <A|B>` after each change has returned. The test kills it with SIGKILL at a
 * random moment (mid-scrypt, mid-copy, mid-rename) and checks that the vault still opens with one
 * of the two passphrases.
 *
 *   MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... node --import tsx electron/core/vault/rekey-child.ts <vault.mixvault>
 *
 * Passphrases come from the environment, never argv (visible to every user in `ps`).
 */
import { changeVaultPassphrase, closeVault, openVaultFile, type OpenVault } from './vaultFile';

async function openWithEither(path: string, a: string, b: string): Promise<{ vault: OpenVault; current: string }> {
  try {
    return { vault: await openVaultFile(path, a), current: a };
  } catch {
    return { vault: await openVaultFile(path, b), current: b };
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  const a = process.env.MIXWISE_REKEY_A;
  const b = process.env.MIXWISE_REKEY_B;
  if (!path || !a || !b) {
    process.stderr.write('usage: MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... rekey-child.ts <vault.mixvault>\n');
    process.exit(2);
  }
  // An earlier (killed) run may have left the vault at either passphrase.
  let { vault, current } = await openWithEither(path, a, b);
  process.stdout.write('ready\n');
  for (;;) {
    const next = current === a ? b : a;
    vault = (await changeVaultPassphrase(vault, current, next, { client: 'cli' })).vault;
    current = next;
    process.stdout.write(`changed ${current === a ? 'A' : 'B'}\n`);
    // Every other change reopens the vault, as a new session would.
    if (Math.random() < 0.5) {
      closeVault(vault);
      vault = await openVaultFile(path, current);
    }
  }
}

void main();
