import type { NewPerson } from '../../api/contracts/vault';
import type { Db } from '../db/open';
import { newParticipantId } from '../ids/damm';
import { addParticipant } from '../roster/participants';
import { joinedAt } from '../tracking/due';
import { appendAudit } from './audit';
import type { DesignRefs } from './designRefs';
import { checkPersonFields, type FieldIssue, type PersonColumns } from './people';
import type { Client } from './vaultFile';

/**
 * Enrolment: a person gets an ID; the name, contacts and consent go into the vault, the ID with its
 * group, site, cohort and arm onto the study's roster. Used one by one and in bulk (import.ts).
 */

export interface PreparedPerson {
  columns: PersonColumns;
  identityGroup: string;
  site: string | null;
  cohort: string | null;
  arm: string | null;
  legacyId: string | null;
  /** Why consent is not recorded, when it is not (the one-person form asks; an import has no such column). */
  consentMissingReason: string | null;
}

/**
 * How strict preparePerson is. `explicit` is the one-person form's rule (issue 25): nothing is
 * defaulted, so identity group and site (when the study has sites) must have been chosen, and
 * consent is complete (date, by whom, form version) unless a reason why not is recorded. A
 * spreadsheet import or the CLI enrols lists kept elsewhere, checked as before.
 */
export interface PrepareOptions {
  explicit?: boolean;
}

/** An ID is taken if the roster or the vault has ever seen it, erased ones included. */
export function idTaken(study: Db, vault: Db): (id: string) => boolean {
  const onRoster = study.prepare('SELECT 1 FROM participant WHERE id = ?');
  const issued = vault.prepare('SELECT 1 FROM issued_id WHERE id = ?');
  return (id) => Boolean(onRoster.get(id) || issued.get(id));
}

/** Checks a person against the study's design; collects every problem so a spreadsheet row lists them all. */
export function preparePerson(
  person: NewPerson,
  refs: DesignRefs,
  taken: (id: string) => boolean,
  options: PrepareOptions = {},
): { prepared?: PreparedPerson; issues: FieldIssue[] } {
  const { columns, issues } = checkPersonFields(person);
  const chosenGroup = person.identityGroup.trim();
  const group = chosenGroup ? refs.find('identity_group', chosenGroup) : undefined;
  if (!chosenGroup && options.explicit) {
    issues.push({
      field: 'identityGroup',
      key: 'groupMissing',
      message: "Choose the person's identity group: it decides which questionnaire they get.",
    });
  } else if (!group) {
    // Worded without the value: it may be anything typed or read from a list, a name included.
    issues.push({ field: 'identityGroup', key: 'unknownGroup', message: "This is not one of the study's identity groups." });
  }
  const optional = (table: 'site' | 'cohort' | 'arm', field: string, ref: string | null | undefined, key: string, noun: string) => {
    if (!ref?.trim()) return null;
    const entry = refs.find(table, ref);
    if (!entry) issues.push({ field, key, message: `This is not one of the study's ${noun}.` });
    return entry?.code ?? null;
  };
  const site = optional('site', 'site', person.site, 'unknownSite', 'sites');
  // A study with sites places everyone at one, in a list as on the form: no person in no stratum.
  if (!person.site?.trim() && refs.list('site').length > 0) {
    issues.push({ field: 'site', key: 'siteMissing', message: 'Choose the site where the person takes part.' });
  }
  const cohort = optional('cohort', 'cohort', person.cohort, 'unknownCohort', 'cohorts');
  const arm = optional('arm', 'arm', person.arm, 'unknownArm', 'arms');
  const consentMissingReason = person.consentMissingReason?.replace(/\s+/g, ' ').trim() || null;
  if (options.explicit && consentMissingReason === null) issues.push(...consentIssues(columns));
  const legacyId = person.legacyId?.trim() || null;
  if (legacyId !== null && taken(legacyId)) {
    issues.push({
      field: 'legacyId',
      key: 'idTaken',
      message: `The ID ${legacyId} has already been issued in this study.`,
      params: { id: legacyId },
    });
  }
  if (issues.length > 0 || !group) return { issues };
  return { prepared: { columns, identityGroup: group.code, site, cohort, arm, legacyId, consentMissingReason }, issues };
}

/** Consent recorded in full: when, by whom and on which form; each missing part is named at its field. */
export function consentIssues(columns: PersonColumns): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hint = 'or record why consent is not recorded';
  if (!columns.consent_date)
    issues.push({ field: 'consentDate', key: 'consentDateMissing', message: `Enter the date consent was given, ${hint}.` });
  if (!columns.consent_by) issues.push({ field: 'consentBy', key: 'consentByMissing', message: `Choose who gave consent, ${hint}.` });
  if (!columns.consent_form_version) {
    issues.push({
      field: 'consentFormVersion',
      key: 'consentFormMissing',
      message: `Enter the version of the consent form signed, ${hint}.`,
    });
  }
  return issues;
}

/**
 * Writes people to both files as one unit. SQLite cannot commit two encrypted files atomically
 * (not in WAL mode), so the study commits first and, should the vault's commit then fail, the
 * roster rows just added are removed again: they have no answers yet, and an ID nobody was told
 * is not "issued". Either everybody is enrolled in both files or nobody in either.
 */
export function enrolPrepared(
  study: Db,
  vault: Db,
  people: readonly PreparedPerson[],
  client: Client,
  options: { now?: Date; random?: (max: number) => number } = {},
): string[] {
  const now = options.now ?? new Date();
  const taken = idTaken(study, vault);
  const batch = new Set<string>();
  const at = now.toISOString();
  const issue = vault.prepare('INSERT INTO issued_id (id, legacy, issued_at) VALUES (?, ?, ?)');
  const insertPerson = vault.prepare(
    `INSERT INTO person (participant_id, name, birth_year, phone, email, address, preferred_channel, consent_date,
                         consent_form_version, consent_by, guardian_name, consent_missing_reason, notes, created_at, updated_at)
     VALUES (@id, @name, @birth_year, @phone, @email, @address, @preferred_channel, @consent_date,
             @consent_form_version, @consent_by, @guardian_name, @consent_missing_reason, @notes, @at, @at)`,
  );
  let ids: string[] = [];
  let studyCommitted = false;
  try {
    vault.transaction(() => {
      ids = study.transaction(() =>
        people.map((person) => {
          const id = person.legacyId ?? newParticipantId((candidate) => batch.has(candidate) || taken(candidate), options.random);
          batch.add(id);
          issue.run(id, person.legacyId ? 1 : 0, at);
          insertPerson.run({ ...person.columns, consent_missing_reason: person.consentMissingReason, id, at });
          addParticipant(study, {
            id,
            identityGroupCode: person.identityGroup,
            armCode: person.arm,
            siteCode: person.site,
            cohortCode: person.cohort,
            legacy: person.legacyId !== null,
            // Retrospective enrolment: the roster keeps the consent date when earlier (due.ts judges who is due by it).
            enrolledAt: joinedAt(person.columns.consent_date, at),
          });
          return id;
        }),
      )();
      studyCommitted = true;
      appendAudit(vault, people.length === 1 ? 'enrolled' : 'imported', { count: ids.length, ids, client });
    })();
  } catch (error) {
    if (studyCommitted) removeFromRoster(study, ids);
    throw error;
  }
  return ids;
}

function removeFromRoster(study: Db, ids: readonly string[]): void {
  const remove = study.prepare('DELETE FROM participant WHERE id = ? AND NOT EXISTS (SELECT 1 FROM response WHERE participant_id = ?)');
  study.transaction(() => {
    for (const id of ids) remove.run(id, id);
  })();
}
