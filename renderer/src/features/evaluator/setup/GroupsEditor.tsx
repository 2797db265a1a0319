import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import { ErrorAlert, Field } from '../../../components/Field';
import { placeError, useApiError } from '../useApiError';
import type { RunSetup } from './SetupScreen';

type Group = SetupView['groups'][number];
type Audience = Group['audience'];
const AUDIENCES: Audience[] = ['all', 'host', 'migrant'];
const FIELDS = ['code', 'name', 'labelForOthers'] as const;

function AudienceSelect({ value, onChange, label }: { value: Audience; onChange(value: Audience): void; label: string }) {
  const { t } = useTranslation();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Audience)}>
      {AUDIENCES.map((audience) => (
        <option key={audience} value={audience}>
          {t(`setup.groups.audience_${audience}`)}
        </option>
      ))}
    </select>
  );
}

function GroupRow({ group, run, onError }: { group: Group; run: RunSetup; onError(message: string | null): void }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [name, setName] = useState(group.name);
  const [label, setLabel] = useState(group.labelForOthers);
  const [audience, setAudience] = useState<Audience>(group.audience);
  const report = (error: Awaited<ReturnType<RunSetup>>) => onError(error ? errorText(error) : null);
  return (
    <tr data-group={group.code}>
      <th scope="row">
        <span className="code">{group.code}</span>
      </th>
      <td>
        <input aria-label={t('setup.groups.nameOf', { code: group.code })} value={name} onChange={(e) => setName(e.target.value)} />
      </td>
      <td>
        <input aria-label={t('setup.groups.labelOf', { code: group.code })} value={label} onChange={(e) => setLabel(e.target.value)} />
      </td>
      <td>
        <AudienceSelect label={t('setup.groups.audienceOf', { code: group.code })} value={audience} onChange={setAudience} />
      </td>
      <td className="number">{t('setup.groups.usage', {
          participants: t('setup.participants', { count: group.participants }),
          versions: t('setup.versions', { count: group.versions }),
        })}</td>
      <td>
        <div className="actions">
          <button type="button" className="small" onClick={async () => report(await run('setup.updateGroup', { code: group.code, name, labelForOthers: label, audience }))}>
            {t('setup.save')}
          </button>
          <button type="button" className="small" onClick={async () => report(await run('setup.removeGroup', { code: group.code }))}>
            {t('setup.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** Identity groups: each with the label the other groups' questionnaires use for it in [group]. */
export function GroupsEditor({ groups, run }: { groups: Group[]; run: RunSetup }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [audience, setAudience] = useState<Audience>('all');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    const error = await run('setup.addGroup', { code: code.trim(), name, labelForOthers: label, audience });
    const placed = error ? placeError(error, errorText(error), FIELDS) : { fields: {}, form: null };
    setErrors(placed.fields);
    setFormError(placed.form);
    if (!error) {
      setCode('');
      setName('');
      setLabel('');
      setAudience('all');
    }
  }

  return (
    <section className="panel" aria-labelledby="groups-heading">
      <h3 id="groups-heading">{t('setup.groups.heading')}</h3>
      <p className="hint">{t('setup.groups.hint')}</p>
      {groups.length > 0 && (
        <table className="edit-table">
          <thead>
            <tr>
              <th scope="col">{t('setup.code')}</th>
              <th scope="col">{t('setup.groups.name')}</th>
              <th scope="col">{t('setup.groups.labelForOthers')}</th>
              <th scope="col">{t('setup.groups.audience')}</th>
              <th scope="col">{t('setup.inUse')}</th>
              <th scope="col">{t('setup.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <GroupRow key={`${group.code}:${group.name}:${group.labelForOthers}:${group.audience}`} group={group} run={run} onError={setFormError} />
            ))}
          </tbody>
        </table>
      )}
      <ErrorAlert message={formError} />
      <form className="row-form" onSubmit={add} noValidate aria-label={t('setup.groups.add')}>
        <Field label={t('setup.groups.newCode')} hint={t('setup.codeHint')} value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
        <Field label={t('setup.groups.newName')} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <Field label={t('setup.groups.newLabel')} placeholder={t('setup.groups.labelExample')} value={label} error={errors.labelForOthers} onChange={(e) => setLabel(e.target.value)} />
        <div className="field">
          <span className="label">{t('setup.groups.audience')}</span>
          <AudienceSelect label={t('setup.groups.audience')} value={audience} onChange={setAudience} />
        </div>
        <button type="submit">{t('setup.groups.add')}</button>
      </form>
    </section>
  );
}
