import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { ColumnMapping, ImportField } from '../../../../electron/api/contracts/vault';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { useVaultError } from './vaultErrors';
import { fileToBase64 } from '../../components/base64';

type Preview = MethodOutput<'vault.import.preview'>;

/**
 * The contract's import fields, listed here because the renderer takes only types from the
 * Electron side; `satisfies` and the check below keep the two lists equal at compile time.
 */
const IMPORT_FIELDS = [
  'name', 'identity_group', 'site', 'cohort', 'arm', 'id', 'birth_year', 'phone', 'email', 'address',
  'preferred_channel', 'consent_date', 'consent_form_version', 'consent_by', 'guardian_name', 'consent_missing_reason',
  'notes',
] as const satisfies readonly ImportField[];
/** Row numbers as a short list: the first 20, then "…" (the ID-keeper finds them in the file). */
const listRows = (rows: readonly number[]) => rows.slice(0, 20).join(', ') + (rows.length > 20 ? ', …' : '');

type Unlisted = Exclude<ImportField, (typeof IMPORT_FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : false = true;
void everyFieldListed;

/**
 * Bulk enrolment from a spreadsheet the ID-keeper picks (the renderer reads the file, the core
 * never sees a path): columns matched to fields, a preview with every row's problems, then all or
 * nothing. The file's content is dropped once imported.
 */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [assign, setAssign] = useState(false);
  const [seed, setSeed] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(next: { fileName: string; contentBase64: string }, mapping?: ColumnMapping) {
    setBusy(true);
    const result = await call('vault.import.preview', { ...next, mapping });
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      return setError(errorText(result.error));
    }
    setError(null);
    setPreview(result.value);
  }

  async function pick(chosen: File | undefined) {
    setDone(null);
    setPreview(null);
    if (!chosen) return setFile(null);
    const next = { fileName: chosen.name, contentBase64: await fileToBase64(chosen) };
    setFile(next);
    await load(next);
  }

  async function commit() {
    if (!file || !preview) return;
    setBusy(true);
    const result = await call('vault.import.commit', { ...file, mapping: preview.mapping, assign: assign ? 'random' : 'none', seed: assign && seed ? seed : undefined });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    if (result.value.status === 'invalid') return setError(t('vault.import.stillInvalid', { count: result.value.errors.length }));
    const { enrolled, assignment } = result.value;
    setDone(assignment ? t('vault.import.doneAssigned', { count: enrolled, seed: assignment.seed }) : t('vault.import.done', { count: enrolled }));
    setFile(null);
    setPreview(null);
    onImported();
  }

  const remap = (field: ImportField, value: string) => {
    if (!file || !preview) return;
    void load(file, { ...preview.mapping, [field]: value === '' ? null : Number(value) });
  };

  return (
    <div aria-busy={busy}>
      <h3>{t('vault.import.heading')}</h3>
      <p className="muted">{t('vault.import.text')}</p>
      {done && <p className="notice" role="status">{done}</p>}
      <div className="field">
        <label htmlFor="vault-import-file">{t('vault.import.file')}</label>
        <input id="vault-import-file" type="file" accept=".csv,.xlsx,.txt,.tsv" onChange={(event) => void pick(event.target.files?.[0])} />
      </div>
      <ErrorAlert message={error} />
      {preview && (
        <>
          <h4>{t('vault.import.mapping')}</h4>
          <div className="mapping">
            {IMPORT_FIELDS.map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`map-${field}`}>{t(`vault.importFields.${field}`)}</label>
                <select id={`map-${field}`} value={preview.mapping[field] ?? ''} onChange={(event) => remap(field, event.target.value)}>
                  <option value="">{t('vault.import.notImported')}</option>
                  {preview.headers.map((header, index) => (
                    <option key={index} value={index}>
                      {header}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <p data-testid="import-summary">
            {t('vault.import.summary', {
              valid: preview.validCount,
              count: preview.rowCount,
              problems: t('vault.import.problems', { count: preview.errors.length }),
            })}
          </p>
          {preview.errors.length > 0 && (
            <>
              <h4>{t('vault.import.errors')}</h4>
              <ul className="issues" data-testid="import-errors">
                {preview.errors.map((issue, index) => (
                  <li key={index}>{t(`vault.rowErrors.${issue.key}`, { ...issue.params, defaultValue: issue.message })}</li>
                ))}
              </ul>
            </>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h4>{t('vault.import.warnings')}</h4>
              <ul className="issues">
                {preview.warnings.map((issue, index) => (
                  <li key={index}>{t('vault.import.duplicateRow', { row: issue.row, matches: issue.matches.join(', ') })}</li>
                ))}
              </ul>
            </>
          )}
          {preview.consentNotRecorded.length > 0 && (
            <>
              <h4>{t('vault.import.consentHeading')}</h4>
              <p className="warning" data-testid="import-consent">
                {t('vault.import.consentNotRecorded', {
                  count: preview.consentNotRecorded.length,
                  rows: listRows(preview.consentNotRecorded),
                })}
              </p>
            </>
          )}
          <h4>{t('vault.import.previewHeading')}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('vault.import.row')}</th>
                <th scope="col">{t('vault.fields.name')}</th>
                <th scope="col">{t('vault.fields.identityGroup')}</th>
                <th scope="col">{t('vault.fields.site')}</th>
                <th scope="col">{t('vault.fields.cohort')}</th>
                <th scope="col">{t('vault.fields.birthYear')}</th>
                <th scope="col">{t('vault.fields.phone')}</th>
                <th scope="col">{t('vault.fields.legacyId')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.preview.map((row) => (
                <tr key={row.row}>
                  <td className="number">{row.row}</td>
                  <td>{row.name}</td>
                  <td>{row.identityGroup}</td>
                  <td>{row.site ?? ''}</td>
                  <td>{row.cohort ?? ''}</td>
                  <td>{row.birthYear ?? ''}</td>
                  <td>{row.phone ?? ''}</td>
                  <td className="id-cell">{row.legacyId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="inline-form">
            <label className="checkbox">
              <input type="checkbox" checked={assign} onChange={(event) => setAssign(event.target.checked)} /> {t('vault.import.assign')}
            </label>
            {assign && <Field label={t('vault.assignment.seed')} hint={t('vault.assignment.seedHint')} value={seed} inputMode="numeric" onChange={(event) => setSeed(event.target.value.replace(/\D/g, ''))} />}
            <button type="button" className="primary" disabled={busy || preview.errors.length > 0 || preview.validCount === 0} onClick={() => void commit()}>
              {t('vault.import.commit', { count: preview.validCount })}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
