import { createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewPerson } from '../../api/contracts/vault';
import Database from 'better-sqlite3-multiple-ciphers';
import { keyConnection, type Db } from '../db/open';
import { addCohort, addIdentityGroup, addSite } from '../study/design';
import { createStudyFile } from '../study/file';
import { DesignRefs } from './designRefs';
import { enrolPrepared, idTaken, preparePerson } from './enrol';
import { sqlcipherRawKey } from './keys';
import { createVaultFile, studyUuidOf, type OpenVault } from './vaultFile';

/**
 * Shared by the vault's tests: a small study with two groups and two sites, a vault beside it,
 * and a reader that decrypts SQLCipher 4 pages with the key, so tests can look for a value in
 * what the encrypted pages really hold (free space and old WAL frames included), not only in
 * what SQL still shows.
 */

export interface Fixture {
  folder: string;
  studyPath: string;
  vaultPath: string;
  studyPassphrase: string;
  vaultPassphrase: string;
  study: Db;
  vault: OpenVault;
  recoveryKey: string;
  cleanup(): void;
}

export function tempFolder(prefix = 'mixwise-vault-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A study with groups migrant/host and sites north/south, and its vault, both open. */
export async function makeFixture(): Promise<Fixture> {
  const folder = tempFolder();
  const studyPath = join(folder, 'pilot.mixwise');
  const vaultPath = join(folder, 'pilot.mixvault');
  const studyPassphrase = `study-${randomBytes(8).toString('hex')}`;
  const vaultPassphrase = `vault-${randomBytes(8).toString('hex')}`;
  const study = createStudyFile(studyPath, studyPassphrase, { name: 'Vault test study' });
  addIdentityGroup(study, { code: 'migrant', name: 'Migrants', labelForOthers: 'migrants' });
  addIdentityGroup(study, { code: 'host', name: 'Host society', labelForOthers: 'people of the host society' });
  addSite(study, { code: 'north', name: 'North district' });
  addSite(study, { code: 'south', name: 'South district' });
  addCohort(study, { code: 'c2026', name: '2026 round' });
  const { vault, recoveryKey } = await createVaultFile(vaultPath, vaultPassphrase, studyUuidOf(study), { client: 'cli' });
  return {
    folder,
    studyPath,
    vaultPath,
    studyPassphrase,
    vaultPassphrase,
    study,
    vault,
    recoveryKey,
    cleanup() {
      for (const db of [study, vault.db]) if (db.open) db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function person(name: string, extra: Partial<NewPerson> = {}): NewPerson {
  return { name, identityGroup: 'migrant', site: 'north', cohort: 'c2026', ...extra };
}

/** Enrols people through the same path as the UI and import; throws on the first problem. */
export function enrol(study: Db, vault: Db, people: NewPerson[]): string[] {
  const refs = new DesignRefs(study);
  const taken = idTaken(study, vault);
  const prepared = people.map((entry) => {
    const { prepared: ready, issues } = preparePerson(entry, refs, taken);
    if (!ready) throw new Error(issues.map((issue) => issue.message).join(' '));
    return ready;
  });
  return enrolPrepared(study, vault, prepared, 'cli');
}

const PAGE_SIZE = 4096;
/** SQLCipher 4 reserves 16 bytes of IV and 64 of HMAC-SHA512 at the end of every page. */
const RESERVE = 80;
const SALT_BYTES = 16;

function decryptPage(page: Buffer, key: Buffer, isFirst: boolean): Buffer {
  const start = isFirst ? SALT_BYTES : 0;
  const iv = page.subarray(PAGE_SIZE - RESERVE, PAGE_SIZE - RESERVE + 16);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(page.subarray(start, PAGE_SIZE - RESERVE)), decipher.final()]);
}

/** Every page of a SQLCipher 4 main file, decrypted with the 32-byte encryption key. */
export function decryptMainFile(bytes: Buffer, key: Buffer): Buffer {
  const pages: Buffer[] = [];
  for (let offset = 0; offset + PAGE_SIZE <= bytes.length; offset += PAGE_SIZE) {
    pages.push(decryptPage(bytes.subarray(offset, offset + PAGE_SIZE), key, offset === 0));
  }
  return Buffer.concat(pages);
}

/** Every frame of a WAL file, decrypted (a frame is a 24-byte header and one page). */
export function decryptWal(bytes: Buffer, key: Buffer): Buffer {
  const pages: Buffer[] = [];
  for (let offset = 32; offset + 24 + PAGE_SIZE <= bytes.length; offset += 24 + PAGE_SIZE) {
    const pageNumber = bytes.readUInt32BE(offset);
    pages.push(decryptPage(bytes.subarray(offset + 24, offset + 24 + PAGE_SIZE), key, pageNumber === 1));
  }
  return Buffer.concat(pages);
}

/** The page key SQLCipher 4 derives from a passphrase (PBKDF2-HMAC-SHA512, 256 000 rounds, the file's salt). */
export function passphrasePageKey(passphrase: string, fileBytes: Buffer): Buffer {
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), fileBytes.subarray(0, SALT_BYTES), 256_000, 32, 'sha512');
}

/** The file, its WAL and its shm, decrypted where they are pages (the shm holds no page content). */
export function decryptedView(path: string, key: Buffer): Buffer {
  const parts = [decryptMainFile(readFileSync(path), key)];
  if (existsSync(`${path}-wal`)) parts.push(decryptWal(readFileSync(`${path}-wal`), key));
  return Buffer.concat(parts);
}

export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** True if the text is in the bytes as UTF-8 or as UTF-16 (either byte order). */
export function containsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le')) || bytes.includes(Buffer.from(text, 'utf16le').swap16());
}

/**
 * What someone with the vault's data key and a SQLite shell can do to the audit log: open the file,
 * drop the append-only triggers and run SQL (audit.test.ts, e2e/secrets.spec.ts).
 */
export function tamperWithAudit(path: string, dataKey: Buffer, sql: string): void {
  const raw = sqlcipherRawKey(dataKey);
  const db = new Database(path, { fileMustExist: true });
  try {
    keyConnection(db, raw);
    db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    db.exec(sql);
  } finally {
    raw.fill(0);
    db.close();
  }
}
