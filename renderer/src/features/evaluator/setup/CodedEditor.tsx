import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import { ErrorAlert, Field } from '../../../components/Field';
import { placeError, useApiError } from '../useApiError';
import type { RunSetup } from './SetupScreen';

type Table = 'arm' | 'site' | 'cohort';
type Row = SetupView['arms'][number];
const FIELDS = ['code', 'name'] as const;

function CodedRow({ table, row, run, onError }: { table: Table; row: Row; run: RunSetup; onError(message: string | null): void }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [name, setName] = useState(row.name);
  const report = (error: Awaited<ReturnType<RunSetup>>) => onError(error ? errorText(error) : null);
  return (
    <tr data-code={row.code}>
      <th scope="row">
        <span className="code">{row.code}</span>
      </th>
      <td>
        <input aria-label={t('setup.nameOf', { code: row.code })} value={name} onChange={(e) => setName(e.target.value)} />
      </td>
      <td className="number">{t('setup.participants', { count: row.participants })}</td>
      <td>
        <div className="actions">
          <button type="button" className="small" onClick={async () => report(await run('setup.renameEntry', { table, code: row.code, name }))}>
            {t('setup.save')}
          </button>
          <button type="button" className="small" onClick={async () => report(await run('setup.removeEntry', { table, code: row.code }))}>
            {t('setup.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** Arms, sites or cohorts: a code that never changes, and a name that can. */
export function CodedEditor({ table, rows, run }: { table: Table; rows: Row[]; run: RunSetup }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const heading = `${table}-heading`;

  async function add(event: FormEvent | null, entry = { code: code.trim(), name }) {
    event?.preventDefault();
    const error = await run('setup.addEntry', { table, ...entry });
    const placed = error ? placeError(error, errorText(error), FIELDS) : { fields: {}, form: null };
    setErrors(placed.fields);
    setFormError(placed.form);
    if (!error && event) {
      setCode('');
      setName('');
    }
  }

  return (
    <section className="panel" aria-labelledby={heading}>
      <h3 id={heading}>{t(`setup.${table}.heading`)}</h3>
      <p className="hint">{t(`setup.${table}.hint`)}</p>
      {rows.length > 0 && (
        <table className="edit-table">
          <thead>
            <tr>
              <th scope="col">{t('setup.code')}</th>
              <th scope="col">{t('setup.name')}</th>
              <th scope="col">{t('setup.inUse')}</th>
              <th scope="col">{t('setup.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <CodedRow key={`${row.code}:${row.name}`} table={table} row={row} run={run} onError={setFormError} />
            ))}
          </tbody>
        </table>
      )}
      <ErrorAlert message={formError} />
      {table === 'arm' && !rows.some((row) => row.code === 'waiting') && (
        <p>
          <button type="button" onClick={() => add(null, { code: 'waiting', name: t('setup.arm.waitingList') })}>
            {t('setup.arm.addWaitingList')}
          </button>
        </p>
      )}
      <form className="row-form" onSubmit={add} noValidate aria-label={t(`setup.${table}.add`)}>
        <Field label={t(`setup.${table}.newCode`)} hint={t('setup.codeHint')} value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
        <Field label={t(`setup.${table}.newName`)} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">{t(`setup.${table}.add`)}</button>
      </form>
    </section>
  );
}
