import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { backupFolder } from './backup';
import { keysPathFor } from './kind';
import { containsText, decryptedView } from './testSupport';

let folder: string;
let core: CoreApp;
let events: { event: string; payload: unknown }[];
let canary: string;

const STUDY_PASSPHRASE = 'handlers-study-passphrase';
const VAULT_PASSPHRASE = 'handlers-vault-passphrase';
/** The one-person form records consent in full (or why not): enrolment refuses without. */
const CONSENT = { consentDate: '2026-01-05', consentBy: 'participant', consentFormVersion: 'v1' };

async function call(name: MethodName, input: unknown = {}) {
  return dispatch(core.handlers, name, input);
}

async function ok<T = unknown>(name: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function openStudy(name = 'pilot'): Promise<string> {
  const path = join(folder, `${name}.mixwise`);
  if (existsSync(path)) await ok('study.open', { path, passphrase: STUDY_PASSPHRASE });
  else await ok('study.create', { path, name: `Study ${name}`, passphrase: STUDY_PASSPHRASE });
  return path;
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-vault-handlers-'));
  events = [];
  canary = `Canary${randomBytes(6).toString('hex')}`;
  core = testCore(folder, { emit: (event, payload) => events.push({ event, payload }) });
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('creating a vault through the API', () => {
  it('puts it beside the study, returns the recovery key and its sheet once, and checks people against the design', async () => {
    expect(await ok('vault.status')).toEqual({ status: 'noStudy' });
    await openStudy();
    expect(await ok('vault.status')).toMatchObject({ status: 'none', fileName: 'pilot.mixvault' });
    const created = await ok<{ recoveryKey: string; recoverySheetHtml: string; state: { status: string; path: string } }>('vault.create', {
      passphrase: VAULT_PASSPHRASE,
    });
    expect(created.state).toMatchObject({ status: 'open', path: join(folder, 'pilot.mixvault') });
    expect(created.recoverySheetHtml).toContain(created.recoveryKey);
    expect(JSON.stringify(await ok('vault.status'))).not.toContain(created.recoveryKey);
    expect(await call('vault.create', { passphrase: VAULT_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    // A study made by study.create has no identity group yet: enrolment says so, at the field.
    const noGroup = await call('vault.enrol', { name: canary, identityGroup: 'migrant' });
    expect(noGroup).toMatchObject({ ok: false, error: { key: 'unknownGroup', field: 'identityGroup' } });
  });
});

describe('a vault with people', () => {
  async function setUp() {
    const studyPath = await openStudy();
    await ok('study.close');
    // The demo's design (groups, sites, arms) through the demo generator's own study file.
    const demo = await ok<{ state: { path: string } }>('demo.open');
    const { recoveryKey } = await ok<{ recoveryKey: string }>('vault.create', { passphrase: VAULT_PASSPHRASE });
    const enrolled = await ok<{ status: string; id: string }>('vault.enrol', {
      name: `${canary} Person`,
      identityGroup: 'Newcomers',
      site: 'north',
      phone: '+41 79 555 00 11',
      birthYear: 1990,
      ...CONSENT,
    });
    expect(enrolled.status).toBe('enrolled');
    return { studyPath, demoPath: demo.state.path, recoveryKey, id: enrolled.id };
  }

  it('locks on request, on OS lock and when idle; then no method returns a name', async () => {
    const { id } = await setUp();
    const list = await ok<{ people: { name: string }[] }>('vault.people.list', {});
    expect(list.people.map((person) => person.name)).toEqual([`${canary} Person`]);

    core.lockAll('os');
    expect(events).toContainEqual({ event: 'lock', payload: { target: 'vault', reason: 'os' } });
    // Every vault method, called with plausible input while locked, gives nothing away.
    const inputs: Partial<Record<MethodName, unknown>> = {
      'vault.people.list': {},
      'vault.person.get': { id },
      'vault.print.list': {},
      'vault.print.slips': { includeNames: true },
      'vault.audit.list': {},
      'vault.import.preview': { fileName: 'a.csv', contentBase64: Buffer.from('name,group\nA,newcomer').toString('base64') },
    };
    for (const name of Object.keys(contract).filter((method) => method.startsWith('vault.')) as MethodName[]) {
      const result = await call(name, inputs[name] ?? {});
      expect(JSON.stringify(result), name).not.toContain(canary);
    }
    expect(await call('vault.people.list', {})).toMatchObject({ ok: false, error: { code: 'NO_STUDY_OPEN' } });

    // Unlock again (the study first), then let the idle timer run out.
    await ok('demo.open');
    expect(await ok('vault.status')).toMatchObject({ status: 'locked' });
    expect(await call('vault.people.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'vaultLocked' } });
    await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE });
    await ok('vault.settings.set', { idleLockSeconds: 1 });
    events.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(events).toEqual([{ event: 'lock', payload: { target: 'vault', reason: 'idle' } }]);
    expect(await ok('vault.status')).toMatchObject({ status: 'locked' });

    // The audit log saw the unlocks and the views, and never a name.
    await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE });
    const audit = await ok<{ entries: { action: string; detail: Record<string, unknown> }[] }>('vault.audit.list', {});
    expect(audit.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['created', 'enrolled', 'names_viewed', 'unlocked', 'settings_changed', 'backup_made']),
    );
    expect(JSON.stringify(audit)).not.toContain(canary);
    expect(audit.entries.find((entry) => entry.action === 'names_viewed')?.detail).toMatchObject({ where: 'list', count: 1 });
  });

  it('locks the vault the moment the study is locked or closed, and says so', async () => {
    await setUp();
    for (const method of ['study.lock', 'study.close'] as const) {
      await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE }).catch(async () => {
        await ok('demo.open');
        await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE });
      });
      events.length = 0;
      await ok(method);
      expect(events, method).toContainEqual({ event: 'lock', payload: { target: 'vault', reason: 'user' } });
      // The study opens again with its passphrase; the vault stays locked until its own passphrase.
      await ok('demo.open');
      expect(await ok('vault.status'), method).toMatchObject({ status: 'locked' });
      expect(await call('vault.people.list', {})).toMatchObject({ ok: false, error: { key: 'vaultLocked' } });
    }
  });

  it('enrols one by one only with the group and site chosen and consent recorded or a reason why not', async () => {
    await setUp();
    const person = { name: 'Second Person', identityGroup: 'newcomer', site: 'north', birthYear: 1985 };
    expect(await call('vault.enrol', { ...person, ...CONSENT, identityGroup: '' })).toMatchObject({
      ok: false,
      error: { key: 'groupMissing', field: 'identityGroup' },
    });
    expect(await call('vault.enrol', { ...person, ...CONSENT, site: null })).toMatchObject({
      ok: false,
      error: { key: 'siteMissing', field: 'site' },
    });
    expect(await call('vault.enrol', person)).toMatchObject({ ok: false, error: { key: 'consentDateMissing', field: 'consentDate' } });
    const listed = await ok<{ total: number }>('vault.people.list', {});
    expect(listed.total).toBe(1);
    const enrolled = await ok<{ status: string; id: string }>('vault.enrol', {
      ...person,
      consentMissingReason: 'Signed form kept by the partner',
    });
    expect(enrolled.status).toBe('enrolled');
    // The reason is part of the person's details, where the ID-keeper looks before completing consent.
    const detail = await ok<{ consentDate: string | null; consentMissingReason: string | null }>('vault.person.get', { id: enrolled.id });
    expect(detail).toMatchObject({ consentDate: null, consentMissingReason: 'Signed form kept by the partner' });
  });

  it('assigns at random only as previewed, and refuses a preview the roster has moved past', async () => {
    await setUp();
    const preview = await ok<{ seed: string; fingerprint: string; count: number }>('vault.assign.preview', { mode: 'random' });
    expect(preview.count).toBeGreaterThan(0);
    expect(await call('vault.assign.random', { seed: preview.seed })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await ok('vault.enrol', { name: 'Third Person', identityGroup: 'newcomer', site: 'north', ...CONSENT });
    expect(await call('vault.assign.random', { seed: preview.seed, preview: preview.fingerprint })).toMatchObject({
      ok: false,
      error: { key: 'previewOutdated' },
    });
    const fresh = await ok<{ seed: string; fingerprint: string; count: number }>('vault.assign.preview', {
      mode: 'random',
      seed: preview.seed,
    });
    expect(fresh.count).toBe(preview.count + 1);
    const done = await ok<{ seed: string; assigned: number }>('vault.assign.random', { seed: fresh.seed, preview: fresh.fingerprint });
    expect(done).toMatchObject({ seed: preview.seed, assigned: fresh.count });
  });

  it('warns about a probable duplicate and enrols only when told to', async () => {
    await setUp();
    const again = await ok<{ status: string; matches: unknown[] }>('vault.enrol', {
      name: `${canary.toLowerCase()} person`,
      identityGroup: 'newcomer',
      site: 'north',
      birthYear: 1990,
      ...CONSENT,
    });
    expect(again).toEqual({ status: 'duplicate', matches: [{ id: expect.any(String), reasons: ['nameAndBirthYear'] }] });
    const forced = await ok<{ status: string }>('vault.enrol', {
      name: `${canary} Person`,
      identityGroup: 'newcomer',
      site: 'north',
      birthYear: 1990,
      ...CONSENT,
      allowDuplicate: true,
    });
    expect(forced.status).toBe('enrolled');
  });

  it('prints the confidential list and slips as HTML marked CONFIDENTIAL, and audits it', async () => {
    const { id } = await setUp();
    const list = await ok<{ html: string; count: number }>('vault.print.list', { labels: { listTitle: 'Liste confidentielle' } });
    expect(list.count).toBe(1);
    expect(list.html).toContain('CONFIDENTIAL');
    expect(list.html).toContain('Liste confidentielle');
    expect(list.html).toContain(`${id.slice(0, 4)} ${id.slice(4)}`);
    expect(list.html).toContain(`${canary} Person`);
    expect(list.html).not.toMatch(/<script/i);
    const slips = await ok<{ html: string }>('vault.print.slips', { includeNames: false });
    expect(slips.html).not.toContain(canary);
    const audit = await ok<{ entries: { action: string; detail: Record<string, unknown> }[] }>('vault.audit.list', {});
    expect(audit.entries.filter((entry) => entry.action === 'printed').map((entry) => entry.detail.what)).toEqual([
      'id_slips',
      'confidential_list',
    ]);
  });

  it('refuses a vault copied beside another study, and recovers with the recovery key', async () => {
    const { studyPath, demoPath, recoveryKey } = await setUp();
    await ok('vault.lock', {});
    await ok('study.close');
    // The demo's vault, copied beside another study under that study's vault name.
    const demoVault = demoPath.replace(/\.mixwise$/, '.mixvault');
    const otherVault = studyPath.replace(/\.mixwise$/, '.mixvault');
    copyFileSync(demoVault, otherVault);
    copyFileSync(keysPathFor(demoVault), keysPathFor(otherVault));
    await openStudy();
    expect(await call('vault.unlock', { passphrase: VAULT_PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', key: 'vaultWrongStudy' },
    });
    await ok('study.close');

    await ok('demo.open');
    expect(await call('vault.recover', { recoveryKey: 'nope', newPassphrase: 'a new vault passphrase' })).toMatchObject({
      ok: false,
      error: { key: 'recoveryKeyWrong' },
    });
    expect(await ok('vault.recover', { recoveryKey, newPassphrase: 'a new vault passphrase' })).toMatchObject({ status: 'open' });
    await ok('vault.lock', {});
    expect(await call('vault.unlock', { passphrase: VAULT_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    await ok('vault.unlock', { passphrase: 'a new vault passphrase' });

    // A lost recovery sheet: a new key replaces the old one, after the passphrase is asked again.
    expect(await call('vault.newRecoveryKey', { passphrase: 'not it at all' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    const renewed = await ok<{ recoveryKey: string; recoverySheetHtml: string }>('vault.newRecoveryKey', {
      passphrase: 'a new vault passphrase',
    });
    expect(renewed.recoveryKey).not.toBe(recoveryKey);
    expect(renewed.recoverySheetHtml).toContain(renewed.recoveryKey);
    await ok('vault.lock', {});
    expect(await call('vault.recover', { recoveryKey, newPassphrase: 'third vault passphrase' })).toMatchObject({
      ok: false,
      error: { key: 'recoveryKeyWrong' },
    });
    await ok('vault.recover', { recoveryKey: renewed.recoveryKey, newPassphrase: 'third vault passphrase' });
  }, 180_000);

  it('erases an identity in the vault and in every backup, after the ID is typed again', async () => {
    const { demoPath, id } = await setUp();
    await ok('vault.backup.create');
    expect(await call('vault.eraseIdentity', { id, confirmId: '12345678' })).toMatchObject({
      ok: false,
      error: { key: 'confirmMismatch' },
    });
    await ok('vault.eraseIdentity', { id, confirmId: id });
    const vaultPath = demoPath.replace(/\.mixwise$/, '.mixvault');
    const backups = await ok<{ backups: { file: string }[] }>('vault.backup.list');
    expect(backups.backups.length).toBeGreaterThanOrEqual(1);
    // The data key is needed to look inside; it comes from the key file with the passphrase.
    const { unlockKeyFile } = await import('./keys');
    const { dataKey } = (await unlockKeyFile(keysPathFor(vaultPath), 'passphrase', VAULT_PASSPHRASE)).candidates[0]!;
    await ok('vault.lock', {});
    for (const path of [vaultPath, ...backups.backups.map((backup) => join(backupFolder(vaultPath), backup.file))]) {
      expect(containsText(decryptedView(path, dataKey), canary), path).toBe(false);
      expect(containsText(readFileSync(path), canary)).toBe(false);
    }
  });
});
