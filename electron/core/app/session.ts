import { basename } from 'node:path';
import type { StudyState } from '../../api/schemas';
import type { AnswerReader } from '../analysis/answerReader';
import type { Db } from '../db/open';
import { translateSqliteError } from '../db/open';
import { MixwiseError } from '../errors';
import { readStudySummary } from '../study/summary';

/**
 * The one study file a window has open, with the analysis's reader thread (its second, read-only
 * connection). Locking closes both, which drops SQLCipher's key from memory; only the path is kept
 * so the unlock screen knows which file to ask about.
 */
export class StudySession {
  private db: Db | null = null;
  private path: string | null = null;
  private reader: AnswerReader | null = null;

  attach(path: string, db: Db, reader: AnswerReader | null = null): void {
    this.close();
    this.db = db;
    this.path = path;
    this.reader = reader;
  }

  lock(): void {
    // The thread closes its connection once it has finished any read it is in.
    void this.reader?.close();
    this.reader = null;
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

  /** The same for work that also reads through the reader thread (the analysis), and awaits it. */
  async useWithReader<T>(work: (db: Db, reader: AnswerReader | null) => Promise<T>): Promise<T> {
    if (!this.db) throw new MixwiseError('NO_STUDY_OPEN', 'No study is open.');
    try {
      return await work(this.db, this.reader);
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
