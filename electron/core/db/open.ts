import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { MixwiseError } from '../errors';
import { migrate, type Migration } from './migrate';

export type Db = Database.Database;

/** What kind of Mixwise file a database is, stored in PRAGMA application_id. */
export interface FileKind {
  /** 32-bit tag written into the SQLite header (encrypted like every other page). */
  applicationId: number;
  /** Human noun for messages: "study", "vault". */
  noun: string;
  migrations: readonly Migration[];
}

export interface OpenOptions {
  /** Absolute path to a better_sqlite3.node built for the running runtime (Electron's ABI in the app). */
  nativeBinding?: string;
}

/**
 * SQLCipher 4 defaults, spelled out so that a change of library default can never silently change
 * the file format: the files must open in stock SQLCipher 4 with the passphrase alone.
 */
const KDF_ITERATIONS = 256_000;
const SQLCIPHER_PAGE_SIZE = 4096;
const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A passphrase, or a raw key as bytes (the vault's `x'…'`, see vault/keys.ts). A Buffer stays the
 * caller's, who wipes it; a string's bytes are copied into a Buffer that is wiped here.
 */
export type Secret = string | Buffer;

function applyCipher(db: Db, secret: Secret): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
  // key() passes the bytes to sqlite3_key: no SQL quoting of the secret, nothing of it in SQL text.
  withSecretBytes(secret, (bytes) => db.key(bytes));
}

/** Runs work with the secret as bytes, wiping any copy made for it. */
export function withSecretBytes<T>(secret: Secret, work: (bytes: Buffer) => T): T {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  try {
    return work(bytes);
  } finally {
    if (bytes !== secret) bytes.fill(0);
  }
}

/** Sets the cipher and key on a connection opened by hand (a copy being re-keyed, rotation.ts). */
export function keyConnection(db: Db, secret: Secret): void {
  applyCipher(db, secret);
}

/** 40 MB of decrypted pages per connection (see applyRuntimePragmas). */
const CACHE_SIZE = 'cache_size = -40960';

function applyRuntimePragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, so a crash loses nothing acknowledged.
  db.pragma('synchronous = FULL');
  // Temporary tables and sort spills stay in memory: never a plaintext temp file on disk.
  db.pragma('temp_store = MEMORY');
  // Deleted content is overwritten, so erased values leave the file's bytes.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  // 40 MB of decrypted pages (the default is 2 MB): a 10 000-person study is about 30 MB, and with
  // it cached whole the dashboard's recompute and the analysis stop decrypting the same pages on
  // every run. The pages were already in this process's memory; this only keeps more of them.
  db.pragma(CACHE_SIZE);
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Classifies a file that could not be decrypted. An encrypted page is indistinguishable from random
 * bytes, so a wrong passphrase can only be told apart from a foreign file by shape: SQLCipher files
 * are whole pages long and never start with the plaintext SQLite header.
 */
function notDecryptable(path: string, kind: FileKind): MixwiseError {
  const size = statSync(path).size;
  const head = readHead(path, 16);
  if (size === 0 || size % SQLCIPHER_PAGE_SIZE !== 0) {
    return new MixwiseError('NOT_MIXWISE', `This file is not a Mixwise ${kind.noun} file, or it is damaged.`, {
      params: { noun: kind.noun },
    });
  }
  if (head.equals(SQLITE_PLAINTEXT_HEADER)) {
    return new MixwiseError('NOT_MIXWISE', `This is an unencrypted SQLite database, not a Mixwise ${kind.noun} file.`, {
      params: { noun: kind.noun },
    });
  }
  return new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.');
}

function assertPassphrase(passphrase: Secret): void {
  if (!(typeof passphrase === 'string' || Buffer.isBuffer(passphrase)) || passphrase.length === 0) {
    throw new MixwiseError('INVALID_INPUT', 'Enter the passphrase.', { field: 'passphrase', key: 'passphraseMissing' });
  }
}

function load(path: string, options: OpenOptions, fileMustExist: boolean): Db {
  return new Database(path, { fileMustExist, nativeBinding: options.nativeBinding });
}

/**
 * Opens an existing encrypted Mixwise file and brings its schema up to date.
 * Nothing is written to the file before the passphrase, the file kind and the schema version have
 * all been checked: a wrong passphrase, a foreign file or a file from a newer Mixwise is left as it was.
 */
export function openEncrypted(path: string, passphrase: Secret, kind: FileKind, options: OpenOptions = {}): Db {
  assertPassphrase(passphrase);
  if (!existsSync(path)) {
    throw new MixwiseError('NOT_FOUND', `The ${kind.noun} file does not exist.`, { params: { noun: kind.noun } });
  }
  let db: Db;
  try {
    db = load(path, options, true);
  } catch {
    throw new MixwiseError('NOT_FOUND', `The ${kind.noun} file cannot be opened.`, { params: { noun: kind.noun } });
  }
  try {
    applyCipher(db, passphrase);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      // A wrong key fails on page 1 with SQLITE_NOTADB. SQLITE_CORRUPT means page 1 decrypted, so the
      // key is right and a later schema page is damaged: saying "Wrong passphrase" there would send the
      // user hunting for another passphrase instead of their backup (found by db/open.test.ts).
      if (((error as { code?: string } | null)?.code ?? '').startsWith('SQLITE_CORRUPT')) {
        throw translateSqliteError(error, kind);
      }
      throw notDecryptable(path, kind);
    }
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== kind.applicationId) {
      throw new MixwiseError('NOT_MIXWISE', `This file is not a Mixwise ${kind.noun} file.`, {
        params: { noun: kind.noun },
      });
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = kind.migrations.at(-1)?.version ?? 0;
    if (version > latest) {
      throw new MixwiseError(
        'NEWER_VERSION',
        `This ${kind.noun} file was made by a newer version of Mixwise (format ${version}; this version reads up to ${latest}). Update Mixwise to open it.`,
        { params: { noun: kind.noun, fileVersion: version, appVersion: latest } },
      );
    }
    applyRuntimePragmas(db);
    migrate(db, kind.migrations);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, kind);
  }
}

/**
 * A second connection to a file this process has open already (the reader thread): the same cipher
 * settings and key. The kind and schema were checked, and the file migrated, by the first
 * connection. It changes no data (`query_only`: every INSERT, UPDATE, DELETE or schema change is
 * refused), but the file is opened for writing so that it can run checkpoints, which copy pages
 * already committed to the write-ahead log into the file: a read-only connection cannot.
 */
export function openReader(path: string, passphrase: Secret, options: OpenOptions = {}): Db {
  assertPassphrase(passphrase);
  const db = new Database(path, { fileMustExist: true, nativeBinding: options.nativeBinding });
  try {
    applyCipher(db, passphrase);
    db.pragma('query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('temp_store = MEMORY');
    // The same room for decrypted pages as the first connection's (applyRuntimePragmas).
    db.pragma(CACHE_SIZE);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, { noun: 'study' });
  }
}

/** Creates a new encrypted Mixwise file. Refuses to touch a path that already exists. */
export function createEncrypted(path: string, passphrase: Secret, kind: FileKind, options: OpenOptions = {}): Db {
  assertPassphrase(passphrase);
  if (existsSync(path)) {
    throw new MixwiseError('ALREADY_EXISTS', 'A file with this name already exists; choose another name.', {
      field: 'path',
      key: 'fileExists',
    });
  }
  const db = load(path, options, false);
  try {
    applyCipher(db, passphrase);
    db.pragma(`application_id = ${kind.applicationId}`);
    applyRuntimePragmas(db);
    migrate(db, kind.migrations);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, kind);
  }
}

/** Maps driver errors met while using a file to the boundary's codes. */
export function translateSqliteError(error: unknown, kind: Pick<FileKind, 'noun'>): unknown {
  if (error instanceof MixwiseError) return error;
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new MixwiseError('DAMAGED', `The ${kind.noun} file is damaged; restore it from a backup.`, {
      params: { noun: kind.noun },
    });
  }
  return error;
}
