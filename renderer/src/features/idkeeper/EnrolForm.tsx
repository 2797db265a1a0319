import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch, NewPerson } from '../../../../electron/api/contracts/vault';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { copyConfidential } from './clipboard';
import { SelectField, spaced, TextAreaField } from './fields';
import { useVaultError } from './vaultErrors';

const CHANNELS = ['phone', 'sms', 'email', 'post', 'in_person'] as const;
/** Core errors about these fields are shown at the field; any other above the form. */
const FIELDS_WITH_ERRORS = ['name', 'birthYear', 'identityGroup', 'site', 'cohort', 'arm', 'phone', 'email', 'consentDate', 'guardianName', 'legacyId'];

type Draft = Record<
  'name' | 'birthYear' | 'phone' | 'email' | 'address' | 'preferredChannel' | 'consentDate' | 'consentFormVersion' | 'consentBy' | 'guardianName' | 'notes' | 'identityGroup' | 'site' | 'cohort' | 'arm' | 'legacyId',
  string
>;

function emptyDraft(summary: StudySummary): Draft {
  return {
    name: '', birthYear: '', phone: '', email: '', address: '', preferredChannel: '', consentDate: '', consentFormVersion: '',
    consentBy: 'participant', guardianName: '', notes: '', identityGroup: summary.identityGroups[0]?.code ?? '',
    site: summary.sites[0]?.code ?? '', cohort: summary.cohorts[0]?.code ?? '', arm: '', legacyId: '',
  };
}

function toPerson(draft: Draft): NewPerson {
  return {
    name: draft.name,
    birthYear: draft.birthYear ? Number(draft.birthYear) : null,
    phone: draft.phone,
    email: draft.email,
    address: draft.address,
    preferredChannel: (draft.preferredChannel || null) as NewPerson['preferredChannel'],
    consentDate: draft.consentDate,
    consentFormVersion: draft.consentFormVersion,
    consentBy: (draft.consentBy || null) as NewPerson['consentBy'],
    guardianName: draft.guardianName,
    notes: draft.notes,
    identityGroup: draft.identityGroup,
    site: draft.site || null,
    cohort: draft.cohort || null,
    arm: draft.arm || null,
    legacyId: draft.legacyId.trim() || undefined,
  };
}

/** Enrols one person: the vault keeps the name, contacts and consent; the roster gets the new ID. */
export function EnrolForm({ summary, onEnrolled }: { summary: StudySummary; onEnrolled(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(summary));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  const [enrolled, setEnrolled] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof Draft) => (event: { target: { value: string } }) => {
    setDraft({ ...draft, [key]: event.target.value });
    setErrors({});
    setDuplicates(null);
  };

  async function submit(event: FormEvent | null, allowDuplicate = false) {
    event?.preventDefault();
    if (draft.birthYear && !/^\d{4}$/.test(draft.birthYear)) return setErrors({ birthYear: t('vault.enrol.birthYearFormat') });
    setBusy(true);
    const result = await call('vault.enrol', { ...toPerson(draft), allowDuplicate });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field && FIELDS_WITH_ERRORS.includes(result.error.field) ? result.error.field : 'form';
      return setErrors({ [field]: errorText(result.error) });
    }
    if (result.value.status === 'duplicate') return setDuplicates(result.value.matches);
    setDuplicates(null);
    setEnrolled(result.value.id);
    setDraft({ ...emptyDraft(summary), identityGroup: draft.identityGroup, site: draft.site, cohort: draft.cohort });
    onEnrolled();
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-busy={busy} aria-labelledby="enrol-heading" className="vault-form">
      <h3 id="enrol-heading">{t('vault.enrol.heading')}</h3>
      {enrolled && (
        <div className="notice" role="status">
          {t('vault.enrol.done')} <span className="new-id" data-testid="new-id">{spaced(enrolled)}</span>{' '}
          <button type="button" className="small" onClick={() => void copyConfidential(enrolled)}>
            {t('vault.copy')}
          </button>
        </div>
      )}
      <ErrorAlert message={errors.form ?? null} />
      <div className="vault-grid">
        <Field label={t('vault.fields.name')} value={draft.name} onChange={set('name')} error={errors.name} autoComplete="off" />
        <Field label={t('vault.fields.birthYear')} value={draft.birthYear} onChange={set('birthYear')} error={errors.birthYear} inputMode="numeric" />
        <SelectField label={t('vault.fields.identityGroup')} value={draft.identityGroup} onChange={set('identityGroup')} error={errors.identityGroup}>
          {summary.identityGroups.map((group) => (
            <option key={group.code} value={group.code}>
              {group.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('vault.fields.site')} value={draft.site} onChange={set('site')} error={errors.site}>
          <option value="">{t('vault.none')}</option>
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
        <Field label={t('vault.fields.consentDate')} type="date" value={draft.consentDate} onChange={set('consentDate')} error={errors.consentDate} />
        <Field label={t('vault.fields.consentFormVersion')} value={draft.consentFormVersion} onChange={set('consentFormVersion')} />
        <SelectField label={t('vault.fields.consentBy')} value={draft.consentBy} onChange={set('consentBy')}>
          <option value="participant">{t('vault.consentBy.participant')}</option>
          <option value="guardian">{t('vault.consentBy.guardian')}</option>
        </SelectField>
        {draft.consentBy === 'guardian' && (
          <Field label={t('vault.fields.guardianName')} value={draft.guardianName} onChange={set('guardianName')} error={errors.guardianName} autoComplete="off" />
        )}
        <Field label={t('vault.fields.legacyId')} hint={t('vault.enrol.legacyHint')} value={draft.legacyId} onChange={set('legacyId')} error={errors.legacyId} inputMode="numeric" />
      </div>
      <TextAreaField label={t('vault.fields.notes')} value={draft.notes} onChange={set('notes')} />
      {duplicates && (
        <div className="confirm" role="alert">
          <p>{t('vault.enrol.duplicate', { ids: duplicates.map((match) => `${spaced(match.id)} (${match.reasons.map((reason) => t(`vault.reasons.${reason}`)).join(', ')})`).join('; ') })}</p>
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
