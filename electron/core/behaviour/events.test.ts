import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { createStudyFile } from '../study/file';
import { addEvent, behaviourSummary, participationFor, recordParticipation } from './events';

let folder: string;
let db: Db;
let ids: { programme: string[]; comparison: string[] };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-events-'));
  db = createStudyFile(join(folder, 's.mixwise'), 'events-passphrase', { name: 'Events' });
  generateDemoStudy(db, { participants: 40, seed: 2 });
  const byArm = (arm: string) =>
    db.prepare('SELECT p.id FROM participant p JOIN arm a ON a.id = p.arm_id WHERE a.code = ? ORDER BY p.id').pluck().all(arm) as string[];
  ids = { programme: byArm('programme'), comparison: byArm('comparison') };
});
afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('behavioural measures: sign-ups and attendance at later mixing events', () => {
  it('records per ID and summarises per arm and event, in date order', () => {
    addEvent(db, { code: 'picnic', name: 'Picnic', heldOn: '2026-06-01' });
    addEvent(db, { code: 'match', name: 'Football match', heldOn: '2026-05-01' });
    recordParticipation(db, 'picnic', [
      ...ids.programme.slice(0, 6).map((participantId, index) => ({ participantId, signedUp: true, attended: index < 4 })),
      { participantId: ids.comparison[0]!, signedUp: true, attended: false },
      { participantId: ids.comparison[1]!, signedUp: false, attended: true },
    ]);
    const summary = behaviourSummary(db);
    expect(summary.map((event) => event.event)).toEqual(['match', 'picnic']);
    expect(summary[1]!.perArm).toEqual([
      { arm: 'programme', enrolled: 20, signedUp: 6, attended: 4, attendedOfSignedUp: 4 },
      { arm: 'comparison', enrolled: 20, signedUp: 1, attended: 1, attendedOfSignedUp: 0 },
    ]);
    expect(summary[0]!.perArm.every((arm) => arm.signedUp === 0 && arm.attended === 0)).toBe(true);

    // Correcting an entry replaces it; clearing both removes the person from the list.
    recordParticipation(db, 'picnic', [
      { participantId: ids.programme[0]!, signedUp: true, attended: false },
      { participantId: ids.programme[1]!, signedUp: false, attended: false },
    ]);
    const picnic = participationFor(db, 'picnic');
    expect(picnic).toHaveLength(7);
    expect(picnic.find((entry) => entry.participantId === ids.programme[0])).toEqual({ participantId: ids.programme[0], signedUp: true, attended: false });
  });

  it('saves nothing when an ID is not on the roster or is listed twice', () => {
    addEvent(db, { code: 'picnic', name: 'Picnic', heldOn: '2026-06-01' });
    expect(() =>
      recordParticipation(db, 'picnic', [
        { participantId: ids.programme[0]!, signedUp: true, attended: true },
        { participantId: '12345678', signedUp: true, attended: true },
      ]),
    ).toThrow(/Not on the roster: 12345678\. Nothing was saved\./);
    expect(() =>
      recordParticipation(db, 'picnic', [
        { participantId: ids.programme[0]!, signedUp: true, attended: true },
        { participantId: ids.programme[0]!, signedUp: true, attended: false },
      ]),
    ).toThrow(/listed twice/);
    expect(participationFor(db, 'picnic')).toEqual([]);
  });

  it('refuses bad events with the field named', () => {
    expect(() => addEvent(db, { code: 'x', name: ' ', heldOn: '2026-06-01' })).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'name' }) }));
    expect(() => addEvent(db, { code: 'x', name: 'X', heldOn: '1 June' })).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'heldOn' }) }));
    addEvent(db, { code: 'x', name: 'X', heldOn: '2026-06-01' });
    expect(() => addEvent(db, { code: 'x', name: 'Y', heldOn: '2026-06-02' })).toThrow(/already used/);
    expect(() => recordParticipation(db, 'nope', [])).toThrow(/no event/);
  });
});
