import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { MixwiseError } from '../errors';

/**
 * The vault's keys. Design (why two secrets can open one SQLCipher file):
 *
 * SQLCipher has one key per file, but the vault must open with the passphrase OR with the recovery
 * key printed at creation. So the vault file is encrypted with a random 32-byte *data key*, given to
 * SQLCipher as a raw key (`x'<64 hex>'`): still a standard SQLCipher 4 file (AES-256-CBC pages,
 * HMAC-SHA512), only without SQLCipher's own PBKDF2 step. The data key never touches the disk in
 * the clear: the key file beside the vault (`<vault>-keys`, JSON) holds it twice, wrapped with
 * AES-256-GCM under scrypt(passphrase) and under scrypt(recovery key). Each wrapping's
 * authenticated data names the slot and the vault's uuid, so slots cannot be swapped between files.
 *
 * Consequences, chosen on purpose:
 * - Changing the passphrase rewrites only the small key file (write a temp file, fsync, rename over
 *   the old one, fsync the folder): at every instant the file on disk is the old one or the new one,
 *   so the vault always opens with the old or the new passphrase. The vault's pages are not touched.
 * - A wrong passphrase fails on the key file before the database is even opened: nothing is written.
 * - Backups of the vault are encrypted with the same data key; the key file is copied beside each.
 * - Whoever has the vault AND its key file AND one of the two secrets can read it; losing the key
 *   file loses the vault (it is copied into every backup for that reason).
 * - Changing the passphrase does not re-encrypt the pages: someone who once learnt the data key
 *   itself (not just the passphrase) keeps it. Rotating the data key would mean re-encrypting the
 *   whole file; not needed for the threat this protects against (a lost or stolen laptop).
 */

const FORMAT = 'mixwise-vault-keys';
const FORMAT_VERSION = 1;

/**
 * scrypt with 128 MiB and ~0.4 s on a 2020s laptop: each guess at a stolen key file costs that
 * much. The parameters are stored per slot, so later versions can raise them for new slots.
 */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Refuse absurd parameters from a tampered key file instead of exhausting memory. */
const SCRYPT_LIMITS = { maxLogN: 20, maxR: 16, maxP: 4 };
const DATA_KEY_BYTES = 32;
const RECOVERY_KEY_BYTES = 20;
/** Crockford's base32: no I, L, O or U, so a key read aloud or copied by hand is less ambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const slotSchema = z.object({
  kind: z.enum(['passphrase', 'recovery']),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().refine((n) => n >= 2 && (n & (n - 1)) === 0 && n <= 2 ** SCRYPT_LIMITS.maxLogN),
    r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
    p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
    salt: b64,
  }),
  iv: b64,
  tag: b64,
  wrapped: b64,
});
const keyFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  vaultUuid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  updatedAt: z.string(),
  slots: z.array(slotSchema).min(1),
});

export type KeySlot = z.infer<typeof slotSchema>;
export type KeyFile = z.infer<typeof keyFileSchema>;
export type SlotKind = KeySlot['kind'];

/** Failure points of the atomic write, for tests that simulate a crash at each step. */
export type WriteStep = 'temp-written' | 'temp-synced' | 'renamed';

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** The data key as SQLCipher's raw-key syntax; what openEncrypted() passes to sqlite3_key. */
export function sqlcipherRawKey(dataKey: Buffer): string {
  return `x'${dataKey.toString('hex')}'`;
}

/** 160 random bits as 32 Crockford characters in groups of four: XXXX-XXXX-...-XXXX. */
export function newRecoveryKey(): string {
  const bytes = randomBytes(RECOVERY_KEY_BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * Reads a recovery key as typed: any case, with or without dashes and spaces, and the letters
 * people confuse with digits (O for 0, I and L for 1) accepted. Returns the canonical form or null.
 */
export function normaliseRecoveryKey(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== (RECOVERY_KEY_BYTES * 8) / 5) return null;
  for (const char of compact) if (!CROCKFORD.includes(char)) return null;
  return compact.match(/.{4}/g)!.join('-');
}

function scrypt(secret: Buffer, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  // The async form runs on libuv's pool: the app's main process stays responsive meanwhile.
  return new Promise((resolve, reject) =>
    scryptCallback(secret, salt, DATA_KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Secrets are compared as the same characters whatever keyboard or OS typed them. */
function secretBytes(kind: SlotKind, secret: string): Buffer {
  return Buffer.from(kind === 'passphrase' ? secret.normalize('NFC') : (normaliseRecoveryKey(secret) ?? secret), 'utf8');
}

function slotAad(kind: SlotKind, vaultUuid: string): Buffer {
  return Buffer.from(`${FORMAT}/v${FORMAT_VERSION}/${kind}/${vaultUuid}`, 'utf8');
}

export async function wrapDataKey(dataKey: Buffer, kind: SlotKind, secret: string, vaultUuid: string): Promise<KeySlot> {
  const salt = randomBytes(16);
  const kek = await scrypt(secretBytes(kind, secret), salt, SCRYPT);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(slotAad(kind, vaultUuid));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  kek.fill(0);
  return {
    kind,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

/** The data key, or null when the secret is not this slot's (GCM's tag does not verify). */
export async function unwrapDataKey(slot: KeySlot, secret: string, vaultUuid: string): Promise<Buffer | null> {
  const kek = await scrypt(secretBytes(slot.kind, secret), Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
    decipher.setAAD(slotAad(slot.kind, vaultUuid));
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(slot.wrapped, 'base64')), decipher.final()]);
    return key.length === DATA_KEY_BYTES ? key : null;
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

export function readKeyFile(path: string): KeyFile {
  if (!existsSync(path)) {
    throw new MixwiseError('NOT_FOUND', 'The vault\'s key file is missing; it must stay beside the vault (restore it from a backup).', {
      key: 'vaultKeysMissing',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    parsed = null;
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new MixwiseError('DAMAGED', 'The vault\'s key file is damaged; restore it from a backup.', { key: 'vaultKeysDamaged' });
  }
  return result.data;
}

function fsyncFolder(folder: string): void {
  // Makes the rename itself durable. Windows cannot open a folder this way; NTFS journals renames.
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort where the platform does not allow it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces the key file so that a crash at any moment leaves either the old file or the new one:
 * the new content goes to a temp file in the same folder, is fsynced, then renamed over the old
 * name (atomic on POSIX and on NTFS), and the folder is fsynced so the rename survives power loss.
 */
export function writeKeyFileAtomic(path: string, file: KeyFile, crashAt?: (step: WriteStep) => void, exclusive = false): void {
  const temp = join(dirname(path), `${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(file, null, 2)}\n`);
    crashAt?.('temp-written');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  crashAt?.('temp-synced');
  if (exclusive) placeWithoutOverwriting(temp, path);
  else renameSync(temp, path);
  crashAt?.('renamed');
  fsyncFolder(dirname(path));
}

/**
 * A new key file must never replace one that appeared meanwhile (another window creating the same
 * vault): a hard link fails if the name exists. File systems without hard links (FAT on a USB
 * stick) fall back to a rename after one more check.
 */
function placeWithoutOverwriting(temp: string, path: string): void {
  try {
    linkSync(temp, path);
    rmSync(temp, { force: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') {
      rmSync(temp, { force: true });
      throw new MixwiseError('ALREADY_EXISTS', 'A vault key file already exists here; nothing was overwritten.', { field: 'path', key: 'fileExists' });
    }
    if (existsSync(path)) throw error;
    renameSync(temp, path);
  }
}

/**
 * Removes temp files a crash left mid-change. Each holds the data key wrapped under a passphrase
 * that was being set, so it is as well protected as the key file, but it should not linger.
 */
export function removeStaleTemps(path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  const folder = dirname(path);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) if (name.startsWith(prefix)) rmSync(join(folder, name), { force: true });
}

export async function createKeyFile(path: string, dataKey: Buffer, passphrase: string, recoveryKey: string, vaultUuid: string): Promise<void> {
  if (existsSync(path)) {
    throw new MixwiseError('ALREADY_EXISTS', 'A vault key file already exists here; nothing was overwritten.', { field: 'path', key: 'fileExists' });
  }
  const slots = [await wrapDataKey(dataKey, 'passphrase', passphrase, vaultUuid), await wrapDataKey(dataKey, 'recovery', recoveryKey, vaultUuid)];
  writeKeyFileAtomic(path, { format: FORMAT, version: FORMAT_VERSION, vaultUuid, updatedAt: new Date().toISOString(), slots }, undefined, true);
}

/** Unwraps the data key with one kind of secret; null when no slot of that kind accepts it. */
export async function unlockKeyFile(path: string, kind: SlotKind, secret: string): Promise<{ dataKey: Buffer; file: KeyFile } | null> {
  removeStaleTemps(path);
  const file = readKeyFile(path);
  for (const slot of file.slots.filter((candidate) => candidate.kind === kind)) {
    const dataKey = await unwrapDataKey(slot, secret, file.vaultUuid);
    if (dataKey) return { dataKey, file };
  }
  return null;
}

/** Sets a new secret of one kind, keeping the other kind's slots: one atomic replace of the file. */
export async function replaceSlot(
  path: string,
  dataKey: Buffer,
  kind: SlotKind,
  secret: string,
  crashAt?: (step: WriteStep) => void,
): Promise<void> {
  const file = readKeyFile(path);
  const slot = await wrapDataKey(dataKey, kind, secret, file.vaultUuid);
  const slots = [...file.slots.filter((candidate) => candidate.kind !== kind), slot];
  writeKeyFileAtomic(path, { ...file, updatedAt: new Date().toISOString(), slots }, crashAt);
}
