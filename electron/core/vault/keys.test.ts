import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKeyFile,
  newDataKey,
  newRecoveryKey,
  normaliseRecoveryKey,
  readKeyFile,
  sqlcipherRawKey,
  unlockKeyFile,
  writeKeyFileAtomic,
  type WriteStep,
} from './keys';
import { recoveryRecipient, sealForRecovery, unwrapSlot, wrapWithPassphrase, type Binding } from './keySlots';
import { tempFolder } from './testSupport';

let folder: string;
beforeEach(() => {
  folder = tempFolder('mixwise-keys-');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('recovery keys', () => {
  it('are 32 Crockford characters in eight groups, different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newRecoveryKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
  });

  it('are read back whatever the case, spacing and easily confused letters', () => {
    const key = newRecoveryKey();
    expect(normaliseRecoveryKey(key)).toBe(key);
    expect(normaliseRecoveryKey(key.toLowerCase().replaceAll('-', ' '))).toBe(key);
    expect(normaliseRecoveryKey(key.replaceAll('0', 'O').replaceAll('1', 'l'))).toBe(key);
    expect(normaliseRecoveryKey(key.slice(0, -1))).toBeNull();
    expect(normaliseRecoveryKey(`${key.slice(0, -1)}U`)).toBeNull();
  });
});

const bindingFor = (vaultUuid: string): Binding => ({ format: 'mixwise-vault-keys', vaultUuid, generation: 'a'.repeat(32) });

describe('wrapping the data key', () => {
  it('unwraps with the right secret only, and only for the vault and generation it was made for', async () => {
    const dataKey = newDataKey();
    const binding = bindingFor(randomUUID());
    const slot = await wrapWithPassphrase(dataKey, 'correct horse battery', binding);
    expect((await unwrapSlot(slot, 'correct horse battery', binding))?.equals(dataKey)).toBe(true);
    expect(await unwrapSlot(slot, 'correct horse batterY', binding)).toBeNull();
    // The same slot copied into another vault's key file, or another generation, does not open.
    expect(await unwrapSlot(slot, 'correct horse battery', bindingFor(randomUUID()))).toBeNull();
    expect(await unwrapSlot(slot, 'correct horse battery', { ...binding, generation: 'b'.repeat(32) })).toBeNull();
    expect(JSON.stringify(slot)).not.toContain(dataKey.toString('base64'));
    expect(JSON.stringify(slot)).not.toContain(dataKey.toString('hex'));
  });

  it('treats the passphrase as the same characters however they were composed (NFC)', async () => {
    const dataKey = newDataKey();
    const binding = bindingFor(randomUUID());
    const slot = await wrapWithPassphrase(dataKey, 'Zoë-passphrase'.normalize('NFD'), binding);
    expect((await unwrapSlot(slot, 'Zoë-passphrase'.normalize('NFC'), binding))?.equals(dataKey)).toBe(true);
  });

  it('seals any number of data keys to a recovery key without knowing it, and only that key opens them', async () => {
    const recoveryKey = newRecoveryKey();
    const recipient = await recoveryRecipient(recoveryKey);
    const binding = bindingFor(randomUUID());
    const first = newDataKey();
    const second = newDataKey();
    // Sealing needs only the public half: this is what lets a passphrase change keep the printed key.
    const slots = [sealForRecovery(first, recipient, binding), sealForRecovery(second, recipient, binding)];
    expect((await unwrapSlot(slots[0]!, recoveryKey, binding))?.equals(first)).toBe(true);
    expect((await unwrapSlot(slots[1]!, recoveryKey, binding))?.equals(second)).toBe(true);
    expect(await unwrapSlot(slots[1]!, newRecoveryKey(), binding)).toBeNull();
    expect(await unwrapSlot(slots[1]!, recoveryKey, bindingFor(randomUUID()))).toBeNull();
  });

  it('builds the raw SQLCipher key in a buffer, as x\'<hex>\'', () => {
    const dataKey = newDataKey();
    expect(sqlcipherRawKey(dataKey).toString('latin1')).toBe(`x'${dataKey.toString('hex')}'`);
  });
});

describe('the key file', () => {
  async function keyFile(passphrase = 'first passphrase') {
    const path = join(folder, 'v.mixvault-keys');
    const dataKey = newDataKey();
    const recoveryKey = newRecoveryKey();
    await createKeyFile(path, dataKey, passphrase, recoveryKey, randomUUID());
    return { path, dataKey, recoveryKey };
  }
  const unwrapped = async (path: string, kind: 'passphrase' | 'recovery', secret: string) =>
    (await unlockKeyFile(path, kind, secret)).candidates.map((candidate) => candidate.dataKey);

  it('opens with the passphrase or the recovery key, and never with the other kind', async () => {
    const { path, dataKey, recoveryKey } = await keyFile();
    expect((await unwrapped(path, 'passphrase', 'first passphrase'))[0]?.equals(dataKey)).toBe(true);
    expect((await unwrapped(path, 'recovery', recoveryKey.toLowerCase()))[0]?.equals(dataKey)).toBe(true);
    expect(await unwrapped(path, 'passphrase', recoveryKey)).toEqual([]);
    expect(await unwrapped(path, 'recovery', 'first passphrase')).toEqual([]);
  });

  it('is refused when damaged, when its scrypt parameters are absurd, or when a tag, salt or IV has the wrong length', async () => {
    const { path } = await keyFile();
    const file = readKeyFile(path);
    const [generation] = file.generations;
    const slot = generation!.slots[0]!;
    const variants = [
      { ...slot, kdf: { ...slot.kdf, N: 2 ** 30 } },
      // A GCM tag cut to 4 bytes would make forging a wrapping far easier: refused, not accepted.
      { ...slot, tag: Buffer.from(slot.tag, 'base64').subarray(0, 4).toString('base64') },
      { ...slot, iv: Buffer.alloc(16).toString('base64') },
      { ...slot, kdf: { ...slot.kdf, salt: Buffer.alloc(4).toString('base64') } },
    ];
    for (const variant of variants) {
      writeFileSync(path, JSON.stringify({ ...file, generations: [{ ...generation, slots: [variant, ...generation!.slots.slice(1)] }] }));
      expect(() => readKeyFile(path), JSON.stringify(variant)).toThrow(/damaged/);
    }
    writeFileSync(path, '{"format":');
    expect(() => readKeyFile(path)).toThrow(/damaged/);
    rmSync(path);
    expect(() => readKeyFile(path)).toThrow(/missing/);
  });

  it('reads a format-1 file (Mixwise before key rotation) as one legacy generation', async () => {
    const path = join(folder, 'old.mixvault-keys');
    const dataKey = newDataKey();
    const uuid = randomUUID();
    const slot = await wrapWithPassphrase(dataKey, 'first passphrase', { format: 'mixwise-vault-keys', vaultUuid: uuid, generation: null });
    writeFileSync(path, JSON.stringify({ format: 'mixwise-vault-keys', version: 1, vaultUuid: uuid, updatedAt: 'x', slots: [slot] }));
    const { file, candidates } = await unlockKeyFile(path, 'passphrase', 'first passphrase');
    expect(file.generations.map((generation) => generation.id)).toEqual(['legacy']);
    expect(candidates[0]?.dataKey.equals(dataKey)).toBe(true);
    // Written back in the current format, it still opens.
    writeKeyFileAtomic(path, file);
    expect(readKeyFile(path).version).toBe(2);
    expect((await unwrapped(path, 'passphrase', 'first passphrase'))[0]?.equals(dataKey)).toBe(true);
  });

  it.each<WriteStep>(['temp-written', 'temp-synced', 'renamed'])(
    'holds the old or the new content after a crash at "%s", and the next open clears the leftovers',
    async (step) => {
      const { path } = await keyFile();
      const before = readKeyFile(path);
      const crash = new Error(`crash at ${step}`);
      expect(() =>
        writeKeyFileAtomic(path, { ...before, updatedAt: 'changed' }, (reached) => {
          if (reached === step) throw crash;
        }),
      ).toThrow(crash);
      await unlockKeyFile(path, 'passphrase', 'first passphrase');
      expect(readKeyFile(path).updatedAt === 'changed').toBe(step === 'renamed');
      // unlockKeyFile removed the temp file a crash before the rename leaves behind.
      expect(readdirSync(folder)).toEqual(['v.mixvault-keys']);
    },
  );

  it('never overwrites an existing key file on creation', async () => {
    const { path } = await keyFile();
    const before = readFileSync(path);
    await expect(createKeyFile(path, newDataKey(), 'other passphrase', newRecoveryKey(), randomUUID())).rejects.toThrow(/already exists/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(path)).toBe(true);
  });
});
