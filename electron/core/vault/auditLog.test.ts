import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import { auditSentence } from '../../shared/audit/wording';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { appendAudit, listAudit, verifyAuditChain } from './audit';
import { englishWords } from './auditExport';
import { actAs, forgetActingKeeper } from './keepers';
import { makeFixture, tempFolder, type Fixture } from './testSupport';

/**
 * Issue 25, point 5: the audit log names the acting ID-keeper (never "App"), reads in words from
 * the entry's kind and details, filters by kind and date, and is saved as a CSV without any
 * participant's name. Through the API as the renderer calls it, on real encrypted files.
 */

const STUDY_PASSPHRASE = 'audit-log-study-passphrase';
const VAULT_PASSPHRASE = 'audit-log-vault-passphrase';
type Entry = { seq: number; action: string; keeper: string | null; detail: Record<string, unknown> };
type Listed = { entries: Entry[]; total: number; matching: number; kinds: string[]; integrity: { ok: boolean } };

let folder: string;
let core: CoreApp;
let savePath: string | null;

async function call(name: MethodName, input: unknown = {}) {
  return dispatch(core.handlers, name, input);
}
async function ok<T = unknown>(name: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

beforeEach(async () => {
  folder = tempFolder('mixwise-audit-log-');
  savePath = null;
  core = testCore(folder, { dialogs: { chooseSavePath: async () => savePath } });
  await ok('study.create', { path: join(folder, 'pilot.mixwise'), name: 'Pilot', passphrase: STUDY_PASSPHRASE });
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
});

describe('the acting ID-keeper', () => {
  it('is named in every entry from creating the vault on, also after unlocking again and after a change of passphrase', async () => {
    await ok('vault.create', { passphrase: VAULT_PASSPHRASE, keeper: '  Keeper   Alpha ' });
    expect(await ok('vault.status')).toMatchObject({ status: 'open', acting: 'Keeper Alpha' });
    await ok('vault.lock');
    // The name is checked before the passphrase is tried, at its own field; the vault stays locked.
    const blank = await call('vault.unlock', { passphrase: VAULT_PASSPHRASE, keeper: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'keeper', key: 'keeperNameMissing' } });
    expect(await ok('vault.status')).toMatchObject({ status: 'locked' });
    // Typed in another case, it is the same keeper, under the name the list has.
    await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE, keeper: 'keeper alpha' });
    await ok('vault.changePassphrase', { current: VAULT_PASSPHRASE, next: 'audit-log-new-vault-passphrase' });
    const { entries } = await ok<Listed>('vault.audit.list', { limit: 1000 });
    expect(entries.map((entry) => [entry.action, entry.keeper])).toEqual([
      ['passphrase_changed', 'Keeper Alpha'],
      ['backup_made', 'Keeper Alpha'],
      ['unlocked', 'Keeper Alpha'],
      ['created', 'Keeper Alpha'],
    ]);
    expect(await ok('vault.keepers.list')).toMatchObject({ keepers: [{ name: 'Keeper Alpha' }], acting: 'Keeper Alpha' });
  });

  it('is taken over by another keeper chosen from the list, noted in the log; locking forgets who was acting', async () => {
    await ok('vault.create', { passphrase: VAULT_PASSPHRASE, keeper: 'Keeper Alpha' });
    await ok('vault.keepers.act', { name: 'Keeper Beta' });
    await ok('vault.settings.set', { idleLockSeconds: 600 });
    // Choosing the one already acting writes nothing.
    await ok('vault.keepers.act', { name: 'keeper beta' });
    const { entries } = await ok<Listed>('vault.audit.list');
    expect(entries.map((entry) => [entry.action, entry.keeper])).toEqual([
      ['settings_changed', 'Keeper Beta'],
      ['keeper_changed', 'Keeper Beta'],
      ['created', 'Keeper Alpha'],
    ]);
    const listed = await ok<{ keepers: { name: string }[] }>('vault.keepers.list');
    expect(listed.keepers.map((keeper) => keeper.name)).toEqual(['Keeper Beta', 'Keeper Alpha']);
    await ok('vault.lock');
    await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE, keeper: 'Keeper Alpha' });
    expect(await ok('vault.status')).toMatchObject({ acting: 'Keeper Alpha' });
  });

  it('names them in the erasure carried into a backup as well', async () => {
    await ok('demo.open');
    await ok('vault.create', { passphrase: VAULT_PASSPHRASE, keeper: 'Keeper Alpha' });
    const consent = { consentDate: '2026-01-05', consentBy: 'participant', consentFormVersion: 'v1' };
    const person = { name: 'Erased Example', identityGroup: 'Newcomers', site: 'north', ...consent };
    const { id } = await ok<{ id: string }>('vault.enrol', person);
    const backup = await ok<{ file: string }>('vault.backup.create');
    await ok('vault.eraseIdentity', { id, confirmId: id });
    // The backup's own log now holds the erasure; restoring it brings that log back to be read.
    await ok('vault.backup.restore', { file: backup.file, confirm: true });
    const { entries } = await ok<Listed>('vault.audit.list', { limit: 1000, actions: ['identity_erased'] });
    // The live vault's entry, carried forward by the restore, and the backup's own.
    expect(entries.map((entry) => [entry.detail.in_backup ?? false, entry.keeper])).toEqual([
      [false, 'Keeper Alpha'],
      [true, 'Keeper Alpha'],
    ]);
  });
});

describe('reading the log', () => {
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = await makeFixture();
  });
  afterEach(() => fixture.cleanup());

  it('filters by kind and by date, and the chain still verifies with keepers in it', () => {
    actAs(fixture.vault.db, 'Keeper Alpha');
    appendAudit(fixture.vault.db, 'printed', { what: 'confidential_list', count: 3, client: 'app' }, new Date('2026-03-01T10:00:00Z'));
    appendAudit(fixture.vault.db, 'unlocked', { via: 'passphrase', client: 'app' }, new Date('2026-03-02T10:00:00Z'));
    appendAudit(fixture.vault.db, 'printed', { what: 'id_slips', count: 2, client: 'app' }, new Date('2026-03-03T10:00:00Z'));
    forgetActingKeeper(fixture.vault.path);
    const db = fixture.vault.db;
    expect(listAudit(db, { actions: ['printed'] }).entries.map((entry) => entry.detail.what)).toEqual(['id_slips', 'confidential_list']);
    const march2 = listAudit(db, { since: '2026-03-02T00:00:00+00:00', until: '2026-03-03T00:00:00Z' });
    expect(march2.entries.map((entry) => entry.action)).toEqual(['unlocked']);
    expect(march2.matching).toBe(1);
    expect(listAudit(db, { actions: ['printed'], since: '2026-03-02T00:00:00Z' }).matching).toBe(1);
    expect(verifyAuditChain(db, fixture.vault.auditKey).ok).toBe(true);
  });

  it('says what happened in words, from the kind and its details, for old kinds and unknown ones alike', () => {
    const words = englishWords(new Map([[2, 'Right after the programme']]));
    const say = (action: string, detail: Record<string, unknown>) => auditSentence({ action, detail }, words);
    expect(say('printed', { what: 'follow_up_list', wave_position: 2, count: 27, client: 'app' })).toBe(
      'Follow-up list printed: 27 people, Right after the programme',
    );
    expect(say('printed', { what: 'follow_up_list', wave_position: 9, count: 1 })).toBe('Follow-up list printed: 1 person, wave 9');
    expect(say('names_viewed', { where: 'detail', count: 1, id: '40000008' })).toBe('Name and contacts of ID 4000 0008 shown');
    expect(say('withdrawn', { id: '40000008', reason: 'moved' })).toBe('ID 4000 0008 withdrawn: moved away');
    expect(say('enrolled', { count: 7, ids: ['40000008', '14343143', '22222222', '33333333', '44444444', '55555555', '66666666'] })).toBe(
      'Enrolled: 7 people, IDs 4000 0008, 1434 3143, 2222 2222, 3333 3333, 4444 4444 and 2 more',
    );
    expect(say('backup_made', { automatic: true, pre_restore: false })).toBe('Daily backup made');
    expect(say('call_logged', { id: '40000008', wave_position: 2, channel: 'sms', outcome: 'no_answer', next_attempt_set: true })).toBe(
      'Attempt to reach ID 4000 0008 (Right after the programme) by SMS: no answer',
    );
    expect(say('settings_changed', { idle_lock_seconds: 600, backup_keep: 7 })).toBe(
      'Settings changed: minutes unused before the vault locks: 10; backups kept: 7',
    );
    // A kind added later without its wording still reads: its label, then its details.
    expect(say('something_new', { count: 2, place: 'list' })).toBe('something new: how many: 2 · place: list');
  });
});

describe('saving the log', () => {
  it('writes the filtered log as CSV in words with the keeper, no participant name, never over a file, and notes it', async () => {
    await ok('demo.open');
    await ok('vault.create', { passphrase: VAULT_PASSPHRASE, keeper: 'Keeper Alpha' });
    const canary = 'Canaryname Auditexport';
    const consent = { consentDate: '2026-01-05', consentBy: 'participant', consentFormVersion: 'v1' };
    await ok('vault.enrol', { name: canary, identityGroup: 'Newcomers', site: 'north', ...consent });
    await ok('vault.people.list', {});
    await ok('vault.followUp.print', { wave: 'post' });
    savePath = join(folder, 'taken.csv');
    writeFileSync(savePath, 'already here');
    expect(await call('vault.audit.export', {})).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    expect(readFileSync(savePath, 'utf8')).toBe('already here');

    savePath = join(folder, 'audit.csv');
    expect(await ok('vault.audit.export', { actions: ['created', 'unlocked'] })).toEqual({ path: savePath, count: 1 });
    const lines = readFileSync(savePath, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Entry,Date and time (this computer),Date and time (UTC),Kind,What happened,ID-keeper,Through');
    const localThenUtc = /^1,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{4}-\d{2}-\d{2}T[\d:.]+Z,/;
    expect(lines[1]).toMatch(new RegExp(`${localThenUtc.source}Vault created,Vault created,Keeper Alpha,App$`));
    expect(lines).toHaveLength(2);
    savePath = join(folder, 'everything.csv');
    await ok('vault.audit.export', {});
    const everything = readFileSync(savePath, 'utf8');
    expect(everything).toMatch(/,"Follow-up list printed: \d+ people, Right after the programme",Keeper Alpha,App\r\n/);
    expect(everything).toContain(',Names shown in the people list: 1 person,Keeper Alpha,');
    expect(everything).not.toMatch(/Canaryname|Auditexport/);
    const { entries } = await ok<Listed>('vault.audit.list');
    expect(entries[0]).toMatchObject({ action: 'exported', keeper: 'Keeper Alpha', detail: { what: 'audit_log', count: 6 } });

    savePath = null;
    expect(await ok('vault.audit.export', {})).toMatchObject({ path: null });
    expect(existsSync(join(folder, 'audit-log.csv'))).toBe(false);
  });
});
