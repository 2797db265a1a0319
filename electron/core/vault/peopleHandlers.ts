import type { DomainHandlers } from '../../api/method';
import type { vaultContract } from '../../api/contracts/vault';
import type { vaultAuditContract } from '../../api/contracts/vaultAudit';
import type { vaultDemoContract } from '../../api/contracts/vaultDemo';
import { MixwiseError } from '../errors';
import { rejoin } from './followUp';
import { assignFromWaitlist, assignManually, assignRandom, CELL_GOAL, listRuns, planAssignment, planByStratum, strataCounts } from './assignment';
import { appendAudit } from './audit';
import { backupIfDue, forEachBackup } from './backup';
import { COMPARISON, DesignRefs, PROGRAMME } from './designRefs';
import { enrolPrepared, idTaken, preparePerson } from './enrol';
import { eraseEverything, eraseIdentity, eraseIdentityInVault, erasePersonInVault, assertConfirmed, scrub, withdraw } from './erase';
import type { VaultAccess } from './handlers';
import { checkImport, strataOf, suggestMapping } from './import';
import { DuplicateFinder, getPerson, listPeople, throwFirst, updatePerson } from './people';
import { confidentialListHtml, idSlipsHtml, type ListEntry } from './printouts';
import { readTable } from './spreadsheet';

type Methods = Omit<
  DomainHandlers<typeof vaultContract>,
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.recover'
  | 'vault.changePassphrase'
  | 'vault.newRecoveryKey'
  | 'vault.lock'
  | 'vault.touch'
  | 'vault.settings.set'
  | keyof typeof vaultAuditContract
  | keyof typeof vaultDemoContract
  | 'vault.backup.create'
  | 'vault.backup.list'
  | 'vault.backup.preview'
  | 'vault.backup.restore'
  | 'vault.followUp.list'
  | 'vault.followUp.print'
  | 'vault.followUp.export'
>;

const PREVIEW_ROWS = 20;

/** The vault's methods about people: lists, enrolment, import, assignment, printouts, withdrawal, erasure. */
export function peopleHandlers(access: VaultAccess): Methods {
  const { withBoth, openOptions } = access;

  async function tableOf(fileName: string, contentBase64: string) {
    return readTable(fileName, Buffer.from(contentBase64, 'base64'));
  }

  /** Active people with a name, for printouts; design codes shown by their names. */
  function printable(filter: { site?: string | null; cohort?: string | null; ids?: readonly string[] }) {
    return withBoth((study, vault) => {
      const refs = new DesignRefs(study);
      const site = filter.site ? refs.find('site', filter.site)?.code : undefined;
      const cohort = filter.cohort ? refs.find('cohort', filter.cohort)?.code : undefined;
      const wanted = filter.ids ? new Set(filter.ids) : null;
      const entries: ListEntry[] = listPeople(vault.db, study, { status: 'active' })
        .filter((person) => person.name !== null && person.rosterStatus === 'active')
        .filter((person) => (site === undefined || person.site === site) && (cohort === undefined || person.cohort === cohort))
        .filter((person) => !wanted || wanted.has(person.id))
        .sort((a, b) => `${a.site}|${a.cohort}|${a.name}`.localeCompare(`${b.site}|${b.cohort}|${b.name}`))
        .map((person) => ({
          id: person.id,
          name: person.name!,
          identityGroup: refs.nameOf('identity_group', person.identityGroup),
          site: refs.nameOf('site', person.site),
          cohort: refs.nameOf('cohort', person.cohort),
        }));
      return { entries, filter: [site && refs.nameOf('site', site), cohort && refs.nameOf('cohort', cohort)].filter(Boolean).join(', ') || null, vault };
    });
  }

  /** Carries an erasure into every backup, so a restore or a stolen backup cannot bring the name back. */
  function eraseInBackups(id: string, everything: boolean): void {
    withBoth((_study, vault) =>
      forEachBackup(vault, (db) => {
        const changed = everything ? erasePersonInVault(db, id) : eraseIdentityInVault(db, id);
        if (changed) {
          appendAudit(db, everything ? 'erased' : 'identity_erased', { id, client: 'app', in_backup: true });
          scrub(db);
        }
      }, openOptions),
    );
  }

  /** As after unlocking (handlers.ts): an automatic backup that fails never undoes the work just done. */
  function dailyBackup(): void {
    try {
      withBoth((_study, vault) => backupIfDue(vault, 'app', new Date(), openOptions));
    } catch (error) {
      console.error(`mixwise: the automatic vault backup failed (${(error as Error)?.name ?? 'unknown error'})`);
    }
  }

  return {
    'vault.people.list': ({ search, status }) =>
      withBoth((study, vault) => {
        const people = listPeople(vault.db, study, { search, status });
        const named = people.filter((person) => person.name !== null).length;
        if (named > 0) appendAudit(vault.db, 'names_viewed', { where: 'list', count: named, client: 'app' });
        return { people, total: vault.db.prepare('SELECT count(*) FROM person').pluck().get() as number };
      }),
    'vault.person.get': ({ id }) =>
      withBoth((study, vault) => {
        const person = getPerson(vault.db, study, id);
        if (person.name !== null) appendAudit(vault.db, 'names_viewed', { where: 'detail', count: 1, id, client: 'app' });
        return person;
      }),
    'vault.person.update': ({ id, ...changes }) =>
      withBoth((study, vault) => {
        vault.db.transaction(() => {
          const changed = updatePerson(vault.db, id, changes);
          if (changed.length > 0) appendAudit(vault.db, 'updated', { id, fields: changed, client: 'app' });
        })();
        if (changes.consentDate !== undefined) rejoin(study, getPerson(vault.db, study, id));
        return getPerson(vault.db, study, id);
      }),
    'vault.enrol': ({ allowDuplicate, ...person }) => {
      const result = withBoth((study, vault) => {
        // The one-person form: nothing defaulted (group, site, consent or a reason why not).
        const { prepared, issues } = preparePerson(person, new DesignRefs(study), idTaken(study, vault.db), { explicit: true });
        throwFirst(issues);
        const matches = new DuplicateFinder(vault.db).find({ name: person.name, birthYear: person.birthYear ?? null, phone: person.phone ?? null });
        if (matches.length > 0 && !allowDuplicate) return { status: 'duplicate' as const, matches };
        const [id] = enrolPrepared(study, vault.db, [prepared!], 'app');
        return { status: 'enrolled' as const, id: id!, arm: prepared!.arm };
      });
      if (result.status === 'enrolled') dailyBackup();
      return result;
    },
    'vault.import.preview': async ({ fileName, contentBase64, mapping }) => {
      const table = await tableOf(fileName, contentBase64);
      return withBoth((study, vault) => {
        const chosen = mapping ?? suggestMapping(table.headers);
        const checked = checkImport(study, vault.db, table, chosen);
        const preview = checked.rows.slice(0, PREVIEW_ROWS).map(({ row, person }) => ({
          row,
          name: person.name,
          identityGroup: person.identityGroup,
          site: person.site ?? null,
          cohort: person.cohort ?? null,
          birthYear: person.birthYear ?? null,
          phone: person.phone || null,
          email: person.email || null,
          legacyId: person.legacyId ?? null,
        }));
        const named = preview.filter((row) => row.name).length;
        if (named > 0) appendAudit(vault.db, 'names_viewed', { where: 'import_preview', count: named, client: 'app' });
        return {
          headers: table.headers,
          mapping: chosen,
          rowCount: table.rows.length,
          validCount: checked.rows.filter((row) => row.prepared).length,
          errors: checked.errors.slice(0, 500),
          warnings: checked.warnings.slice(0, 500),
          consentNotRecorded: checked.consentNotRecorded,
          preview,
          strata: strataOf(checked.rows),
        };
      });
    },
    'vault.import.commit': async ({ fileName, contentBase64, mapping, assign, seed }) => {
      const table = await tableOf(fileName, contentBase64);
      const result = withBoth((study, vault) => {
        const checked = checkImport(study, vault.db, table, mapping);
        if (checked.errors.length > 0) return { status: 'invalid' as const, errors: checked.errors.slice(0, 500) };
        if (checked.rows.length === 0) throw new MixwiseError('INVALID_INPUT', 'The file lists nobody to enrol.', { key: 'importEmpty' });
        const ids = enrolPrepared(study, vault.db, checked.rows.map((row) => row.prepared!), 'app');
        const assignment = assign === 'random' ? assignRandom(study, vault.db, { seed, only: new Set(ids), client: 'app' }) : null;
        return { status: 'done' as const, enrolled: ids.length, assignment };
      });
      if (result.status === 'done') dailyBackup();
      return result;
    },
    'vault.assignment.table': () =>
      withBoth((study) => {
        const refs = new DesignRefs(study);
        const coded = (entries: readonly { code: string; name: string }[]) => entries.map(({ code, name }) => ({ code, name }));
        return {
          goal: CELL_GOAL,
          groups: coded(refs.list('identity_group')),
          sites: coded(refs.list('site')),
          arms: coded(refs.list('arm').filter((arm) => arm.code === PROGRAMME || arm.code === COMPARISON)),
          strata: strataCounts(study),
        };
      }),
    'vault.assign.preview': ({ mode, seed, places }) =>
      withBoth((study) => {
        const plan = planAssignment(study, { mode, seed, places });
        const { fingerprint, allocations } = plan;
        return { mode, seed: plan.seed, places: plan.places, fingerprint, count: allocations.length, strata: planByStratum(study, plan) };
      }),
    'vault.assign.random': ({ seed, preview }) => withBoth((study, vault) => assignRandom(study, vault.db, { seed, expected: preview, client: 'app' })),
    'vault.assign.waitlist': ({ places, seed, preview }) =>
      withBoth((study, vault) => assignFromWaitlist(study, vault.db, { places, seed, expected: preview, client: 'app' })),
    'vault.assign.manual': ({ id, arm }) => withBoth((study, vault) => assignManually(study, vault.db, { id, arm, client: 'app' })),
    'vault.allocation.runs': () => withBoth((_study, vault) => listRuns(vault.db)),
    'vault.print.list': ({ site, cohort, labels }) => {
      const { entries, filter, vault } = printable({ site, cohort });
      const html = confidentialListHtml(access.studyName(), entries, { labels, filter });
      appendAudit(vault.db, 'printed', { what: 'confidential_list', count: entries.length, client: 'app' });
      return { html, count: entries.length };
    },
    'vault.print.slips': ({ ids, includeNames, labels }) => {
      const { entries, vault } = printable({ ids });
      const html = idSlipsHtml(access.studyName(), entries, { labels, includeNames });
      appendAudit(vault.db, 'printed', { what: includeNames ? 'id_slips_with_names' : 'id_slips', count: entries.length, client: 'app' });
      return { html, count: entries.length };
    },
    'vault.withdraw': ({ id, confirmId, reason }) =>
      withBoth((study, vault) => {
        assertConfirmed(id, confirmId);
        withdraw(study, vault.db, id, reason, 'app');
        return getPerson(vault.db, study, id);
      }),
    'vault.eraseIdentity': ({ id, confirmId }) => {
      withBoth((study, vault) => {
        assertConfirmed(id, confirmId);
        eraseIdentity(study, vault.db, id, 'app');
      });
      eraseInBackups(id, false);
      return { id };
    },
    'vault.eraseEverything': ({ id, confirmId }) => {
      withBoth((study, vault) => {
        assertConfirmed(id, confirmId);
        eraseEverything(study, vault.db, id, 'app');
      });
      eraseInBackups(id, true);
      return { id };
    },
  };
}
