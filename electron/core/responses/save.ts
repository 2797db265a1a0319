import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { idByCode } from '../study/design';

export type MissingReason = 'skipped' | 'refused' | 'dont_know';
export type AnswerValue = number | { missing: MissingReason } | { text: string };

export interface ResponseInput {
  participantId: string;
  waveCode: string;
  versionCode: string;
  answers: Record<string, AnswerValue>;
  source?: string;
  createdAt?: string;
}

/**
 * Saves one respondent's questionnaire for one wave in a single transaction. When this returns the
 * transaction has committed with synchronous=FULL, so the answers survive a crash: that is what
 * "acknowledged" means everywhere in Mixwise.
 */
export function saveResponse(db: Db, input: ResponseInput): number {
  const waveId = idByCode(db, 'wave', input.waveCode);
  const versionId = idByCode(db, 'questionnaire_version', input.versionCode);
  if (!db.prepare('SELECT 1 FROM participant WHERE id = ?').get(input.participantId)) {
    throw new MixwiseError('NOT_FOUND', 'This ID is not on the roster.', { field: 'participantId' });
  }
  const allowed = new Map(
    (
      db
        .prepare(
          `SELECT vi.item_code AS code, i.kind, i.min_value AS min, i.max_value AS max
             FROM version_item vi JOIN item i ON i.code = vi.item_code WHERE vi.version_id = ?`,
        )
        .all(versionId) as { code: string; kind: string; min: number | null; max: number | null }[]
    ).map((row) => [row.code, row]),
  );
  return db.transaction(() => {
    const responseId = Number(
      db
        .prepare(
          `INSERT INTO response (participant_id, wave_id, version_id, source, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (participant_id, wave_id) DO UPDATE SET version_id = excluded.version_id
           RETURNING id`,
        )
        .pluck()
        .get(input.participantId, waveId, versionId, input.source ?? 'paper', input.createdAt ?? new Date().toISOString()),
    );
    const upsert = db.prepare(
      `INSERT INTO answer (response_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (response_id, item_code) DO UPDATE SET value = excluded.value, missing = excluded.missing, text_value = excluded.text_value`,
    );
    for (const [code, answer] of Object.entries(input.answers)) {
      const item = allowed.get(code);
      if (!item) throw new MixwiseError('INVALID_INPUT', `Item ${code} is not in this questionnaire version.`, { field: code });
      if (typeof answer === 'number') {
        if (!Number.isInteger(answer) || (item.min !== null && answer < item.min) || (item.max !== null && answer > item.max)) {
          throw new MixwiseError('INVALID_INPUT', `Answer ${answer} to ${code} is outside ${item.min}–${item.max}.`, { field: code });
        }
        upsert.run(responseId, code, answer, null, null);
      } else if ('missing' in answer) {
        upsert.run(responseId, code, null, answer.missing, null);
      } else {
        upsert.run(responseId, code, null, null, answer.text);
      }
    }
    return responseId;
  })();
}
