import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open';
import type { NewFormPlan } from '../entry/cells';
import type { CellValue } from '../../shared/entry/rules';
import type { Sheet } from '../entry/sheet';
import { NEXT_POSITION, NEXT_ROW_ID } from '../entry/store';
import type { ReadyRow } from './check';

/**
 * Writes the checked rows of an import into the study, inside the caller's transaction: for each row
 * its response (source 'online'), its entry row with the status the plan settled, the ID's log line,
 * then its answers, as keying writes them (entry/ids insertRow and entry/cells applyPlans). Those
 * write one statement per cell, which is right for a keystroke but was two thirds of a 3 800-form
 * import; here the same rows go in through statements prepared once per import that insert many rows
 * per call.
 *
 * The audit trail of an import is per form, not per answer: the form's 'id' line, and the import_run
 * (file name, SHA-256, mapping, who and when) its batch points to. Every answer of the form came from
 * that file unchanged, so one line per answer (221 000 for a 3 800-form wave, as many rows again as
 * the answers themselves) would say nothing more, and was a third of the import's time. A cell's
 * history is still whole: its first value is the file's, and every later change is logged by keying
 * with that value as its "before".
 */

export type Progress = (done: number, total: number) => void;

/** Rows per multi-row INSERT: 100 x 8 columns stays far below SQLite's limit on bound values. */
const ROWS_PER_STATEMENT = 100;

/**
 * An INSERT of many rows per run, buffered; flush() writes what is left. The values go into one
 * array reused from run to run (the statement has bound them once run() returns), so adding an
 * answer allocates nothing.
 */
class BulkInsert {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly buffer: unknown[];
  private filled = 0;

  constructor(db: Db, table: string, private readonly columns: readonly string[]) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.many = db.prepare(head + Array.from({ length: ROWS_PER_STATEMENT }, () => row).join(', '));
    this.one = db.prepare(head + row);
    this.buffer = new Array(ROWS_PER_STATEMENT * columns.length).fill(null);
  }

  /** Adds the next value of the row being added; a row is done after its last column's. */
  value(value: unknown): void {
    this.buffer[this.filled++] = value;
    if (this.filled === this.buffer.length) {
      this.many.run(this.buffer);
      this.filled = 0;
    }
  }

  flush(): void {
    const width = this.columns.length;
    for (let start = 0; start < this.filled; start += width) this.one.run(this.buffer.slice(start, start + width));
    this.filled = 0;
  }
}

/** An answer's value, missing and text_value columns. */
function addAnswer(answers: BulkInsert, responseId: number, itemCode: string, value: CellValue): void {
  answers.value(responseId);
  answers.value(itemCode);
  if (typeof value === 'number') {
    answers.value(value);
    answers.value(null);
    answers.value(null);
  } else {
    answers.value(null);
    answers.value('missing' in value ? value.missing : null);
    answers.value('missing' in value ? null : value.text);
  }
}

export function writeReadyRows(
  db: Db,
  sheet: Sheet,
  ready: readonly ReadyRow[],
  plans: ReadonlyMap<number, NewFormPlan>,
  actor: string,
  at: number,
  onProgress?: Progress,
): void {
  const { batch } = sheet;
  if (batch.pass !== 1) throw new Error('An import is a first-pass batch');
  const iso = new Date(at).toISOString();
  const insertResponse = db.prepare("INSERT INTO response (participant_id, wave_id, version_id, source, created_at) VALUES (?, ?, ?, 'online', ?)");
  const insertRow = db.prepare(
    'INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, status, corrections, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const log = new BulkInsert(db, 'entry_log', ['batch_id', 'row_id', 'item_code', 'action', 'before', 'after', 'actor', 'at']);
  let position = (db.prepare(NEXT_POSITION).pluck().get(batch.id, batch.id) as number) - 1;
  let rowId = (db.prepare(NEXT_ROW_ID).pluck().get() as number) - 1;
  const forms = ready.map((entry) => {
    const plan = plans.get(entry.row);
    // A row with no answers has no plan and stays 'keying' without a questionnaire, as a keyed row with
    // only its ID would (migration 0100): it is not counted and blocks no later form of that ID.
    const responseId = plan ? Number(insertResponse.run(entry.participantId, batch.waveId, batch.versionId, iso).lastInsertRowid) : null;
    position++;
    rowId++;
    insertRow.run(rowId, batch.id, position, entry.participantId, responseId, plan?.status ?? 'keying', 0, iso, iso);
    for (const value of [batch.id, rowId, null, 'id', null, JSON.stringify(entry.participantId), actor, at]) log.value(value);
    return { responseId, plan };
  });
  log.flush();
  const total = forms.length;
  withoutCheckConstraints(db, () => {
    // Prepared here, with the checks off: SQLite leaves them out of a statement when it compiles it.
    const answers = new BulkInsert(db, 'answer', ['response_id', 'item_code', 'value', 'missing', 'text_value']);
    forms.forEach(({ responseId, plan }, index) => {
      // The response is new, so there is nothing to empty and nothing was corrected: only values are written.
      if (responseId !== null) plan?.itemCodes.forEach((itemCode, nth) => addAnswer(answers, responseId, itemCode, plan.values[nth]!));
      if (onProgress && (index % 200 === 0 || index === total - 1)) onProgress(index + 1, total);
    });
    answers.flush();
  });
}

/**
 * Runs `work` with the answer table's CHECK constraints (a missing code is one of three, an answer
 * holds a value, a code or a text) not evaluated: a 3 800-form wave's commit (221 000 answers)
 * took 255 ms with them and 210 ms without. They only restate what holds already: checkImport
 * checked every value against its item by keying's own rules, and addAnswer writes a CellValue,
 * which is exactly one of a number, a missing code of the three, or a text. The pragma is the
 * connection's, so it is set back before anything else runs on it, also when the work throws (the
 * caller's transaction then rolls back); setting it makes SQLite recompile every statement, so
 * later ones check again (imports.test.ts).
 */
function withoutCheckConstraints(db: Db, work: () => void): void {
  db.pragma('ignore_check_constraints = ON');
  try {
    work();
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
}
