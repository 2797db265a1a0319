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
  replaceSlot,
  unlockKeyFile,
  unwrapDataKey,
  wrapDataKey,
  type WriteStep,
} from './keys';
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

describe('wrapping the data key', () => {
  it('unwraps with the right secret only, and only for the vault it was made for', async () => {
    const dataKey = newDataKey();
    const uuid = randomUUID();
    const slot = await wrapDataKey(dataKey, 'passphrase', 'correct horse battery', uuid);
    expect((await unwrapDataKey(slot, 'correct horse battery', uuid))?.equals(dataKey)).toBe(true);
    expect(await unwrapDataKey(slot, 'correct horse batterY', uuid)).toBeNull();
    // The same slot copied into another vault's key file does not open.
    expect(await unwrapDataKey(slot, 'correct horse battery', randomUUID())).toBeNull();
    // Nor as the other kind of slot.
    expect(await unwrapDataKey({ ...slot, kind: 'recovery' }, 'correct horse battery', uuid)).toBeNull();
    expect(JSON.stringify(slot)).not.toContain(dataKey.toString('base64'));
    expect(JSON.stringify(slot)).not.toContain(dataKey.toString('hex'));
  });

  it('treats the passphrase as the same characters however they were composed (NFC)', async () => {
    const dataKey = newDataKey();
    const uuid = randomUUID();
    const slot = await wrapDataKey(dataKey, 'passphrase', 'Zoë-passphrase'.normalize('NFD'), uuid);
    expect((await unwrapDataKey(slot, 'Zoë-passphrase'.normalize('NFC'), uuid))?.equals(dataKey)).toBe(true);
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

  it('opens with the passphrase or the recovery key, and never with the other kind', async () => {
    const { path, dataKey, recoveryKey } = await keyFile();
    expect((await unlockKeyFile(path, 'passphrase', 'first passphrase'))?.dataKey.equals(dataKey)).toBe(true);
    expect((await unlockKeyFile(path, 'recovery', recoveryKey.toLowerCase()))?.dataKey.equals(dataKey)).toBe(true);
    expect(await unlockKeyFile(path, 'passphrase', recoveryKey)).toBeNull();
    expect(await unlockKeyFile(path, 'recovery', 'first passphrase')).toBeNull();
  });

  it('is refused when damaged or when its scrypt parameters are absurd (no memory exhaustion)', async () => {
    const { path } = await keyFile();
    const file = readKeyFile(path);
    writeFileSync(path, JSON.stringify({ ...file, slots: file.slots.map((slot) => ({ ...slot, kdf: { ...slot.kdf, N: 2 ** 30 } })) }));
    expect(() => readKeyFile(path)).toThrow(/damaged/);
    writeFileSync(path, '{"format":');
    expect(() => readKeyFile(path)).toThrow(/damaged/);
    rmSync(path);
    expect(() => readKeyFile(path)).toThrow(/missing/);
  });

  it('changes the passphrase and keeps the recovery key', async () => {
    const { path, dataKey, recoveryKey } = await keyFile();
    await replaceSlot(path, dataKey, 'passphrase', 'second passphrase');
    expect(await unlockKeyFile(path, 'passphrase', 'first passphrase')).toBeNull();
    expect((await unlockKeyFile(path, 'passphrase', 'second passphrase'))?.dataKey.equals(dataKey)).toBe(true);
    expect((await unlockKeyFile(path, 'recovery', recoveryKey))?.dataKey.equals(dataKey)).toBe(true);
    expect(readdirSync(folder)).toEqual(['v.mixvault-keys']);
  });

  it.each<WriteStep>(['temp-written', 'temp-synced', 'renamed'])(
    'opens with the old or the new passphrase after a crash at "%s", and the next open clears the leftovers',
    async (step) => {
      const { path, dataKey } = await keyFile();
      const crash = new Error(`crash at ${step}`);
      await expect(
        replaceSlot(path, dataKey, 'passphrase', 'second passphrase', (reached) => {
          if (reached === step) throw crash;
        }),
      ).rejects.toBe(crash);
      const old = await unlockKeyFile(path, 'passphrase', 'first passphrase');
      const renewed = await unlockKeyFile(path, 'passphrase', 'second passphrase');
      expect(Boolean(old) !== Boolean(renewed)).toBe(true);
      expect((old ?? renewed)!.dataKey.equals(dataKey)).toBe(true);
      expect(Boolean(renewed)).toBe(step === 'renamed');
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
