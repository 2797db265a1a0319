import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { createVersion } from '../instruments/versions';
import { coreItems } from '../instruments/itemBank';
import { addParticipant } from '../roster/participants';
import { saveResponse } from '../responses/save';
import {
  createCoded,
  createGroup,
  createWave,
  removeCoded,
  removeGroup,
  removeWave,
  renameCoded,
  reorderWaves,
  setMatchTarget,
  updateGroup,
  updateWave,
} from './edit';
import { tempStudy } from './testStudy';
import { readSetup } from './view';

let study: ReturnType<typeof tempStudy>;
let db: Db;
beforeEach(() => {
  study = tempStudy();
  db = study.db;
});
afterEach(() => study.cleanup());

/** The error a call throws, for asserting its code, field and key. */
function errorOf(work: () => void): MixwiseError {
  try {
    work();
  } catch (error) {
    if (error instanceof MixwiseError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function withAnswers(): void {
  createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks' });
  createGroup(db, { code: 'syrian', name: 'Syrian', labelForOthers: 'Syrians' });
  createVersion(db, {
    code: 'tr_en',
    label: 'Turkish (English)',
    identityGroupCode: 'turkish',
    language: 'en',
    placeholders: { group: 'Syrians' },
    items: coreItems().slice(0, 2),
  });
  const id = addParticipant(db, { identityGroupCode: 'turkish', armCode: 'programme' });
  saveResponse(db, { participantId: id, waveCode: 'pre', versionCode: 'tr_en', answers: { att1: 4 } });
}

describe('study setup', () => {
  it('starts with the toolkit defaults: programme and comparison arms, three waves, 80 / 85 %', () => {
    const view = readSetup(db);
    expect(view.arms.map((arm) => arm.code)).toEqual(['programme', 'comparison']);
    expect(view.waves.map((wave) => wave.code)).toEqual(['pre', 'post', 'fu']);
    expect([view.matchTarget, view.matchStretch]).toEqual([80, 85]);
  });

  it('adds groups with the label other groups use, a waiting list, sites, cohorts and a dated wave', () => {
    createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks', audience: 'host' });
    createCoded(db, 'arm', 'waiting', 'Waiting list');
    createCoded(db, 'site', 'gaziantep', 'Gaziantep');
    createCoded(db, 'cohort', 'c2026', 'Spring 2026');
    createWave(db, { code: 'fu12', label: 'Twelve months later', windowStart: '2027-03-01', windowEnd: '2027-03-31' });
    setMatchTarget(db, 75, 90);
    const view = readSetup(db);
    expect(view.groups).toEqual([{ code: 'turkish', name: 'Turkish', labelForOthers: 'Turks', audience: 'host', participants: 0, versions: 0 }]);
    expect(view.arms.map((arm) => arm.name)).toEqual(['Programme', 'Comparison', 'Waiting list']);
    expect(view.waves.at(-1)).toEqual({ code: 'fu12', label: 'Twelve months later', windowStart: '2027-03-01', windowEnd: '2027-03-31', responses: 0 });
    expect([view.matchTarget, view.matchStretch]).toEqual([75, 90]);
  });

  it('refuses bad input at its field and saves nothing', () => {
    const before = JSON.stringify(readSetup(db));
    expect(errorOf(() => createGroup(db, { code: 'turkish', name: '  ', labelForOthers: 'Turks' })).details).toMatchObject({ field: 'name' });
    expect(errorOf(() => createGroup(db, { code: 'Turkish!', name: 'Turkish', labelForOthers: 'Turks' })).details).toMatchObject({
      field: 'code',
      key: 'setup.badCode',
    });
    const duplicate = errorOf(() => createWave(db, { code: 'pre', label: 'Again' }));
    expect([duplicate.code, duplicate.details.field, duplicate.details.key]).toEqual(['ALREADY_EXISTS', 'code', 'setup.codeTaken']);
    const backwards = errorOf(() => createWave(db, { code: 'fu6', label: 'Six months', windowStart: '2026-06-30', windowEnd: '2026-06-01' }));
    expect(backwards.message).toBe('The window cannot end before it starts.');
    expect(backwards.details.field).toBe('windowEnd');
    expect(errorOf(() => updateWave(db, { code: 'pre', label: 'Pre', windowStart: '2026-13-45' })).details.field).toBe('windowStart');
    expect(errorOf(() => setMatchTarget(db, 90, 85)).details.field).toBe('matchStretch');
    expect(errorOf(() => setMatchTarget(db, 0, 85)).details.field).toBe('matchTarget');
    expect(JSON.stringify(readSetup(db))).toBe(before);
  });

  it('cannot delete a wave that has responses, nor a group, arm or site holding participants', () => {
    withAnswers();
    const wave = errorOf(() => removeWave(db, 'pre'));
    expect([wave.code, wave.details.key]).toEqual(['FORBIDDEN', 'setup.waveHasResponses']);
    expect(wave.message).toBe('This wave cannot be removed: 1 questionnaires have been entered for it.');
    expect(errorOf(() => removeGroup(db, 'turkish')).details.key).toBe('setup.groupHasParticipants');
    expect(errorOf(() => removeCoded(db, 'arm', 'programme')).details.key).toBe('setup.codedHasParticipants');
    // A group with versions but nobody enrolled still holds on to its versions.
    createVersion(db, { code: 'sy_en', label: 'Syrian', identityGroupCode: 'syrian', language: 'en', placeholders: { group: 'Turks' }, items: coreItems().slice(0, 1) });
    expect(errorOf(() => removeGroup(db, 'syrian')).details.key).toBe('setup.groupHasVersions');
    // What nothing holds on to goes.
    removeWave(db, 'fu');
    removeCoded(db, 'arm', 'comparison');
    expect(errorOf(() => removeCoded(db, 'arm', 'programme')).details.key).toBe('setup.codedHasParticipants');
    expect(readSetup(db).waves.map((row) => row.code)).toEqual(['pre', 'post']);
  });

  it('keeps at least one arm', () => {
    removeCoded(db, 'arm', 'comparison');
    expect(errorOf(() => removeCoded(db, 'arm', 'programme')).details.key).toBe('setup.lastArm');
  });

  it('allows renaming and re-dating once data exist, because nothing is orphaned', () => {
    withAnswers();
    updateGroup(db, { code: 'turkish', name: 'Host society', labelForOthers: 'Turkish people' });
    renameCoded(db, 'arm', 'programme', 'Football league');
    updateWave(db, { code: 'pre', label: 'Baseline', windowStart: '2026-01-05', windowEnd: '2026-01-31' });
    const view = readSetup(db);
    expect(view.groups[0]).toMatchObject({ name: 'Host society', labelForOthers: 'Turkish people', participants: 1, versions: 1 });
    expect(view.arms[0]).toMatchObject({ name: 'Football league', participants: 1 });
    expect(view.waves[0]).toMatchObject({ label: 'Baseline', responses: 1 });
  });

  it('reorders waves, but keeps the first wave once answers exist', () => {
    reorderWaves(db, ['pre', 'fu', 'post']);
    expect(readSetup(db).waves.map((wave) => wave.code)).toEqual(['pre', 'fu', 'post']);
    expect(errorOf(() => reorderWaves(db, ['pre', 'post'])).details.key).toBe('setup.waveOrderIncomplete');
    withAnswers();
    expect(errorOf(() => reorderWaves(db, ['post', 'pre', 'fu'])).details.key).toBe('setup.firstWaveFixed');
    reorderWaves(db, ['pre', 'post', 'fu']);
  });
});
