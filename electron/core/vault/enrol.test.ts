import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewPerson } from '../../api/contracts/vault';
import { isValidDammId } from '../ids/damm';
import { appendAudit, listAudit } from './audit';
import { DesignRefs } from './designRefs';
import { enrolPrepared, idTaken, preparePerson } from './enrol';
import { eraseEverything } from './erase';
import { DuplicateFinder, getPerson, listPeople, updatePerson } from './people';
import { enrol, makeFixture, person, type Fixture } from './testSupport';

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
});
afterEach(() => fixture.cleanup());

describe('enrolment', () => {
  it('puts the name in the vault and only the ID and design on the study roster', () => {
    const { study, vault } = fixture;
    const [id] = enrol(study, vault.db, [
      person('Amira Haddad', {
        birthYear: 1994,
        phone: '+41 79 123 45 67',
        email: 'amira@example.org',
        consentDate: '2026-01-05',
        consentBy: 'participant',
        consentFormVersion: 'v3',
      }),
    ]);
    expect(isValidDammId(id!)).toBe(true);
    expect(
      study
        .prepare(
          'SELECT p.id, g.code AS grp, s.code AS site, p.arm_id, p.status, p.legacy_id FROM participant p JOIN identity_group g ON g.id = p.identity_group_id JOIN site s ON s.id = p.site_id',
        )
        .all(),
    ).toEqual([{ id, grp: 'migrant', site: 'north', arm_id: null, status: 'active', legacy_id: 0 }]);
    const stored = getPerson(vault.db, study, id!);
    expect(stored).toMatchObject({
      name: 'Amira Haddad',
      birthYear: 1994,
      email: 'amira@example.org',
      consentBy: 'participant',
      identityGroup: 'migrant',
      rosterStatus: 'active',
      legacy: false,
    });
    expect(vault.db.prepare('SELECT id, legacy FROM issued_id').all()).toEqual([{ id, legacy: 0 }]);
    const [entry] = listAudit(vault.db).entries;
    expect(entry).toMatchObject({ action: 'enrolled', detail: { count: 1, ids: [id], client: 'cli' } });
  });

  it('accepts groups, sites and cohorts by code or by name in any case, and collects every problem of a person', () => {
    const refs = new DesignRefs(fixture.study);
    const taken = idTaken(fixture.study, fixture.vault.db);
    expect(
      preparePerson(person('A', { identityGroup: 'HOST SOCIETY', site: 'south district', cohort: 'C2026' }), refs, taken).prepared,
    ).toMatchObject({
      identityGroup: 'host',
      site: 'south',
      cohort: 'c2026',
    });
    const { issues } = preparePerson(
      { name: ' ', identityGroup: 'Martians', site: 'Moon', email: 'not-an-email', consentBy: 'guardian', birthYear: 2999 },
      refs,
      taken,
    );
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'birthYearFuture',
      'emailInvalid',
      'guardianMissing',
      'nameMissing',
      'unknownGroup',
      'unknownSite',
    ]);
  });

  it('imports legacy IDs as they are, marked as carrying no check digit, and never twice', () => {
    const { study, vault } = fixture;
    const [id] = enrol(study, vault.db, [person('Old List Person', { legacyId: '14343143' })]);
    expect(id).toBe('14343143');
    expect(isValidDammId('14343143')).toBe(false);
    expect(study.prepare('SELECT legacy_id FROM participant WHERE id = ?').pluck().get(id)).toBe(1);
    expect(getPerson(vault.db, study, id!).legacy).toBe(true);
    expect(() => enrol(study, vault.db, [person('Someone Else', { legacyId: '14343143' })])).toThrow(/already been issued/);
  });

  it('never issues an ID again, even after the person and their answers were erased', () => {
    const { study, vault } = fixture;
    const [id] = enrol(study, vault.db, [person('Erased Person')]);
    eraseEverything(study, vault.db, id!, 'cli');
    expect(idTaken(study, vault.db)(id!)).toBe(true);
    // A generator that offers the erased ID's digits first, then 1234567: the erased ID is skipped.
    const { prepared } = preparePerson(person('Next Person'), new DesignRefs(study), idTaken(study, vault.db));
    const digits = [...id!.slice(0, 7), ...'1234567'].map(Number);
    let call = 0;
    const [next] = enrolPrepared(study, vault.db, [prepared!], 'cli', { random: () => digits[call++ % digits.length]! });
    expect(call).toBe(14);
    expect(next).not.toBe(id);
    expect(next!.startsWith('1234567')).toBe(true);
    // A legacy import of the erased ID is refused too.
    expect(() => enrol(study, vault.db, [person('Reuse Attempt', { legacyId: id! })])).toThrow(/already been issued/);
  });

  it('warns about a probable duplicate: same name and birth year, or same phone', () => {
    const { study, vault } = fixture;
    const [first] = enrol(study, vault.db, [person('José da Silva', { birthYear: 1980, phone: '079 111 22 33' })]);
    const finder = new DuplicateFinder(vault.db);
    expect(finder.find({ name: '  jose DA silva ', birthYear: 1980, phone: null })).toEqual([{ id: first, reasons: ['nameAndBirthYear'] }]);
    expect(finder.find({ name: 'Someone Else', birthYear: null, phone: '+41 79 111 22 33' })).toEqual([{ id: first, reasons: ['phone'] }]);
    expect(finder.find({ name: 'José da Silva', birthYear: 1981, phone: '079 999 99 99' })).toEqual([]);
  });

  it('updates contacts and consent with the same checks, and lists people with search', () => {
    const { study, vault } = fixture;
    const [a, b] = enrol(study, vault.db, [
      person('Lena Berg', { email: 'lena@example.org' }),
      person('Tariq Aziz', { identityGroup: 'host', phone: '0791234567' }),
    ]);
    expect(updatePerson(vault.db, a!, { phone: ' 076 555 44 33 ', preferredChannel: 'sms' })).toEqual(['phone', 'preferred_channel']);
    expect(getPerson(vault.db, study, a!)).toMatchObject({ phone: '076 555 44 33', preferredChannel: 'sms' });
    expect(() => updatePerson(vault.db, a!, { email: 'broken' })).toThrow(/e-mail/);
    expect(listPeople(vault.db, study, { search: 'tariq' }).map((entry) => entry.id)).toEqual([b]);
    expect(listPeople(vault.db, study, { search: '+41 79 123 45 67' }).map((entry) => entry.id)).toEqual([b]);
    expect(listPeople(vault.db, study, { search: a!.slice(0, 5) }).map((entry) => entry.id)).toContain(a);
    expect(listPeople(vault.db, study).map((entry) => entry.name)).toEqual(['Lena Berg', 'Tariq Aziz']);
  });

  it('enrols nobody in either file when one person of a batch fails', () => {
    const { study, vault } = fixture;
    const refs = new DesignRefs(study);
    const taken = idTaken(study, vault.db);
    const good = preparePerson(person('Good One'), refs, taken).prepared!;
    // A prepared person whose site vanished from the study: the roster insert fails mid-batch.
    const bad = { ...good, site: 'gone' };
    expect(() => enrolPrepared(study, vault.db, [good, bad], 'cli')).toThrow();
    expect(study.prepare('SELECT count(*) FROM participant').pluck().get()).toBe(0);
    expect(vault.db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(0);
    expect(vault.db.prepare('SELECT count(*) FROM issued_id').pluck().get()).toBe(0);
  });

  it('one by one, refuses a person whose group or site was not chosen, each at its field', () => {
    const refs = new DesignRefs(fixture.study);
    const taken = idTaken(fixture.study, fixture.vault.db);
    const consent = { consentDate: '2026-01-05', consentBy: 'participant' as const, consentFormVersion: 'v3' };
    const { prepared, issues } = preparePerson(person('No Choice', { ...consent, identityGroup: '', site: null }), refs, taken, {
      explicit: true,
    });
    expect(prepared).toBeUndefined();
    expect(issues.map(({ field, key }) => [field, key])).toEqual([
      ['identityGroup', 'groupMissing'],
      ['site', 'siteMissing'],
    ]);
    expect(issues[0]!.message).toBe("Choose the person's identity group: it decides which questionnaire they get.");
    // Chosen, they are enrolled; a person from an imported list needs a site too (the study has sites).
    expect(preparePerson(person('Chosen', consent), refs, taken, { explicit: true }).prepared).toMatchObject({
      identityGroup: 'migrant',
      site: 'north',
    });
    expect(preparePerson(person('From a list', { site: null }), refs, taken).issues.map(({ key }) => key)).toEqual(['siteMissing']);
  });

  it('one by one, needs consent in full (date, by whom, form version) or the reason it is not recorded, and keeps the reason', () => {
    const { study, vault } = fixture;
    const refs = new DesignRefs(study);
    const taken = idTaken(study, vault.db);
    const keys = (extra: Partial<NewPerson>) =>
      preparePerson(person('Consent Case', extra), refs, taken, { explicit: true }).issues.map((issue) => issue.key);
    expect(keys({})).toEqual(['consentDateMissing', 'consentByMissing', 'consentFormMissing']);
    expect(keys({ consentDate: '2026-01-05', consentBy: 'participant' })).toEqual(['consentFormMissing']);
    expect(keys({ consentDate: '2026-01-05', consentBy: 'participant', consentFormVersion: 'v3' })).toEqual([]);
    // A reason of spaces is no reason.
    expect(keys({ consentMissingReason: '   ' })).toHaveLength(3);
    const { prepared } = preparePerson(person('Consent Elsewhere', { consentMissingReason: '  Form kept by  the partner ' }), refs, taken, {
      explicit: true,
    });
    const [id] = enrolPrepared(study, vault.db, [prepared!], 'app');
    expect(vault.db.prepare('SELECT consent_missing_reason, consent_date FROM person WHERE participant_id = ?').get(id)).toEqual({
      consent_missing_reason: 'Form kept by the partner',
      consent_date: null,
    });
    // The reason is about a person: it stays out of the audit log.
    expect(JSON.stringify(listAudit(vault.db).entries)).not.toContain('partner');
  });

  it('keeps the audit log free of names and refuses a detail that could be one', () => {
    const { study, vault } = fixture;
    enrol(study, vault.db, [person('Canary Vogelsang')]);
    expect(() => appendAudit(vault.db, 'names_viewed', { where: 'Canary Vogelsang' })).toThrow(/fixed word/);
    expect(JSON.stringify(listAudit(vault.db).entries)).not.toMatch(/Canary|Vogelsang/);
  });
});
