import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scrypt as scryptCallback,
  type KeyObject,
  type ScryptOptions,
} from 'node:crypto';
import { z } from 'zod';

/**
 * The cryptography of the vault's key file: how one secret wraps one data key. keys.ts holds the
 * file around these slots (generations, atomic writes).
 *
 * - A passphrase slot is AES-256-GCM under scrypt(passphrase).
 * - A recovery slot is sealed to a public key (X25519 + HKDF-SHA256 + AES-256-GCM). Its private key
 *   is scrypt(recovery key), so only the recovery key opens it; the public key is kept in the
 *   slot. Why: changing the passphrase re-encrypts the vault under a NEW data key, and that key must
 *   be wrapped for the recovery key the ID-keeper printed, which Mixwise never keeps. Sealing to the
 *   public key needs no secret, so the printed recovery key keeps working across passphrase changes
 *   while every old data key is revoked.
 * - Older files (format 1) have recovery slots wrapped like passphrase slots ('legacy'): they still
 *   open, but such a key cannot be carried to a new data key, so those vaults get a new recovery
 *   key before their passphrase can be changed.
 * - Every wrapping's authenticated data names the slot's kind, the vault and the generation of the
 *   data key, so slots cannot be moved between files or generations.
 */

/**
 * scrypt with 128 MiB and ~0.4 s on a 2020s laptop: each guess at a stolen key file costs that
 * much. The parameters are stored per slot, so later versions can raise them for new slots.
 */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Refuse absurd parameters from a tampered key file instead of exhausting memory. */
const SCRYPT_LIMITS = { maxLogN: 20, maxR: 16, maxP: 4 };
export const DATA_KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** PKCS #8 prefix of a raw X25519 private key (RFC 8410): Node imports raw keys only through DER or JWK. */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** Base64 of exactly `bytes` bytes: a short GCM tag would weaken authentication, a wrong IV length is not ours. */
const b64Of = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((text) => Buffer.from(text, 'base64').length === bytes && Buffer.from(text, 'base64').toString('base64') === text);
const b64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/)
  .max(200);

const kdfSchema = z.object({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .refine((n) => n >= 2 && (n & (n - 1)) === 0 && n <= 2 ** SCRYPT_LIMITS.maxLogN),
  r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
  p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
  salt: b64Of(SALT_BYTES),
});
const sealed = { iv: b64Of(IV_BYTES), tag: b64Of(TAG_BYTES), wrapped: b64 };

export const passphraseSlotSchema = z.object({ kind: z.literal('passphrase'), kdf: kdfSchema, ...sealed }).strict();
export const legacyRecoverySlotSchema = z.object({ kind: z.literal('recovery'), kdf: kdfSchema, ...sealed }).strict();
export const sealedRecoverySlotSchema = z
  .object({
    kind: z.literal('recovery'),
    scheme: z.literal('x25519'),
    kdf: kdfSchema,
    publicKey: b64Of(32),
    ephemeralKey: b64Of(32),
    ...sealed,
  })
  .strict();
export const slotSchema = z.union([passphraseSlotSchema, sealedRecoverySlotSchema, legacyRecoverySlotSchema]);
/** A key wrapped under a data key (the audit key, a retired data key). */
export const wrappedKeySchema = z.object(sealed).strict();

export type KeySlot = z.infer<typeof slotSchema>;
export type SlotKind = KeySlot['kind'];
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

/** What every wrapping in a file is bound to. `generation` is null for format-1 slots. */
export interface Binding {
  format: string;
  vaultUuid: string;
  generation: string | null;
}

function aad(binding: Binding, purpose: string): Buffer {
  const version = binding.generation === null ? 'v1' : `v2/${binding.generation}`;
  return Buffer.from(`${binding.format}/${version}/${purpose}/${binding.vaultUuid}`, 'utf8');
}

function scrypt(secret: Buffer, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  // The async form runs on libuv's pool: the app's main process stays responsive meanwhile.
  return new Promise((resolve, reject) =>
    scryptCallback(secret, salt, DATA_KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function seal(key: Buffer, plaintext: Buffer, additional: Buffer): { iv: string; tag: string; wrapped: string } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additional);
  const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64') };
}

/** The plaintext, or null when the key or the authenticated data are not this wrapping's. */
function open(key: Buffer, box: { iv: string; tag: string; wrapped: string }, additional: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(additional);
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(box.wrapped, 'base64')), decipher.final()]);
    if (plain.length === DATA_KEY_BYTES) return plain;
    plain.fill(0);
    return null;
  } catch {
    return null;
  }
}

/** X25519 key pair whose private half is the 32 bytes given (scrypt of the recovery key). */
function x25519FromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: Buffer } {
  const der = Buffer.concat([X25519_PKCS8_PREFIX, seed]);
  try {
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return { privateKey, publicKey: rawPublic(createPublicKey(privateKey)) };
  } finally {
    der.fill(0);
  }
}

function rawPublic(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
}

function publicFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function sealingKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer, additional: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), additional, DATA_KEY_BYTES));
}

/** Secrets are compared as the same characters whatever keyboard or OS typed them. */
function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.normalize('NFC'), 'utf8');
}

export async function wrapWithPassphrase(dataKey: Buffer, passphrase: string, binding: Binding): Promise<KeySlot> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await scrypt(secretBytes(passphrase), salt, SCRYPT);
  try {
    return {
      kind: 'passphrase',
      kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
      ...seal(kek, dataKey, aad(binding, 'passphrase')),
    };
  } finally {
    kek.fill(0);
  }
}

/** The recipient of a recovery slot: derived once from the recovery key (scrypt), then kept as public. */
export interface RecoveryRecipient {
  kdf: z.infer<typeof kdfSchema>;
  publicKey: Buffer;
}

export async function recoveryRecipient(recoveryKey: string, kdf?: z.infer<typeof kdfSchema>): Promise<RecoveryRecipient> {
  const params = kdf ?? { name: 'scrypt' as const, ...SCRYPT, salt: randomBytes(SALT_BYTES).toString('base64') };
  const seed = await scrypt(secretBytes(recoveryKey), Buffer.from(params.salt, 'base64'), params);
  try {
    return { kdf: params, publicKey: x25519FromSeed(seed).publicKey };
  } finally {
    seed.fill(0);
  }
}

/** Seals a data key to the recovery key's public half: no secret needed (see the file comment). */
export function sealForRecovery(dataKey: Buffer, recipient: RecoveryRecipient, binding: Binding): KeySlot {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralKey = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicFromRaw(recipient.publicKey) });
  const additional = aad(binding, 'recovery');
  const kek = sealingKey(shared, ephemeralKey, recipient.publicKey, additional);
  shared.fill(0);
  try {
    return {
      kind: 'recovery',
      scheme: 'x25519',
      kdf: recipient.kdf,
      publicKey: recipient.publicKey.toString('base64'),
      ephemeralKey: ephemeralKey.toString('base64'),
      ...seal(kek, dataKey, additional),
    };
  } finally {
    kek.fill(0);
  }
}

/** The recipient a sealed recovery slot was made for, to seal the next data key to the same recovery key. */
export function recipientOf(slot: KeySlot): RecoveryRecipient | null {
  if (slot.kind !== 'recovery' || !('scheme' in slot)) return null;
  return { kdf: slot.kdf, publicKey: Buffer.from(slot.publicKey, 'base64') };
}

/** The data key, or null when the secret is not this slot's. */
export async function unwrapSlot(slot: KeySlot, secret: string, binding: Binding): Promise<Buffer | null> {
  const derived = await scrypt(secretBytes(secret), Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  try {
    if (!('scheme' in slot)) return open(derived, slot, aad(binding, slot.kind));
    const { privateKey, publicKey } = x25519FromSeed(derived);
    if (!publicKey.equals(Buffer.from(slot.publicKey, 'base64'))) return null;
    const ephemeralKey = Buffer.from(slot.ephemeralKey, 'base64');
    const shared = diffieHellman({ privateKey, publicKey: publicFromRaw(ephemeralKey) });
    const additional = aad(binding, 'recovery');
    const kek = sealingKey(shared, ephemeralKey, publicKey, additional);
    shared.fill(0);
    try {
      return open(kek, slot, additional);
    } finally {
      kek.fill(0);
    }
  } finally {
    derived.fill(0);
  }
}

/** Wraps a 32-byte key (the audit key, a retired data key) under a data key. */
export function wrapUnder(dataKey: Buffer, key: Buffer, binding: Binding, purpose: string): WrappedKey {
  return seal(dataKey, key, aad(binding, purpose));
}

export function unwrapUnder(dataKey: Buffer, box: WrappedKey, binding: Binding, purpose: string): Buffer | null {
  return open(dataKey, box, aad(binding, purpose));
}
