import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch, NewPerson } from '../../../../electron/api/contracts/vault';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { formatId, parseId } from '../../../../electron/shared/ids/format';
import { copyConfidential } from './clipboard';
import { SelectField, TextAreaField } from './fields';
import { useVaultError } from './vaultErrors';

const CHANNELS = ['phone', 'sms', 'email', 'post', 'in_person'] as const;
/** Core errors about these fields are shown at the field; any other above the form. */
const FIELDS_WITH_ERRORS = [
  'name',
  'birthYear',
  'identityGroup',
  'site',
  'cohort',
  'arm',
  'phone',
  'email',
  'consentDate',
  'consentBy',
  'consentFormVersion',
  'guardianName',
  'legacyId',
  'consentMissingReason',
];

type Draft = Record<
  | 'name'
  | 'birthYear'
  | 'phone'
  | 'email'
  | 'address'
  | 'preferredChannel'
  | 'consentDate'
  | 'consentFormVersion'
  | 'consentBy'
  | 'guardianName'
  | 'notes'
  | 'identityGroup'
  | 'site'
  | 'cohort'
  | 'arm'
  | 'legacyId'
  | 'consentMissingReason',
  string
> & { consentNotRecorded: boolean };

function emptyDraft(summary: StudySummary): Draft {
  return {
    // Group, site and who consented start empty: a default left unchanged went unnoticed (issue 25).
    name: '',
    birthYear: '',
    phone: '',
    email: '',
    address: '',
    preferredChannel: '',
    consentDate: '',
    consentFormVersion: '',
    consentBy: '',
    guardianName: '',
    notes: '',
    identityGroup: '',
    site: '',
    cohort: summary.cohorts[0]?.code ?? '',
    arm: '',
    legacyId: '',
    consentMissingReason: '',
    consentNotRecorded: false,
  };
}

/** What the ID-keeper has not chosen or filled in, each at its field (the core refuses the same). */
function missingChoices(draft: Draft, summary: StudySummary): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!draft.identityGroup) missing.identityGroup = 'groupMissing';
  if (!draft.site && summary.sites.length > 0) missing.site = 'siteMissing';
  if (draft.consentNotRecorded) {
    if (!draft.consentMissingReason.trim()) missing.consentMissingReason = 'consentReasonMissing';
  } else {
    if (!draft.consentDate) missing.consentDate = 'consentDateMissing';
    if (!draft.consentBy) missing.consentBy = 'consentByMissing';
    if (!draft.consentFormVersion.trim()) missing.consentFormVersion = 'consentFormMissing';
  }
  if (draft.legacyId.trim() && parseId(draft.legacyId) === null) missing.legacyId = 'legacyIdFormat';
  return missing;
}

function toPerson(draft: Draft): NewPerson {
  // Not recorded: the consent fields are left out, so nothing half-filled is stored beside the reason.
  const consent = !draft.consentNotRecorded;
  return {
    name: draft.name,
    birthYear: draft.birthYear ? Number(draft.birthYear) : null,
    phone: draft.phone,
    email: draft.email,
    address: draft.address,
    preferredChannel: (draft.preferredChannel || null) as NewPerson['preferredChannel'],
    consentDate: consent ? draft.consentDate : '',
    consentFormVersion: consent ? draft.consentFormVersion : '',
    consentBy: ((consent && draft.consentBy) || null) as NewPerson['consentBy'],
    guardianName: consent ? draft.guardianName : '',
    consentMissingReason: consent ? undefined : draft.consentMissingReason,
    notes: draft.notes,
    identityGroup: draft.identityGroup,
    site: draft.site || null,
    cohort: draft.cohort || null,
    arm: draft.arm || null,
    legacyId: parseId(draft.legacyId) ?? undefined,
  };
}

/** Enrols one person: the vault keeps the name, contacts and consent; the roster gets the new ID. */
export function EnrolForm({ summary, onEnrolled }: { summary: StudySummary; onEnrolled(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(summary));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  const [enrolled, setEnrolled] = useState<{ id: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: Exclude<keyof Draft, 'consentNotRecorded'>) => (event: { target: { value: string } }) => {
    setDraft({ ...draft, [key]: event.target.value });
    setErrors({});
    setDuplicates(null);
  };

  async function submit(event: FormEvent | null, allowDuplicate = false) {
    event?.preventDefault();
    if (draft.birthYear && !/^\d{4}$/.test(draft.birthYear)) return setErrors({ birthYear: t('vault.enrol.birthYearFormat') });
    const missing = missingChoices(draft, summary);
    if (Object.keys(missing).length > 0) {
      const text = (key: string) =>
        key.startsWith('legacy') || key === 'consentReasonMissing' ? t(`vault.enrol.${key}`) : t(`vault.errors.${key}`);
      return setErrors(Object.fromEntries(Object.entries(missing).map(([field, key]) => [field, text(key)])));
    }
    setBusy(true);
    const result = await call('vault.enrol', { ...toPerson(draft), allowDuplicate });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field && FIELDS_WITH_ERRORS.includes(result.error.field) ? result.error.field : 'form';
      return setErrors({ [field]: errorText(result.error) });
    }
    if (result.value.status === 'duplicate') return setDuplicates(result.value.matches);
    setDuplicates(null);
    setEnrolled({ id: result.value.id, name: draft.name.replace(/\s+/g, ' ').trim() });
    // The next person's group and site are chosen again: the last one's may not be theirs.
    setDraft({ ...emptyDraft(summary), cohort: draft.cohort });
    onEnrolled();
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-busy={busy} aria-labelledby="enrol-heading" className="vault-form">
      <h3 id="enrol-heading">{t('vault.enrol.heading')}</h3>
      {enrolled && (
        <div className="notice enrolled" role="status" data-testid="enrolled">
          <p>{t('vault.enrol.doneFor')}</p>
          <p className="enrolled-name" data-testid="enrolled-name">
            {enrolled.name}
          </p>
          <p>
            {t('vault.fields.id')}{' '}
            <span className="new-id" data-testid="new-id">
              {formatId(enrolled.id)}
            </span>{' '}
            <button type="button" className="small" onClick={() => void copyConfidential(enrolled.id)}>
              {t('vault.copy')}
            </button>
          </p>
        </div>
      )}
      <ErrorAlert message={errors.form ?? null} />
      <div className="vault-grid">
        <Field label={t('vault.fields.name')} value={draft.name} onChange={set('name')} error={errors.name} autoComplete="off" />
        <Field
          label={t('vault.fields.birthYear')}
          value={draft.birthYear}
          onChange={set('birthYear')}
          error={errors.birthYear}
          inputMode="numeric"
        />
        <SelectField
          label={t('vault.fields.identityGroup')}
          value={draft.identityGroup}
          onChange={set('identityGroup')}
          error={errors.identityGroup}
        >
          <option value="">{t('vault.enrol.choose')}</option>
          {summary.identityGroups.map((group) => (
            <option key={group.code} value={group.code}>
              {group.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vault.fields.site')} value={draft.site} onChange={set('site')} error={errors.site}>
          <option value="">{summary.sites.length > 0 ? t('vault.enrol.choose') : t('vault.none')}</option>
          {summary.sites.map((site) => (
            <option key={site.code} value={site.code}>
              {site.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vault.fields.cohort')} value={draft.cohort} onChange={set('cohort')} error={errors.cohort}>
          <option value="">{t('vault.none')}</option>
          {summary.cohorts.map((cohort) => (
            <option key={cohort.code} value={cohort.code}>
              {cohort.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vault.fields.arm')} value={draft.arm} onChange={set('arm')} error={errors.arm}>
          <option value="">{t('vault.enrol.armLater')}</option>
          {summary.arms.map((arm) => (
            <option key={arm.code} value={arm.code}>
              {arm.name}
            </option>
          ))}
        </SelectField>
        <Field label={t('vault.fields.phone')} value={draft.phone} onChange={set('phone')} error={errors.phone} autoComplete="off" />
        <Field label={t('vault.fields.email')} value={draft.email} onChange={set('email')} error={errors.email} autoComplete="off" />
        <Field label={t('vault.fields.address')} value={draft.address} onChange={set('address')} autoComplete="off" />
        <SelectField label={t('vault.fields.preferredChannel')} value={draft.preferredChannel} onChange={set('preferredChannel')}>
          <option value="">{t('vault.none')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`vault.channels.${channel}`)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('vault.fields.legacyId')}
          hint={t('vault.enrol.legacyHint')}
          value={draft.legacyId}
          onChange={set('legacyId')}
          error={errors.legacyId}
          inputMode="numeric"
        />
      </div>
      <ConsentFields
        draft={draft}
        errors={errors}
        set={set}
        onNotRecorded={(notRecorded) => setDraft({ ...draft, consentNotRecorded: notRecorded })}
      />
      <TextAreaField label={t('vault.fields.notes')} value={draft.notes} onChange={set('notes')} />
      {duplicates && (
        <div className="confirm" role="alert">
          <p>
            {t('vault.enrol.duplicate', {
              ids: duplicates
                .map((match) => `${formatId(match.id)} (${match.reasons.map((reason) => t(`vault.reasons.${reason}`)).join(', ')})`)
                .join('; '),
            })}
          </p>
          <button type="button" onClick={() => void submit(null, true)}>
            {t('vault.enrol.anyway')}
          </button>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !draft.name.trim()}>
          {t('vault.enrol.submit')}
        </button>
      </div>
    </form>
  );
}

/** Consent in full (date, by whom, form version), or the reason it is not recorded: never left silently empty. */
function ConsentFields({
  draft,
  errors,
  set,
  onNotRecorded,
}: {
  draft: Draft;
  errors: Record<string, string>;
  set(key: Exclude<keyof Draft, 'consentNotRecorded'>): (event: { target: { value: string } }) => void;
  onNotRecorded(notRecorded: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="consent">
      <legend>{t('vault.enrol.consentHeading')}</legend>
      <label className="check">
        <input type="checkbox" checked={draft.consentNotRecorded} onChange={(event) => onNotRecorded(event.target.checked)} />{' '}
        {t('vault.enrol.consentNotRecorded')}
      </label>
      {draft.consentNotRecorded ? (
        <Field
          label={t('vault.fields.consentMissingReason')}
          value={draft.consentMissingReason}
          onChange={set('consentMissingReason')}
          error={errors.consentMissingReason}
          hint={t('vault.enrol.consentReasonHint')}
          maxLength={500}
          autoComplete="off"
        />
      ) : (
        <div className="vault-grid">
          <Field
            label={t('vault.fields.consentDate')}
            type="date"
            value={draft.consentDate}
            onChange={set('consentDate')}
            error={errors.consentDate}
          />
          <SelectField label={t('vault.fields.consentBy')} value={draft.consentBy} onChange={set('consentBy')} error={errors.consentBy}>
            <option value="">{t('vault.enrol.choose')}</option>
            <option value="participant">{t('vault.consentBy.participant')}</option>
            <option value="guardian">{t('vault.consentBy.guardian')}</option>
          </SelectField>
          <Field
            label={t('vault.fields.consentFormVersion')}
            value={draft.consentFormVersion}
            onChange={set('consentFormVersion')}
            error={errors.consentFormVersion}
          />
          {draft.consentBy === 'guardian' && (
            <Field
              label={t('vault.fields.guardianName')}
              value={draft.guardianName}
              onChange={set('guardianName')}
              error={errors.guardianName}
              autoComplete="off"
            />
          )}
        </div>
      )}
    </fieldset>
  );
}
