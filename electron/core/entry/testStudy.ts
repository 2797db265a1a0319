import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { bankItem } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { addParticipant } from '../roster/participants';
import { createStudyFile } from '../study/file';
import { createBatch, type BatchSummary } from './batches';

/**
 * Test support for the entry domain (not a test itself): a real encrypted study in a temp folder,
 * holding the demo design plus a background version whose items carry the toolkit's skip logic.
 */
export interface EntryTestStudy {
  db: Db;
  path: string;
  passphrase: string;
  folder: string;
  /** Newcomers enrolled after the demo's waves: no questionnaire at any wave yet. */
  fresh: string[];
  /** A long-time resident with no questionnaire yet (the other group's version). */
  freshResident: string;
  close(): void;
}

export const BACKGROUND_VERSION = 'background_en';
/** nat1 (0/1, 1 = host country) opens nat2–nat4 on 0; nat6 opens nat7 on 0; dem1 is an age. */
export const BACKGROUND_ITEMS = ['dem1', 'nat1', 'nat2', 'nat3', 'nat4', 'nat6', 'nat7', 'att1'] as const;
export const LEGACY_ID = '4321';

export function createEntryTestStudy(participants = 40, passphrase = `entry-test-${randomBytes(8).toString('hex')}`): EntryTestStudy {
  const folder = mkdtempSync(join(tmpdir(), 'mixwise-entry-'));
  const path = join(folder, 'entry.mixwise');
  const db = createStudyFile(path, passphrase, { name: 'Entry test' });
  generateDemoStudy(db, { participants, seed: 7 });
  createVersion(db, {
    code: BACKGROUND_VERSION,
    label: 'Background (English)',
    identityGroupCode: 'newcomer',
    language: 'en',
    placeholders: { group: 'long-time residents', thisCountry: 'this country' },
    items: BACKGROUND_ITEMS.map((code) => bankItem(code)),
  });
  addParticipant(db, { id: LEGACY_ID, identityGroupCode: 'newcomer', legacy: true, siteCode: 'north' });
  const fresh = Array.from({ length: 12 }, () => addParticipant(db, { identityGroupCode: 'newcomer', siteCode: 'north' }));
  const freshResident = addParticipant(db, { identityGroupCode: 'resident', siteCode: 'south' });
  return {
    db,
    path,
    passphrase,
    folder,
    fresh,
    freshResident,
    close() {
      if (db.open) db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Roster IDs of a group with no questionnaire yet at a wave: forms the test may key. */
export function unkeyedIds(db: Db, groupCode: string, waveCode: string, count: number): string[] {
  const ids = db
    .prepare(
      `SELECT p.id FROM participant p JOIN identity_group g ON g.id = p.identity_group_id
        WHERE g.code = ? AND p.legacy_id = 0 AND p.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = p.id AND w.code = ?)
        ORDER BY p.id LIMIT ?`,
    )
    .pluck()
    .all(groupCode, waveCode, count) as string[];
  if (ids.length < count) throw new Error(`Only ${ids.length} unkeyed ${groupCode} IDs at ${waveCode}`);
  return ids;
}

export function newBatch(db: Db, overrides: Partial<Parameters<typeof createBatch>[1]> = {}): BatchSummary {
  return createBatch(db, {
    waveCode: 'pre',
    versionCode: 'newcomer_en',
    siteCode: null,
    label: 'Box 1',
    clerk: 'Ana',
    keyedOn: '2026-10-20',
    ...overrides,
  });
}
