import { z } from 'zod';
import { empty, method } from '../method';
import { codedName, nothing, passphrase } from '../schemas';
import { auditIntegrity, keeperName, vaultAuditContract } from './vaultAudit';
import { vaultDemoContract } from './vaultDemo';
import { lastCall } from './vaultCalls';

/**
 * The ID-keeper's vault: names, contacts and consent linked to participant IDs, in a file of its
 * own with its own passphrase. Every method that returns a name or a contact works only while the
 * vault is unlocked (the core refuses with FORBIDDEN otherwise) and is written to the vault's audit
 * log. Types used by the core for these shapes are inferred from here.
 */

export const participantId = z.string().regex(/^\d{4,12}$/, 'An ID is 4 to 12 digits');
const designRef = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().max(max);
export const channel = z.enum(['phone', 'sms', 'email', 'post', 'in_person']);
const isoDay = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Expected a date as YYYY-MM-DD');
const seed = z.string().regex(/^\d{1,15}$/, 'A seed is a whole number');

export const personFields = z.object({
  name: text(200),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  phone: text(50).optional(),
  email: text(200).optional(),
  address: text(500).optional(),
  preferredChannel: channel.nullable().optional(),
  consentDate: isoDay.optional(),
  consentFormVersion: text(100).optional(),
  consentBy: z.enum(['participant', 'guardian']).nullable().optional(),
  guardianName: text(200).optional(),
  notes: text(5000).optional(),
});
export type PersonFields = z.infer<typeof personFields>;

export const newPerson = personFields.extend({
  /** A group's, site's or cohort's code or name, as typed in a spreadsheet; empty (not chosen) is refused by the core at the field. */
  identityGroup: z.string().trim().max(200),
  site: designRef.nullable().optional(),
  cohort: designRef.nullable().optional(),
  arm: designRef.nullable().optional(),
  /** An ID from an earlier paper list: kept as it is and marked as carrying no check digit. */
  legacyId: participantId.optional(),
  /** Why consent is not recorded; without it the one-person form needs consent's date, giver and form version. */
  consentMissingReason: text(500).optional(),
});
export type NewPerson = z.infer<typeof newPerson>;

export const vaultSettings = z.object({
  idleLockSeconds: z.number().int().min(1).max(86_400),
  backupKeep: z.number().int().min(1).max(365),
});
export type VaultSettings = z.infer<typeof vaultSettings>;

export { auditIntegrity };

/** What a change of secrets did to the backups in the vault's backup folder (all re-keyed, or some unreadable). */
const rotationReport = z.object({ backupsRekeyed: z.number(), backupsUnreadable: z.number() });

export const vaultState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('noStudy') }),
  /** demoStudy: the open study is the demo, so its vault of made-up people can be made (vault.demo.create). */
  z.object({ status: z.literal('none'), path: z.string(), fileName: z.string(), demoStudy: z.boolean() }),
  /** demoPassphrase: the vault is the demo's, whose passphrase is public and shown where it is asked for. */
  z.object({ status: z.literal('locked'), path: z.string(), fileName: z.string(), demoPassphrase: z.string().nullable() }),
  z.object({
    status: z.literal('open'),
    path: z.string(),
    fileName: z.string(),
    createdAt: z.string(),
    people: z.number(),
    settings: vaultSettings,
    auditIntegrity,
    /** The ID-keeper acting, named when unlocking (core/vault/keepers.ts); null only for a vault opened without a name. */
    acting: z.string().nullable(),
  }),
]);
export type VaultState = z.infer<typeof vaultState>;

export const personStatus = z.enum(['active', 'withdrawn', 'identity_erased']);
export const rosterStatus = z.enum(['active', 'withdrawn', 'erased', 'missing']);

export const vaultPerson = z.object({
  id: z.string(),
  legacy: z.boolean(),
  name: z.string().nullable(),
  birthYear: z.number().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  preferredChannel: channel.nullable(),
  consentDate: z.string().nullable(),
  consentFormVersion: z.string().nullable(),
  consentBy: z.enum(['participant', 'guardian']).nullable(),
  guardianName: z.string().nullable(),
  /** Why consent is not recorded in full, as the ID-keeper said at enrolment. */
  consentMissingReason: z.string().nullable(),
  notes: z.string(),
  status: personStatus,
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  createdAt: z.string(),
  identityGroup: z.string().nullable(),
  arm: z.string().nullable(),
  site: z.string().nullable(),
  cohort: z.string().nullable(),
  rosterStatus,
});
export type VaultPerson = z.infer<typeof vaultPerson>;

export const duplicateMatch = z.object({
  id: z.string(),
  reasons: z.array(z.enum(['nameAndBirthYear', 'phone'])),
});
export type DuplicateMatch = z.infer<typeof duplicateMatch>;

export const rowIssue = z.object({
  row: z.number(),
  field: z.string().optional(),
  key: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type RowIssue = z.infer<typeof rowIssue>;

export const importFields = [
  'name',
  'identity_group',
  'site',
  'cohort',
  'arm',
  'id',
  'birth_year',
  'phone',
  'email',
  'address',
  'preferred_channel',
  'consent_date',
  'consent_form_version',
  'consent_by',
  'guardian_name',
  'consent_missing_reason',
  'notes',
] as const;
export const importField = z.enum(importFields);
export type ImportField = z.infer<typeof importField>;
/** Which column (0-based) feeds each field; a field left out is not imported. */
export const columnMapping = z.partialRecord(importField, z.number().int().min(0).max(500).nullable());
export type ColumnMapping = z.infer<typeof columnMapping>;

const importFile = {
  fileName: z.string().min(1).max(260),
  /** The file's bytes, base64; the renderer reads the file the user picked (it never sees a path). */
  contentBase64: z.string().max(28_000_000),
};

export const stratumCount = z.object({
  identityGroup: z.string(),
  site: z.string().nullable(),
  programme: z.number(),
  comparison: z.number(),
  unassigned: z.number(),
});
export type StratumCount = z.infer<typeof stratumCount>;

export const assignmentResult = z.object({
  runId: z.number(),
  mode: z.enum(['random', 'waitlist', 'manual']),
  seed: z.string().nullable(),
  assigned: z.number(),
  strata: z.array(stratumCount),
});
export type AssignmentResult = z.infer<typeof assignmentResult>;

/** An assignment computed and not written: the commit must name its seed and fingerprint. */
export const assignmentPreview = z.object({
  mode: z.enum(['random', 'waitlist']),
  seed: z.string(),
  places: z.number().nullable(),
  fingerprint: z.string(),
  count: z.number(),
  strata: z.array(stratumCount.extend({ toProgramme: z.number(), toComparison: z.number() })),
});
export type AssignmentPreview = z.infer<typeof assignmentPreview>;
const previewed = { seed, preview: z.string().regex(/^[0-9a-f]{32}$/, 'Expected the preview\'s fingerprint') };

export const vaultCounts = z.object({
  people: z.number(),
  active: z.number(),
  withdrawn: z.number(),
  identityErased: z.number(),
  issuedIds: z.number(),
  auditEntries: z.number(),
  lastActivity: z.string().nullable(),
});
export type VaultCounts = z.infer<typeof vaultCounts>;

/** `preRestore`: the copy made just before a restore, kept out of the rotation of regular backups. */
export const backupInfo = z.object({ file: z.string(), at: z.string(), size: z.number(), kind: z.enum(['regular', 'preRestore']) });
export type BackupInfo = z.infer<typeof backupInfo>;
/** A backup is named, never given as a path: the core looks for it in the vault's backup folder only. */
const backupFile = z.string().regex(/^[^/\\]{1,200}\.mixvault$/, 'Expected a backup file name');

/** Translated wording for printouts (the core has English defaults); see core/vault/printouts.ts. */
const printLabels = z.record(z.string().max(40), z.string().max(1000)).optional();

const confirmId = { id: participantId, confirmId: participantId };

const namedFollowUp = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferredChannel: z.string().nullable(),
  group: z.string().nullable(),
  arm: z.string().nullable(),
  site: z.string().nullable(),
  cohort: z.string().nullable(),
  state: z.enum(['due', 'missing']),
  daysOverdue: z.number(),
  missedEarlier: z.array(z.string()),
  /** The call log (vaultCalls.ts): the last attempt for this wave and the day to try again. */
  lastCall: lastCall.nullable(),
  nextAttempt: z.string().nullable(),
});

export const vaultContract = {
  /** Where the open study's vault is and whether it is locked; never a name. */
  'vault.status': method(empty, vaultState),
  /** Creates the vault beside the study; the recovery key is returned here once and never again. */
  'vault.create': method(
    z.object({ passphrase, labels: printLabels, keeper: keeperName.optional() }).strict(),
    z.object({ state: vaultState, recoveryKey: z.string(), recoverySheetHtml: z.string() }),
  ),
  /** `keeper`: who is unlocking, named in every audit entry until the vault locks (the UI always asks). */
  'vault.unlock': method(z.object({ passphrase, keeper: keeperName.optional() }).strict(), vaultState),
  /** The forgotten-passphrase path: the recovery key opens the vault and sets a new passphrase. */
  'vault.recover': method(
    z.object({ recoveryKey: z.string().max(200), newPassphrase: passphrase, keeper: keeperName.optional() }).strict(),
    vaultState,
  ),
  /** Re-encrypts the vault and its backups under a new data key: the old passphrase opens none of them. */
  'vault.changePassphrase': method(z.object({ current: passphrase, next: passphrase }).strict(), rotationReport),
  /** Replaces a lost (or never stored) recovery key; the passphrase is asked for again first. */
  'vault.newRecoveryKey': method(
    z.object({ passphrase, labels: printLabels }).strict(),
    z.object({ recoveryKey: z.string(), recoverySheetHtml: z.string() }).extend(rotationReport.shape),
  ),
  'vault.lock': method(z.object({ reason: z.enum(['user', 'idle']).optional() }).strict(), vaultState),
  /** The renderer reports activity so the core's own idle timer does not lock a vault in use. */
  'vault.touch': method(empty, nothing),
  'vault.settings.set': method(vaultSettings.partial().strict(), vaultSettings),

  'vault.people.list': method(
    z.object({ search: z.string().max(200).optional(), status: personStatus.or(z.literal('all')).optional() }).strict(),
    z.object({ people: z.array(vaultPerson), total: z.number() }),
  ),
  'vault.person.get': method(z.object({ id: participantId }).strict(), vaultPerson),
  'vault.person.update': method(personFields.partial().extend({ id: participantId }).strict(), vaultPerson),
  'vault.enrol': method(
    newPerson.extend({ allowDuplicate: z.boolean().optional() }).strict(),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('enrolled'), id: z.string(), arm: z.string().nullable() }),
      z.object({ status: z.literal('duplicate'), matches: z.array(duplicateMatch) }),
    ]),
  ),

  'vault.import.preview': method(
    z.object({ ...importFile, mapping: columnMapping.optional() }).strict(),
    z.object({
      headers: z.array(z.string()),
      mapping: columnMapping,
      rowCount: z.number(),
      validCount: z.number(),
      errors: z.array(rowIssue),
      warnings: z.array(rowIssue.extend({ matches: z.array(z.string()) })),
      /** Rows whose consent is not recorded in full (date, by whom, form version) and give no reason why not. */
      consentNotRecorded: z.array(z.number()),
      preview: z.array(
        z.object({
          row: z.number(),
          name: z.string(),
          identityGroup: z.string(),
          site: z.string().nullable(),
          cohort: z.string().nullable(),
          birthYear: z.number().nullable(),
          phone: z.string().nullable(),
          email: z.string().nullable(),
          legacyId: z.string().nullable(),
        }),
      ),
      strata: z.array(z.object({ identityGroup: z.string(), site: z.string().nullable(), count: z.number() })),
    }),
  ),
  /** All or nothing: one invalid row and nobody is enrolled. */
  'vault.import.commit': method(
    z.object({ ...importFile, mapping: columnMapping, assign: z.enum(['none', 'random']).optional(), seed: seed.optional() }).strict(),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('invalid'), errors: z.array(rowIssue) }),
      z.object({ status: z.literal('done'), enrolled: z.number(), assignment: assignmentResult.nullable() }),
    ]),
  ),

  /** The toolkit's table: identity group x arm (per site too) against 30 per cell. */
  'vault.assignment.table': method(
    empty,
    z.object({
      goal: z.number(),
      groups: z.array(codedName),
      sites: z.array(codedName),
      arms: z.array(codedName),
      strata: z.array(stratumCount),
    }),
  ),
  /** What an assignment would give per stratum, with its seed; nothing is written. */
  'vault.assign.preview': method(
    z.object({ mode: z.enum(['random', 'waitlist']), seed: seed.optional(), places: z.number().int().min(0).max(100_000).optional() }).strict(),
    assignmentPreview,
  ),
  /** Writes the previewed assignment; refused if the roster changed since the preview. */
  'vault.assign.random': method(z.object(previewed).strict(), assignmentResult),
  /** Programme places per stratum are drawn at random from the waiting list; the rest form the comparison group. */
  'vault.assign.waitlist': method(z.object({ places: z.number().int().min(0).max(100_000), ...previewed }).strict(), assignmentResult),
  'vault.assign.manual': method(z.object({ id: participantId, arm: designRef }).strict(), assignmentResult),
  'vault.allocation.runs': method(
    empty,
    z.array(
      z.object({
        id: z.number(),
        at: z.string(),
        mode: z.enum(['random', 'waitlist', 'manual']),
        algorithm: z.string(),
        seed: z.string().nullable(),
        places: z.number().nullable(),
        assigned: z.number(),
        /** Re-running the recorded seed on the recorded input gives the recorded allocation. */
        reproducible: z.boolean(),
      }),
    ),
  ),

  /** Print-ready HTML documents; the renderer shows them for printing. */
  'vault.print.list': method(
    z.object({ site: designRef.nullable().optional(), cohort: designRef.nullable().optional(), labels: printLabels }).strict(),
    z.object({ html: z.string(), count: z.number() }),
  ),
  'vault.print.slips': method(
    z.object({ ids: z.array(participantId).max(5000).optional(), includeNames: z.boolean(), labels: printLabels }).strict(),
    z.object({ html: z.string(), count: z.number() }),
  ),

  /**
   * The tracking follow-up list for a wave with names and contacts, for calling people. Only with
   * the vault unlocked; viewing, printing and exporting it are each audited (never the names).
   */
  'vault.followUp.list': method(
    z.object({ wave: z.string().min(1).max(24), asOf: z.string().datetime({ offset: true }).optional() }).strict(),
    // notExpected: people who joined after the wave's window closed (tracking/due.ts), counted apart and never listed as missing.
    z.object({ wave: z.string(), waveLabel: z.string(), entries: z.array(namedFollowUp), notExpected: z.number() }),
  ),
  'vault.followUp.print': method(
    z.object({ wave: z.string().min(1).max(24), labels: printLabels }).strict(),
    z.object({ html: z.string(), count: z.number() }),
  ),
  /** An xlsx of the list, where the ID-keeper chooses; it holds names, so the UI asks first. */
  'vault.followUp.export': method(
    z.object({ wave: z.string().min(1).max(24), labels: printLabels }).strict(),
    z.object({ path: z.string().nullable(), count: z.number() }),
  ),

  ...vaultAuditContract,
  ...vaultDemoContract,

  'vault.backup.create': method(empty, backupInfo),
  'vault.backup.list': method(empty, z.object({ folder: z.string(), backups: z.array(backupInfo) })),
  'vault.backup.preview': method(
    z.object({ file: backupFile }).strict(),
    z.object({ backup: vaultCounts, current: vaultCounts, lostEnrolments: z.number() }),
  ),
  'vault.backup.restore': method(z.object({ file: backupFile, confirm: z.literal(true) }).strict(), vaultState),

  /** No more follow-ups; answers are kept. */
  'vault.withdraw': method(
    z.object({ ...confirmId, reason: z.enum(['not_interested', 'moved', 'no_time', 'other', 'not_given']) }).strict(),
    vaultPerson,
  ),
  /** Name, contacts and notes deleted; pseudonymous answers kept. */
  'vault.eraseIdentity': method(z.object(confirmId).strict(), z.object({ id: z.string() })),
  /** Identity and every answer deleted; the ID stays issued so it is never reused. */
  'vault.eraseEverything': method(z.object(confirmId).strict(), z.object({ id: z.string() })),
} as const;
