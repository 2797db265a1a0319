import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { assertCode } from '../study/design';

export interface MixingEvent {
  code: string;
  name: string;
  heldOn: string;
}

export interface Participation {
  participantId: string;
  signedUp: boolean;
  attended: boolean;
}

export function listEvents(db: Db): MixingEvent[] {
  return db.prepare('SELECT code, name, held_on AS heldOn FROM mixing_event ORDER BY held_on, id').all() as MixingEvent[];
}

export function addEvent(db: Db, event: MixingEvent, now = new Date()): void {
  assertCode(event.code);
  if (!event.name.trim()) throw new MixwiseError('INVALID_INPUT', 'Give the event a name.', { field: 'name' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(event.heldOn) || Number.isNaN(Date.parse(`${event.heldOn}T00:00:00Z`))) {
    throw new MixwiseError('INVALID_INPUT', 'Give the date as YYYY-MM-DD.', { field: 'heldOn' });
  }
  if (db.prepare('SELECT 1 FROM mixing_event WHERE code = ?').get(event.code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${event.code}" is already used.`, { field: 'code', params: { code: event.code } });
  }
  db.prepare('INSERT INTO mixing_event (code, name, held_on, created_at) VALUES (?, ?, ?, ?)').run(event.code, event.name.trim(), event.heldOn, now.toISOString());
}

function eventId(db: Db, code: string): number {
  const id = db.prepare('SELECT id FROM mixing_event WHERE code = ?').pluck().get(code) as number | undefined;
  if (id === undefined) throw new MixwiseError('NOT_FOUND', `There is no event with the code "${code}".`, { field: 'event', params: { code } });
  return id;
}

export function participationFor(db: Db, eventCode: string): Participation[] {
  return (
    db
      .prepare('SELECT participant_id AS participantId, signed_up AS signedUp, attended FROM event_participation WHERE event_id = ? ORDER BY participant_id')
      .all(eventId(db, eventCode)) as { participantId: string; signedUp: number; attended: number }[]
  ).map((row) => ({ participantId: row.participantId, signedUp: row.signedUp === 1, attended: row.attended === 1 }));
}

/**
 * Records sign-ups and attendance for one event, all or nothing: every ID must be on the roster
 * and not erased, or nothing is written and each unknown ID is named. A participant with neither
 * a sign-up nor attendance is removed from the event's list.
 */
export function recordParticipation(db: Db, eventCode: string, entries: Participation[], now = new Date()): void {
  const id = eventId(db, eventCode);
  const onRoster = db.prepare("SELECT 1 FROM participant WHERE id = ? AND status <> 'erased'");
  const unknown = entries.filter((entry) => !onRoster.get(entry.participantId)).map((entry) => entry.participantId);
  if (unknown.length > 0) {
    throw new MixwiseError('NOT_FOUND', `Not on the roster: ${unknown.join(', ')}. Nothing was saved.`, { field: 'participants', params: { ids: unknown.join(', ') } });
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.participantId)) throw new MixwiseError('INVALID_INPUT', `${entry.participantId} is listed twice. Nothing was saved.`, { field: 'participants' });
    seen.add(entry.participantId);
  }
  const upsert = db.prepare(
    `INSERT INTO event_participation (event_id, participant_id, signed_up, attended, recorded_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, participant_id) DO UPDATE SET signed_up = excluded.signed_up, attended = excluded.attended, recorded_at = excluded.recorded_at`,
  );
  const remove = db.prepare('DELETE FROM event_participation WHERE event_id = ? AND participant_id = ?');
  db.transaction(() => {
    for (const entry of entries) {
      if (entry.signedUp || entry.attended) upsert.run(id, entry.participantId, entry.signedUp ? 1 : 0, entry.attended ? 1 : 0, now.toISOString());
      else remove.run(id, entry.participantId);
    }
  })();
}

export interface EventArmSummary {
  event: string;
  name: string;
  heldOn: string;
  perArm: { arm: string | null; enrolled: number; signedUp: number; attended: number; attendedOfSignedUp: number }[];
}

/** Per event and arm: how many of the arm's participants signed up and came, for the chart over time. */
export function behaviourSummary(db: Db): EventArmSummary[] {
  const arms = db
    .prepare(
      `SELECT a.code AS arm, count(p.id) AS enrolled FROM participant p LEFT JOIN arm a ON a.id = p.arm_id
        WHERE p.status <> 'erased' GROUP BY a.code ORDER BY min(coalesce(a.position, 1e9))`,
    )
    .all() as { arm: string | null; enrolled: number }[];
  const counts = db.prepare(
    `SELECT a.code AS arm, sum(ep.signed_up) AS signedUp, sum(ep.attended) AS attended, sum(ep.signed_up * ep.attended) AS both
       FROM event_participation ep JOIN participant p ON p.id = ep.participant_id LEFT JOIN arm a ON a.id = p.arm_id
      WHERE ep.event_id = (SELECT id FROM mixing_event WHERE code = ?) AND p.status <> 'erased' GROUP BY a.code`,
  );
  return listEvents(db).map((event) => {
    const rows = new Map((counts.all(event.code) as { arm: string | null; signedUp: number; attended: number; both: number }[]).map((row) => [row.arm, row]));
    return {
      event: event.code,
      name: event.name,
      heldOn: event.heldOn,
      perArm: arms.map(({ arm, enrolled }) => ({
        arm,
        enrolled,
        signedUp: rows.get(arm)?.signedUp ?? 0,
        attended: rows.get(arm)?.attended ?? 0,
        attendedOfSignedUp: rows.get(arm)?.both ?? 0,
      })),
    };
  });
}
