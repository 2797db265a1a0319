import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultPerson } from '../../../../electron/api/contracts/vault';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call, type Result } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { copyConfidential } from './clipboard';
import { ConfirmAction } from './ConfirmAction';
import { SelectField, spaced, TextAreaField } from './fields';
import { useVaultError } from './vaultErrors';
import { formatDay } from '../../format';

const REASONS = ['not_interested', 'moved', 'no_time', 'other', 'not_given'] as const;
const CHANNELS = ['phone', 'sms', 'email', 'post', 'in_person'] as const;

interface Props {
  id: string;
  summary: StudySummary;
  onClose(): void;
  onChanged(): void;
}

/** One person: contacts with copy buttons, consent, notes, manual assignment, withdrawal and erasure. */
export function PersonDetail({ id, summary, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [person, setPerson] = useState<VaultPerson | null>(null);
  const [editing, setEditing] = useState<Record<string, string> | null>(null);
  const [arm, setArm] = useState(summary.arms[0]?.code ?? '');
  const [reason, setReason] = useState<(typeof REASONS)[number]>('not_given');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  // errorText is rebuilt each render; only a new ID loads the person again.
  const errorRef = useRef(errorText);
  errorRef.current = errorText;

  useEffect(() => {
    setPerson(null);
    setEditing(null);
    void call('vault.person.get', { id }).then((result) => (result.ok ? setPerson(result.value) : setError(errorRef.current(result.error))));
  }, [id]);

  async function save() {
    if (!editing) return;
    const result = await call('vault.person.update', {
      id,
      phone: editing.phone,
      email: editing.email,
      address: editing.address,
      preferredChannel: (editing.preferredChannel || null) as VaultPerson['preferredChannel'],
      // A consent date entered later (retrospective enrolment) also decides which waves the person is due for.
      consentDate: editing.consentDate !== (person?.consentDate ?? '') ? editing.consentDate : undefined,
      notes: editing.notes,
    });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setPerson(result.value);
    setEditing(null);
    onChanged();
  }

  async function copy(label: string, value: string) {
    if (await copyConfidential(value)) setCopied(label);
  }

  async function run(action: Promise<Result<unknown>>, after: 'reload' | 'close') {
    const result = await action;
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    onChanged();
    if (after === 'close') onClose();
    else void call('vault.person.get', { id }).then((next) => next.ok && setPerson(next.value));
  }

  if (!person) return <ErrorAlert message={error} />;
  const nameOf = (table: 'identityGroups' | 'sites' | 'cohorts' | 'arms', code: string | null) => summary[table].find((entry) => entry.code === code)?.name ?? code ?? t('vault.none');
  const contact = (label: string, value: string | null, shown = value) => (
    <>
      <dt>{t(`vault.fields.${label}`)}</dt>
      <dd>
        {shown ?? t('vault.none')}
        {value && (
          <button type="button" className="small" onClick={() => void copy(label, value)} aria-label={t('vault.copyWhat', { what: t(`vault.fields.${label}`) })}>
            {t('vault.copy')}
          </button>
        )}
      </dd>
    </>
  );

  return (
    <section className="person-detail" aria-labelledby="person-heading">
      <h3 id="person-heading">{person.name ?? t('vault.people.erasedName')}</h3>
      <ErrorAlert message={error} />
      {copied && <p className="muted" role="status">{t('vault.copied')}</p>}
      <dl>
        {contact('id', person.id, spaced(person.id))}
        <dt>{t('vault.detail.design')}</dt>
        <dd>{[nameOf('identityGroups', person.identityGroup), nameOf('sites', person.site), nameOf('cohorts', person.cohort)].join(' · ')}</dd>
        <dt>{t('vault.fields.arm')}</dt>
        <dd>{person.arm ? nameOf('arms', person.arm) : t('vault.people.unassigned')}</dd>
        <dt>{t('vault.people.status')}</dt>
        <dd>{t(`vault.statuses.${person.status}`)}{person.legacy ? ` · ${t('vault.detail.legacy')}` : ''}</dd>
        {person.birthYear !== null && (
          <>
            <dt>{t('vault.fields.birthYear')}</dt>
            <dd>{person.birthYear}</dd>
          </>
        )}
        {contact('phone', person.phone)}
        {contact('email', person.email)}
        {contact('address', person.address)}
        <dt>{t('vault.fields.preferredChannel')}</dt>
        <dd>{person.preferredChannel ? t(`vault.channels.${person.preferredChannel}`) : t('vault.none')}</dd>
        <dt>{t('vault.detail.consent')}</dt>
        <dd data-testid="person-consent">
          {person.consentDate ? formatDay(person.consentDate) : t('vault.detail.consentNotRecorded')}
          {person.consentFormVersion ? ` · ${person.consentFormVersion}` : ''}
          {person.consentBy ? ` · ${t(`vault.consentBy.${person.consentBy}`)}` : ''}
          {person.guardianName ? ` (${person.guardianName})` : ''}
          {person.consentMissingReason ? ` · ${t('vault.detail.consentReason', { reason: person.consentMissingReason })}` : ''}
        </dd>
        <dt>{t('vault.fields.notes')}</dt>
        <dd>{person.notes || t('vault.none')}</dd>
      </dl>

      {editing ? (
        <div className="vault-grid">
          {(['phone', 'email', 'address'] as const).map((key) => (
            <Field key={key} label={t(`vault.fields.${key}`)} value={editing[key]} autoComplete="off" onChange={(event) => setEditing({ ...editing, [key]: event.target.value })} />
          ))}
          <SelectField label={t('vault.fields.preferredChannel')} value={editing.preferredChannel} onChange={(event) => setEditing({ ...editing, preferredChannel: event.target.value })}>
            <option value="">{t('vault.none')}</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`vault.channels.${channel}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('vault.fields.consentDate')}
            hint={t('vault.detail.consentDateHint')}
            type="date"
            value={editing.consentDate}
            onChange={(event) => setEditing({ ...editing, consentDate: event.target.value })}
          />
          <TextAreaField label={t('vault.fields.notes')} value={editing.notes} onChange={(event) => setEditing({ ...editing, notes: event.target.value })} />
        </div>
      ) : null}
      <div className="actions">
        {person.status !== 'identity_erased' &&
          (editing ? (
            <>
              <button type="button" className="primary" onClick={() => void save()}>
                {t('vault.detail.save')}
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                {t('vault.detail.cancel')}
              </button>
            </>
          ) : (
            <button
              type="button"
              onClick={() =>
                setEditing({
                  phone: person.phone ?? '',
                  email: person.email ?? '',
                  address: person.address ?? '',
                  preferredChannel: person.preferredChannel ?? '',
                  consentDate: person.consentDate ?? '',
                  notes: person.notes,
                })
              }
            >
              {t('vault.detail.edit')}
            </button>
          ))}
        <button type="button" onClick={onClose}>
          {t('vault.detail.close')}
        </button>
      </div>

      {!person.arm && person.rosterStatus === 'active' && (
        <div className="inline-form">
          <SelectField label={t('vault.detail.assignManually')} value={arm} onChange={(event) => setArm(event.target.value)}>
            {summary.arms.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </SelectField>
          <button type="button" onClick={() => void run(call('vault.assign.manual', { id, arm }), 'reload')}>
            {t('vault.detail.assign')}
          </button>
        </div>
      )}

      <h4>{t('vault.detail.endHeading')}</h4>
      <div className="end-actions">
        {person.status === 'active' && (
          <ConfirmAction
            id={person.id}
            label={t('vault.detail.withdraw')}
            explanation={t('vault.detail.withdrawText')}
            extra={
              <SelectField label={t('vault.detail.reason')} value={reason} onChange={(event) => setReason(event.target.value as typeof reason)}>
                {REASONS.map((value) => (
                  <option key={value} value={value}>
                    {t(`vault.withdrawReasons.${value}`)}
                  </option>
                ))}
              </SelectField>
            }
            onConfirm={(confirmId) => run(call('vault.withdraw', { id, confirmId, reason }), 'reload')}
          />
        )}
        {person.status !== 'identity_erased' && (
          <ConfirmAction
            id={person.id}
            label={t('vault.detail.eraseIdentity')}
            explanation={t('vault.detail.eraseIdentityText')}
            onConfirm={(confirmId) => run(call('vault.eraseIdentity', { id, confirmId }), 'close')}
          />
        )}
        <ConfirmAction
          id={person.id}
          label={t('vault.detail.eraseEverything')}
          explanation={t('vault.detail.eraseEverythingText')}
          onConfirm={(confirmId) => run(call('vault.eraseEverything', { id, confirmId }), 'close')}
        />
      </div>
    </section>
  );
}
