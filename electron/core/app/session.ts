import { basename } from 'node:path';
import type { StudyState } from '../../api/schemas';
import type { AnswerReader } from '../analysis/answerReader';
import type { Db } from '../db/open';
import { translateSqliteError } from '../db/open';
import { MixwiseError } from '../errors';
import { refreshDigests } from '../responses/digests';
import { readStudySummary } from '../study/summary';

/** How long after opening the background upkeep starts, and how many digests it writes at a time. */
const UPKEEP_DELAY_MS = 2000;
const UPKEEP_SLICE = 1000;

/**
 * The one study file a window has open, with the analysis's reader thread (its second, read-only
 * connection). Locking closes both, which drops SQLCipher's key from memory; only the path is kept
 * so the unlock screen knows which file to ask about.
 */
export class StudySession {
  private db: Db | null = null;
  private path: string | null = null;
  private reader: AnswerReader | null = null;
  private upkeep: NodeJS.Timeout | null = null;
  /** Reader threads still closing: their connection may yet write the study's -wal and -shm files. */
  private closing = new Set<Promise<void>>();

  attach(path: string, db: Db, reader: AnswerReader | null = null): void {
    this.close();
    this.db = db;
    this.path = path;
    this.reader = reader;
    this.scheduleUpkeep(UPKEEP_DELAY_MS);
  }

  /**
   * Writes the answer digests the study lacks (responses/digests.ts) in the background once it is
   * open, a slice at a time so that no call waits long behind it: the dashboard and the analysis
   * then read digests, not every answer, from the start (a 10 000-person study opened for the first
   * time since the digests came: 24 000 questionnaires, about a second in all). Newer changes are
   * taken from the answers until the next analysis writes their digests.
   */
  private scheduleUpkeep(delay: number): void {
    const db = this.db;
    this.upkeep = setTimeout(() => {
      this.upkeep = null;
      if (this.db !== db || !db?.open || db.inTransaction) return;
      let written: number;
      try {
        written = refreshDigests(db, UPKEEP_SLICE);
      } catch {
        // Never a crash from a timer: the analysis writes the digests itself, and reports what fails.
        return;
      }
      if (written === UPKEEP_SLICE) this.scheduleUpkeep(0);
    }, delay);
    // Upkeep never keeps a process alive (the CLI, a test).
    this.upkeep.unref();
  }

  lock(): void {
    if (this.upkeep) clearTimeout(this.upkeep);
    this.upkeep = null;
    // The thread closes its connection once it has finished any read it is in.
    if (this.reader) {
      const ended = this.reader.close().finally(() => this.closing.delete(ended));
      this.closing.add(ended);
    }
    this.reader = null;
    this.db?.close();
    this.db = null;
  }

  close(): void {
    this.lock();
    this.path = null;
  }

  /**
   * Resolves once every reader thread has closed its connection. Until then the last connection to
   * close may still checkpoint and remove the -wal and -shm files beside the study, so whoever
   * removes or moves the folder (a test, the app quitting) waits for this first.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.closing]);
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
