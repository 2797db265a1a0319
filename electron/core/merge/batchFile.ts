import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { createEncrypted, translateSqliteError, type Db, type FileKind, type OpenOptions } from '../db/open';
import { MixwiseError } from '../errors';
import { assertNewPaths, placeNewFile } from '../files';

/**
 * The .mixbatch file: keyed forms carried from one laptop to another. A small SQLCipher 4 database
 * with the study file's cipher settings, holding IDs and answers only: the source study's UUID, the
 * batches' metadata (wave, version, site, label, clerk, dates, verification) and their cells and
 * double-entry resolutions. Never a name, a contact or any other vault field.
 */

export const BATCH_EXTENSION = '.mixbatch';
/** 'MXWB' in the SQLite header's application_id: tells a batch file from a study, a vault or anything else. */
export const BATCH_APPLICATION_ID = 0x4d585742;
export const BATCH_FORMAT_VERSION = 10;

const batchFileSchema = {
  version: BATCH_FORMAT_VERSION,
  name: '0010-batch-file',
  up(db: Db) {
    db.exec(`
      CREATE TABLE batch_file (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        study_uuid TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE batch (
        id INTEGER PRIMARY KEY,
        pass INTEGER NOT NULL CHECK (pass IN (1, 2)),
        kind TEXT NOT NULL,
        parent_id INTEGER REFERENCES batch (id),
        wave_code TEXT NOT NULL,
        version_code TEXT NOT NULL,
        site_code TEXT,
        label TEXT NOT NULL,
        clerk TEXT NOT NULL,
        keyed_on TEXT NOT NULL,
        created_at TEXT NOT NULL,
        verification TEXT
      );
      CREATE TABLE form (
        batch_id INTEGER NOT NULL REFERENCES batch (id),
        participant_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (batch_id, participant_id)
      ) WITHOUT ROWID;
      CREATE TABLE cell (
        batch_id INTEGER NOT NULL,
        participant_id TEXT NOT NULL,
        item_code TEXT NOT NULL,
        value INTEGER,
        missing TEXT,
        text_value TEXT,
        PRIMARY KEY (batch_id, participant_id, item_code),
        FOREIGN KEY (batch_id, participant_id) REFERENCES form (batch_id, participant_id)
      ) WITHOUT ROWID;
      CREATE TABLE resolution (
        batch_id INTEGER NOT NULL REFERENCES batch (id),
        participant_id TEXT NOT NULL,
        item_code TEXT NOT NULL,
        first_value TEXT,
        second_value TEXT,
        final_value TEXT,
        chosen_by TEXT NOT NULL,
        chosen_at TEXT NOT NULL,
        PRIMARY KEY (batch_id, participant_id, item_code)
      ) WITHOUT ROWID;
    `);
  },
};

export const batchKind: FileKind = { applicationId: BATCH_APPLICATION_ID, noun: 'batch', migrations: [batchFileSchema] };

const ID = /^[0-9]{4,12}$/;
const code = z.string().min(1).max(64);
const text = z.string().max(500);

/** Every row is parsed, not trusted: a batch file comes from another computer and may be damaged or made up. */
export const fileRow = z.object({ study_uuid: z.string().min(1).max(64), label: text, created_at: z.string().max(40) });
export const batchRow = z.object({
  id: z.number().int().positive(),
  pass: z.union([z.literal(1), z.literal(2)]),
  /** 'keyed' for a box of paper forms, 'import' for an online wave's file (study migration 0060). */
  kind: z.enum(['keyed', 'import']),
  parent_id: z.number().int().positive().nullable(),
  wave_code: code,
  version_code: code,
  site_code: code.nullable(),
  label: text.min(1),
  clerk: text.min(1),
  keyed_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  created_at: z.string().min(1).max(40),
  verification: z.enum(['none', 'pending', 'verified']).nullable(),
});
export const formRow = z.object({
  batch_id: z.number().int().positive(),
  participant_id: z.string().regex(ID),
  position: z.number().int().positive(),
  status: z.enum(['keying', 'complete']),
});
export const cellRow = z.object({
  batch_id: z.number().int().positive(),
  participant_id: z.string().regex(ID),
  item_code: code,
  value: z.number().int().nullable(),
  missing: z.enum(['skipped', 'refused', 'dont_know']).nullable(),
  text_value: text.nullable(),
});
export const resolutionRow = z.object({
  batch_id: z.number().int().positive(),
  participant_id: z.string().regex(ID),
  item_code: z.string().max(64),
  first_value: z.string().max(600).nullable(),
  second_value: z.string().max(600).nullable(),
  final_value: z.string().max(600).nullable(),
  chosen_by: text.min(1),
  chosen_at: z.string().min(1).max(40),
});

export interface BatchFileContent {
  file: z.infer<typeof fileRow>;
  batches: z.infer<typeof batchRow>[];
  forms: z.infer<typeof formRow>[];
  cells: z.infer<typeof cellRow>[];
  resolutions: z.infer<typeof resolutionRow>[];
}

/** Bounds on what one batch file may hold, so a made-up file cannot exhaust memory. */
export const MAX_FORMS = 200_000;
export const MAX_CELLS = 2_000_000;

/**
 * Writes the content to a new batch file beside `path` and links it into place once it is closed:
 * a crash never leaves half a file under the chosen name, and an existing file is never replaced.
 */
export function writeBatchFile(path: string, passphrase: string, content: BatchFileContent, options: OpenOptions = {}): void {
  assertNewPaths([path]);
  const temporary = `${path}.${process.pid}.part`;
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
  try {
    const db = createEncrypted(temporary, passphrase, batchKind, options);
    try {
      // One self-contained file: no WAL beside it to forget when the file is copied to a USB stick.
      db.pragma('journal_mode = DELETE');
      db.transaction(() => {
        db.prepare('INSERT INTO batch_file (id, study_uuid, label, created_at) VALUES (1, ?, ?, ?)').run(
          content.file.study_uuid,
          content.file.label,
          content.file.created_at,
        );
        const batch = db.prepare(
          `INSERT INTO batch (id, pass, kind, parent_id, wave_code, version_code, site_code, label, clerk, keyed_on, created_at, verification)
           VALUES (@id, @pass, @kind, @parent_id, @wave_code, @version_code, @site_code, @label, @clerk, @keyed_on, @created_at, @verification)`,
        );
        // Parents first: the foreign key from a second keying to its first is checked row by row.
        for (const row of [...content.batches].sort((a, b) => a.pass - b.pass)) batch.run(row);
        const form = db.prepare('INSERT INTO form (batch_id, participant_id, position, status) VALUES (@batch_id, @participant_id, @position, @status)');
        for (const row of content.forms) form.run(row);
        const cell = db.prepare(
          `INSERT INTO cell (batch_id, participant_id, item_code, value, missing, text_value)
           VALUES (@batch_id, @participant_id, @item_code, @value, @missing, @text_value)`,
        );
        for (const row of content.cells) cell.run(row);
        const resolution = db.prepare(
          `INSERT INTO resolution (batch_id, participant_id, item_code, first_value, second_value, final_value, chosen_by, chosen_at)
           VALUES (@batch_id, @participant_id, @item_code, @first_value, @second_value, @final_value, @chosen_by, @chosen_at)`,
        );
        for (const row of content.resolutions) resolution.run(row);
      })();
    } finally {
      db.close();
    }
    placeNewFile(temporary, path);
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
    throw error;
  }
}

const PAGE_SIZE = 4096;
const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function notABatchFile(): MixwiseError {
  return new MixwiseError('NOT_MIXWISE', 'This file is not a Mixwise batch file, or it is damaged.', {
    key: 'mergeNotBatchFile',
    params: { noun: 'batch' },
  });
}

/** Why a file did not decrypt: a wrong passphrase, or a file that is not (or no longer) a batch file. */
function undecryptable(path: string): MixwiseError {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size === 0 || size % PAGE_SIZE !== 0 || head.equals(SQLITE_PLAINTEXT_HEADER)) return notABatchFile();
  return new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase for this batch file.', { field: 'passphrase', key: 'mergeWrongPassphrase' });
}

function parseRows<T>(schema: z.ZodType<T>, rows: unknown[]): T[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw notABatchFile();
    return parsed.data;
  });
}

/**
 * Opens a batch file read-only (an incoming file is never written to), checks what it is and
 * parses all of it. Any problem is a MixwiseError with a plain message; nothing is half-read.
 */
export function readBatchFile(path: string, passphrase: string, options: OpenOptions = {}): BatchFileContent {
  if (!passphrase) throw new MixwiseError('INVALID_INPUT', 'Enter the passphrase.', { field: 'passphrase', key: 'passphraseMissing' });
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new MixwiseError('NOT_FOUND', 'The batch file does not exist.', { key: 'mergeFileMissing', params: { noun: 'batch' } });
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
  } catch {
    throw notABatchFile();
  }
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma('kdf_iter = 256000');
    db.key(Buffer.from(passphrase, 'utf8'));
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (((error as { code?: string } | null)?.code ?? '').startsWith('SQLITE_CORRUPT')) throw notABatchFile();
      throw undecryptable(path);
    }
    db.pragma('temp_store = MEMORY');
    if (db.pragma('application_id', { simple: true }) !== BATCH_APPLICATION_ID) throw notABatchFile();
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > BATCH_FORMAT_VERSION) {
      throw new MixwiseError('NEWER_VERSION', 'This batch file was made by a newer version of Mixwise. Update Mixwise to import it.', {
        key: 'mergeNewerFile',
        params: { noun: 'batch', fileVersion: version, appVersion: BATCH_FORMAT_VERSION },
      });
    }
    if (version !== BATCH_FORMAT_VERSION) throw notABatchFile();
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    if (count('form') > MAX_FORMS || count('cell') > MAX_CELLS) {
      throw new MixwiseError('INVALID_INPUT', `This batch file holds more than ${MAX_FORMS} forms or ${MAX_CELLS} answers; export it in smaller parts.`, {
        key: 'mergeTooLarge',
        params: { forms: MAX_FORMS, cells: MAX_CELLS },
      });
    }
    const file = parseRows(fileRow, db.prepare('SELECT study_uuid, label, created_at FROM batch_file').all());
    if (file.length !== 1) throw notABatchFile();
    return {
      file: file[0]!,
      batches: parseRows(batchRow, db.prepare('SELECT * FROM batch ORDER BY pass, id').all()),
      forms: parseRows(formRow, db.prepare('SELECT * FROM form ORDER BY batch_id, position').all()),
      cells: parseRows(cellRow, db.prepare('SELECT * FROM cell').all()),
      resolutions: parseRows(resolutionRow, db.prepare('SELECT * FROM resolution').all()),
    };
  } catch (error) {
    const translated = translateSqliteError(error, { noun: 'batch' });
    if (translated instanceof MixwiseError) throw translated.code === 'DAMAGED' ? notABatchFile() : translated;
    // Any other driver error while reading (a truncated page, a missing table) means a damaged file.
    throw notABatchFile();
  } finally {
    db.close();
  }
}
