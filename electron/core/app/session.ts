import { basename } from 'node:path';
import type { StudyState } from '../../api/schemas';
import type { Db } from '../db/open';
import { translateSqliteError } from '../db/open';
import { MixwiseError } from '../errors';
import { readStudySummary } from '../study/summary';

/**
 * The one study file a window has open. Locking closes the database, which drops SQLCipher's key
 * from memory; only the path is kept so the unlock screen knows which file to ask about.
 */
export class StudySession {
  private db: Db | null = null;
  private path: string | null = null;

  attach(path: string, db: Db): void {
    this.close();
    this.db = db;
    this.path = path;
  }

  lock(): void {
    this.db?.close();
    this.db = null;
  }

  close(): void {
    this.lock();
    this.path = null;
  }

  isOpen(): boolean {
    return this.db !== null;
  }

  /** Runs work against the open study, mapping driver errors to the boundary's codes. */
  use<T>(work: (db: Db) => T): T {
    if (!this.db) throw new MixwiseError('NO_STUDY_OPEN', 'No study is open.');
    try {
      return work(this.db);
    } catch (error) {
      throw translateSqliteError(error, { noun: 'study' });
    }
  }

  state(): StudyState {
    if (!this.path) return { status: 'closed' };
    const fileName = basename(this.path);
    if (!this.db) return { status: 'locked', path: this.path, fileName };
    return { status: 'open', path: this.path, fileName, summary: this.use(readStudySummary) };
  }
}
