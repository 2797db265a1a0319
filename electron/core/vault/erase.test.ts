import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { saveResponse } from '../responses/save';
import { listAudit } from './audit';
import { eraseEverything, eraseIdentity, withdraw } from './erase';
import { getPerson } from './people';
import { containsText, decryptedView, enrol, makeFixture, passphrasePageKey, person, type Fixture } from './testSupport';

let fixture: Fixture;
let canary: string;
beforeEach(async () => {
  fixture = await makeFixture();
  canary = `Canary${randomBytes(6).toString('hex')}`;
});
afterEach(() => fixture.cleanup());

/** A one-item text questionnaire, so an answer can carry a canary of its own. */
function addTextVersion(study: Db): void {
  study.exec(`
    INSERT INTO item (code, concept, kind, source) VALUES ('note', 'own', 'text', '');
    INSERT INTO questionnaire_version (code, label, identity_group_id, language, created_at)
      VALUES ('migrant_en', 'Migrants (English)', (SELECT id FROM identity_group WHERE code = 'migrant'), 'en', '2026-01-01');
    INSERT INTO version_item (version_id, position, item_code, wording) VALUES ((SELECT id FROM questionnaire_version), 1, 'note', 'Anything else?');
  `);
}

function vaultBytesHold(text: string): boolean {
  const { vaultPath, vault } = fixture;
  // What the pages decrypt to, main file and WAL, free space included; and the raw shm.
  const shm = existsSync(`${vaultPath}-shm`) ? readFileSync(`${vaultPath}-shm`) : Buffer.alloc(0);
  return containsText(decryptedView(vaultPath, vault.dataKey), text) || containsText(shm, text) || containsText(readFileSync(vaultPath), text);
}

describe('withdrawal and erasure', () => {
  it('withdraws: no more follow-ups, answers and identity kept, audited', () => {
    const { study, vault } = fixture;
    const [id] = enrol(study, vault.db, [person('Withdrawn Person')]);
    withdraw(study, vault.db, id!, 'moved', 'cli');
    expect(getPerson(vault.db, study, id!)).toMatchObject({ status: 'withdrawn', withdrawalReason: 'moved', rosterStatus: 'withdrawn', name: 'Withdrawn Person' });
    expect(listAudit(vault.db).entries[0]).toMatchObject({ action: 'withdrawn', detail: { id, reason: 'moved' } });
  });

  it('erases an identity so that the name and contacts are gone from the vault\'s bytes, answers kept', () => {
    const { study, vault, vaultPath } = fixture;
    addTextVersion(study);
    const [id, other] = enrol(study, vault.db, [
      person(`${canary} Name`, { phone: `+41 79 ${canary.length} 00`, email: `${canary}@example.org`, notes: `met at ${canary}-cafe`, address: `${canary} street 4` }),
      person('Kept Person', { email: 'kept@example.org' }),
    ]);
    saveResponse(study, { participantId: id!, waveCode: 'pre', versionCode: 'migrant_en', answers: { note: { text: 'kept answer' } } });
    // Edit the name a few times: old versions of the row lie around in free space and the WAL.
    for (let n = 0; n < 5; n++) vault.db.prepare('UPDATE person SET notes = ? WHERE participant_id = ?').run(`${canary} note ${n}`, id);
    expect(vaultBytesHold(canary)).toBe(true);
    expect(vaultBytesHold('Kept Person')).toBe(true);

    eraseIdentity(study, vault.db, id!, 'cli');

    expect(vaultBytesHold(canary)).toBe(false);
    expect(vaultBytesHold('Kept Person')).toBe(true);
    expect(existsSync(`${vaultPath}-wal`) ? statSync(`${vaultPath}-wal`).size : 0).toBe(0);
    expect(getPerson(vault.db, study, id!)).toMatchObject({ name: null, email: null, phone: null, notes: '', status: 'identity_erased', rosterStatus: 'withdrawn' });
    expect(getPerson(vault.db, study, other!).name).toBe('Kept Person');
    expect(study.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(id)).toBe(1);
    expect(listAudit(vault.db).entries[0]).toMatchObject({ action: 'identity_erased', detail: { id } });
  });

  it('erases everything: identity and answers gone from both files\' bytes, the ID kept as issued', () => {
    const { study, vault, studyPath, studyPassphrase } = fixture;
    addTextVersion(study);
    const [id] = enrol(study, vault.db, [person(`${canary} Person`, { email: `${canary}@example.org` })]);
    const answerCanary = `Answer${randomBytes(6).toString('hex')}`;
    saveResponse(study, { participantId: id!, waveCode: 'pre', versionCode: 'migrant_en', answers: { note: { text: answerCanary } } });
    study.pragma('wal_checkpoint(TRUNCATE)');
    const studyKey = passphrasePageKey(studyPassphrase, readFileSync(studyPath));
    expect(containsText(decryptedView(studyPath, studyKey), answerCanary)).toBe(true);

    eraseEverything(study, vault.db, id!, 'cli');

    expect(vaultBytesHold(canary)).toBe(false);
    expect(containsText(decryptedView(studyPath, studyKey), answerCanary)).toBe(false);
    expect(study.prepare('SELECT status, arm_id, site_id, cohort_id FROM participant WHERE id = ?').get(id)).toEqual({
      status: 'erased',
      arm_id: null,
      site_id: null,
      cohort_id: null,
    });
    expect(study.prepare('SELECT count(*) FROM response').pluck().get()).toBe(0);
    expect(vault.db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(0);
    expect(vault.db.prepare('SELECT id FROM issued_id').pluck().all()).toEqual([id]);
    expect(listAudit(vault.db).entries[0]).toMatchObject({ action: 'erased', detail: { id } });
  });
});
