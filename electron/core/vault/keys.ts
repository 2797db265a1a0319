import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { MixwiseError } from '../errors';
import { fsyncFolder } from '../files';
import {
  DATA_KEY_BYTES,
  legacyRecoverySlotSchema,
  passphraseSlotSchema,
  recoveryRecipient,
  sealForRecovery,
  slotSchema,
  unwrapSlot,
  unwrapUnder,
  wrappedKeySchema,
  wrapUnder,
  wrapWithPassphrase,
  type Binding,
  type KeySlot,
  type SlotKind,
} from './keySlots';

/**
 * The vault's key file. Design (why two secrets can open one SQLCipher file, and how they are revoked):
 *
 * SQLCipher has one key per file, but the vault must open with the passphrase OR with the recovery
 * key printed at creation. So the vault file is encrypted with a random 32-byte *data key*, given to
 * SQLCipher as a raw key: still a standard SQLCipher 4 file (AES-256-CBC pages, HMAC-SHA512), only
 * without SQLCipher's own PBKDF2 step. The data key never touches the disk in the clear: the key file
 * beside the vault (`<vault>-keys`, JSON) holds it wrapped for each secret (keySlots.ts).
 *
 * - Changing the passphrase or issuing a new recovery key re-encrypts the vault under a NEW data key
 *   (rotation.ts): an old key file kept in a backup, with the secret it was made for, unwraps only an
 *   old data key, which opens neither the live vault nor, once they are re-keyed, its backups.
 * - A file holds one *generation* (a data key and its slots), or two while a rotation is under way:
 *   the new one first. Whichever generation's key opens the database is the live one; opening the
 *   vault finishes (or undoes) an interrupted rotation. So at every instant the vault opens with the
 *   old secret or the new one, never neither (rotation.ts says why, step by step).
 * - A generation also carries the audit log's MAC key and the data keys it replaced (`retired`),
 *   each wrapped under its data key: the retired keys let the backups that a crash left under an
 *   older key be re-keyed later, and are dropped once none is.
 * - `auditHead` is the last audit entry's sequence number and MAC when the vault was last closed,
 *   so that entries cut off the end of the log are noticed (audit.ts).
 * - A wrong passphrase fails on the key file before the database is even opened: nothing is written.
 * - Whoever has the vault AND its key file AND one of the current secrets can read it; losing the key
 *   file loses the vault (it is copied into every backup for that reason).
 */

const FORMAT = 'mixwise-vault-keys';
const FORMAT_VERSION = 2;
const RECOVERY_KEY_BYTES = 20;
/** Crockford's base32: no I, L, O or U, so a key read aloud or copied by hand is less ambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_RETIRED = 64;

const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const generationId = z.string().regex(/^[0-9a-f]{32}$/);
const generationSchema = z
  .object({
    // 'legacy': the generation of a format-1 file, whose slots are bound without a generation id.
    id: z.union([generationId, z.literal('legacy')]),
    slots: z.array(slotSchema).min(1).max(8),
    auditKey: wrappedKeySchema.optional(),
    retired: z.array(z.object({ id: z.union([generationId, z.literal('legacy')]), key: wrappedKeySchema }).strict()).max(MAX_RETIRED),
  })
  .strict();
const auditHeadSchema = z.object({ seq: z.number().int().min(0), mac: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
const keyFileV2 = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(2),
    vaultUuid: uuidSchema,
    updatedAt: z.string().max(40),
    generations: z.array(generationSchema).min(1).max(2),
    auditHead: auditHeadSchema.optional(),
  })
  .strict();
/** Format 1 (Mixwise before key rotation): one data key, its slots at the top level. */
const keyFileV1 = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  vaultUuid: uuidSchema,
  updatedAt: z.string().max(40),
  slots: z
    .array(z.union([passphraseSlotSchema, legacyRecoverySlotSchema]))
    .min(1)
    .max(8),
});

export type Generation = z.infer<typeof generationSchema>;
export interface KeyFile {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  vaultUuid: string;
  updatedAt: string;
  generations: Generation[];
  auditHead?: z.infer<typeof auditHeadSchema>;
}
export type { KeySlot, SlotKind };

/** Failure points of the atomic write, for tests that simulate a crash at each step. */
export type WriteStep = 'temp-written' | 'temp-synced' | 'renamed';

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function newGenerationId(): string {
  return randomBytes(16).toString('hex');
}

export function bindingOf(file: Pick<KeyFile, 'vaultUuid'>, generation: Pick<Generation, 'id'>): Binding {
  return { format: FORMAT, vaultUuid: file.vaultUuid, generation: generation.id === 'legacy' ? null : generation.id };
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The data key in SQLCipher's raw-key syntax (`x'<64 hex digits>'`), as bytes for sqlite3_key. Built
 * in a Buffer, never a string: strings cannot be wiped and linger in the heap until collected. The
 * caller zeroes it once the database has the key.
 */
export function sqlcipherRawKey(dataKey: Buffer): Buffer {
  const raw = Buffer.alloc(3 + dataKey.length * 2);
  raw[0] = 0x78; // x
  raw[1] = 0x27; // '
  dataKey.forEach((byte, index) => {
    raw[2 + index * 2] = HEX[byte >> 4]!;
    raw[3 + index * 2] = HEX[byte & 15]!;
  });
  raw[raw.length - 1] = 0x27;
  return raw;
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
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== (RECOVERY_KEY_BYTES * 8) / 5) return null;
  for (const char of compact) if (!CROCKFORD.includes(char)) return null;
  return compact.match(/.{4}/g)!.join('-');
}

function damaged(): MixwiseError {
  return new MixwiseError('DAMAGED', "The vault's key file is damaged; restore it from a backup.", { key: 'vaultKeysDamaged' });
}

/** Reads and checks the key file; a format-1 file is read into the current shape (written as format 2 next time). */
export function readKeyFile(path: string): KeyFile {
  if (!existsSync(path)) {
    throw new MixwiseError('NOT_FOUND', "The vault's key file is missing; it must stay beside the vault (restore it from a backup).", {
      key: 'vaultKeysMissing',
    });
  }
  let parsed: unknown;
  try {
    // A key file is a few kilobytes; anything far larger is not one (and must not be read whole).
    const text = readFileSync(path, 'utf8');
    parsed = text.length > 256 * 1024 ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  const current = keyFileV2.safeParse(parsed);
  if (current.success) {
    const ids = current.data.generations.map((generation) => generation.id);
    if (new Set(ids).size !== ids.length) throw damaged();
    return current.data;
  }
  const legacy = keyFileV1.safeParse(parsed);
  if (!legacy.success) throw damaged();
  const { slots, vaultUuid, updatedAt } = legacy.data;
  return { format: FORMAT, version: FORMAT_VERSION, vaultUuid, updatedAt, generations: [{ id: 'legacy', slots, retired: [] }] };
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
      throw new MixwiseError('ALREADY_EXISTS', 'A vault key file already exists here; nothing was overwritten.', {
        field: 'path',
        key: 'fileExists',
      });
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

export async function createKeyFile(
  path: string,
  dataKey: Buffer,
  passphrase: string,
  recoveryKey: string,
  vaultUuid: string,
): Promise<void> {
  if (existsSync(path)) {
    throw new MixwiseError('ALREADY_EXISTS', 'A vault key file already exists here; nothing was overwritten.', {
      field: 'path',
      key: 'fileExists',
    });
  }
  const auditKey = randomBytes(DATA_KEY_BYTES);
  try {
    const generation = await newGeneration(vaultUuid, dataKey, { passphrase, recoveryKey }, auditKey, []);
    writeKeyFileAtomic(
      path,
      { format: FORMAT, version: FORMAT_VERSION, vaultUuid, updatedAt: new Date().toISOString(), generations: [generation] },
      undefined,
      true,
    );
  } finally {
    auditKey.fill(0);
  }
}

/** A generation for `dataKey`: slots for the passphrase and the recovery key, the audit key and the retired keys. */
export async function newGeneration(
  vaultUuid: string,
  dataKey: Buffer,
  secrets: { passphrase: string } & ({ recoveryKey: string } | { recipient: Awaited<ReturnType<typeof recoveryRecipient>> }),
  auditKey: Buffer,
  retired: { id: string; key: Buffer }[],
): Promise<Generation> {
  const id = newGenerationId();
  const binding: Binding = { format: FORMAT, vaultUuid, generation: id };
  const recipient = 'recipient' in secrets ? secrets.recipient : await recoveryRecipient(secrets.recoveryKey);
  return {
    id,
    slots: [await wrapWithPassphrase(dataKey, secrets.passphrase, binding), sealForRecovery(dataKey, recipient, binding)],
    auditKey: wrapUnder(dataKey, auditKey, binding, 'audit'),
    retired: retired.slice(0, MAX_RETIRED).map((old) => ({ id: old.id, key: wrapUnder(dataKey, old.key, binding, `retired/${old.id}`) })),
  };
}

/** One generation a secret unwrapped: its data key, and where it sits in the file (0 = newest). */
export interface Unwrapped {
  generation: Generation;
  index: number;
  dataKey: Buffer;
}

/**
 * Unwraps every generation a secret opens (two during an interrupted rotation), newest first.
 * Which one is live is decided by the database (rotation.ts).
 */
export async function unlockKeyFile(path: string, kind: SlotKind, secret: string): Promise<{ file: KeyFile; candidates: Unwrapped[] }> {
  removeStaleTemps(path);
  const file = readKeyFile(path);
  const typed = kind === 'recovery' ? (normaliseRecoveryKey(secret) ?? secret) : secret;
  const candidates: Unwrapped[] = [];
  for (const [index, generation] of file.generations.entries()) {
    for (const slot of generation.slots.filter((candidate) => candidate.kind === kind)) {
      const dataKey = await unwrapSlot(slot, typed, bindingOf(file, generation));
      if (dataKey) {
        candidates.push({ generation, index, dataKey });
        break;
      }
    }
  }
  return { file, candidates };
}

/** The audit log's MAC key of a generation; null for a format-1 generation that has none yet. */
export function auditKeyOf(file: KeyFile, generation: Generation, dataKey: Buffer): Buffer | null {
  if (!generation.auditKey) return null;
  const key = unwrapUnder(dataKey, generation.auditKey, bindingOf(file, generation), 'audit');
  if (!key) throw damaged();
  return key;
}

/** The data keys a generation replaced, unwrapped with its own key. */
export function retiredKeysOf(file: KeyFile, generation: Generation, dataKey: Buffer): { id: string; key: Buffer }[] {
  return generation.retired.map((old) => {
    const key = unwrapUnder(dataKey, old.key, bindingOf(file, generation), `retired/${old.id}`);
    if (!key) throw damaged();
    return { id: old.id, key };
  });
}

/** The file reduced to one generation (a rotation finished or undone, or the copy beside a backup). */
export function withOnlyGeneration(file: KeyFile, id: string, changes: Partial<Pick<Generation, 'retired' | 'auditKey'>> = {}): KeyFile {
  const generation = file.generations.find((candidate) => candidate.id === id);
  if (!generation) throw damaged();
  return { ...file, updatedAt: new Date().toISOString(), generations: [{ ...generation, ...changes } as Generation] };
}

/** Records the audit log's last entry in the key file (audit.ts says why); an atomic replace. */
export function recordAuditHead(path: string, head: { seq: number; mac: string }): void {
  const file = readKeyFile(path);
  if (file.auditHead?.seq === head.seq && file.auditHead.mac === head.mac) return;
  writeKeyFileAtomic(path, { ...file, updatedAt: new Date().toISOString(), auditHead: head });
}
