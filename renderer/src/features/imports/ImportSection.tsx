import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { ImportMapping } from '../../../../electron/api/contracts/imports';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call, on } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { SelectField } from '../entry/SelectField';
import { useApiError } from '../evaluator/useApiError';
import { MappingEditor } from './MappingEditor';
import { MatchPanel } from './MatchPanel';
import { readChosenFile, type ChosenFile } from './readFile';
import './imports.css';

type Preview = MethodOutput<'imports.preview'>;
type Run = MethodOutput<'imports.list'>[number];
type SavedMapping = MethodOutput<'imports.mappings.list'>[number];

const PROGRESS_TASK = 'imports.commit';

/**
 * Import of an online wave: choose the wave, the questionnaire version and the export, check the
 * column mapping and the label recoding against a preview (the same checks as keying), then commit
 * all or nothing. Rows without a valid ID are held; the ID-keeper matches them (vault unlocked only).
 */
export function ImportSection() {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [summary, setSummary] = useState<StudySummary | null>(null);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [runs, setRuns] = useState<Run[]>([]);
  const [vaultStatus, setVaultStatus] = useState<string>('none');
  const vaultOpen = vaultStatus === 'open';
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  // Who unlocks: the vault's audit log names the ID-keeper beside each match (issue 25, point 5).
  const [keeper, setKeeper] = useState('');
  const unlockedHere = useRef(false);
  const [wave, setWave] = useState('');
  const [version, setVersion] = useState('');
  const [savedName, setSavedName] = useState('');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [actor, setActor] = useState('');
  const [saveAs, setSaveAs] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [matching, setMatching] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    const [study, mappings, list, vault] = await Promise.all([
      call('study.summary', {}),
      call('imports.mappings.list', {}),
      call('imports.list', {}),
      call('vault.status', {}),
    ]);
    if (study.ok) {
      setSummary(study.value);
      setWave((current) => current || (study.value.waves.at(-1)?.code ?? ''));
      setVersion((current) => current || (study.value.versions[0]?.code ?? ''));
    }
    if (mappings.ok) setSaved(mappings.value);
    if (list.ok) setRuns(list.value);
    setVaultStatus(vault.ok ? vault.value.status : 'none');
  }, []);

  useEffect(() => {
    void refresh();
    const offProgress = on('progress', (event) => {
      if (event.task === PROGRESS_TASK) setProgress({ done: event.done, total: event.total });
    });
    const offLock = on('lock', (event) => {
      if (event.target === 'vault') {
        setVaultStatus('locked');
        setMatching(null);
      }
    });
    return () => {
      offProgress();
      offLock();
      // As in the ID-keeper area: a vault opened here for matching is locked when the view is left.
      if (unlockedHere.current) void call('vault.lock', {});
    };
  }, [refresh]);

  async function check(next: ChosenFile, mapping: ImportMapping | null, versionCode = version, waveCode = wave) {
    setBusy(true);
    const result = await call('imports.preview', { file: next, waveCode, versionCode, mapping });
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
    const next = await readChosenFile(chosen);
    setFile(next);
    const mapping = saved.find((entry) => entry.name === savedName)?.mapping ?? null;
    await check(next, mapping, mapping?.versionCode ?? version);
  }

  function chooseSaved(name: string) {
    setSavedName(name);
    const mapping = saved.find((entry) => entry.name === name)?.mapping;
    if (mapping) setVersion(mapping.versionCode);
    if (file) void check(file, mapping ?? null, mapping?.versionCode ?? version);
  }

  async function unlockVault() {
    setBusy(true);
    const result = await call('vault.unlock', { passphrase: vaultPassphrase, keeper });
    setBusy(false);
    setVaultPassphrase('');
    if (!result.ok) return setError(errorText(result.error));
    unlockedHere.current = true;
    setError(null);
    setVaultStatus(result.value.status);
  }

  async function commit() {
    if (!file || !preview) return;
    setBusy(true);
    setProgress({ done: 0, total: 1 });
    const result = await call('imports.commit', {
      file,
      waveCode: wave,
      mapping: preview.mapping,
      actor,
      saveMappingAs: saveAs.trim() || undefined,
    });
    setBusy(false);
    setProgress(null);
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setDone(t('imports.done', { count: result.value.imported, held: result.value.held }));
    setFile(null);
    setPreview(null);
    await refresh();
  }

  if (!summary) return null;
  if (summary.versions.length === 0) return <p className="muted">{t('imports.noVersions')}</p>;
  const ready = preview ? preview.problemCount === 0 && preview.ready + preview.held > 0 : false;

  return (
    <div className="imports" aria-busy={busy}>
      <h3>{t('imports.heading')}</h3>
      <p className="muted">{t('imports.intro')}</p>
      {done && (
        <p className="notice" role="status" data-testid="import-done">
          {done}
        </p>
      )}
      <div className="imports-choices">
        <SelectField
          label={t('imports.wave')}
          value={wave}
          onChange={(event) => {
            setWave(event.target.value);
            if (file) void check(file, preview?.mapping ?? null, version, event.target.value);
          }}
          options={summary.waves.map((entry) => ({ value: entry.code, label: entry.label }))}
        />
        <SelectField
          label={t('imports.version')}
          value={version}
          onChange={(event) => {
            setVersion(event.target.value);
            if (file) void check(file, null, event.target.value);
          }}
          options={summary.versions.map((entry) => ({ value: entry.code, label: entry.label }))}
        />
        <SelectField
          label={t('imports.savedMapping')}
          value={savedName}
          onChange={(event) => chooseSaved(event.target.value)}
          options={[{ value: '', label: t('imports.suggestMapping') }, ...saved.map((entry) => ({ value: entry.name, label: entry.name }))]}
        />
        <div className="field">
          <label htmlFor="imports-file">{t('imports.file')}</label>
          <input id="imports-file" type="file" accept=".csv,.xlsx,.txt,.tsv" onChange={(event) => void pick(event.target.files?.[0])} />
        </div>
      </div>
      <ErrorAlert message={error} />
      {preview && file && (
        <>
          <p data-testid="import-summary">
            {t('imports.summary', { count: preview.rows, ready: preview.ready, held: preview.held, problems: preview.problemCount })}
          </p>
          <MappingEditor preview={preview} onChange={(mapping) => void check(file, mapping)} />
          {preview.problemCount > 0 && (
            <>
              <h4>{t('imports.problems', { count: preview.problemCount })}</h4>
              <ul className="issues" data-testid="import-problems">
                {preview.problems.map((problem, index) => (
                  <li key={index}>{problem.message}</li>
                ))}
              </ul>
            </>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h4>{t('imports.warnings', { count: preview.warnings.length })}</h4>
              <ul className="issues" data-testid="import-warnings">
                {preview.warnings.map((warning, index) => (
                  <li key={index}>{warning.message}</li>
                ))}
              </ul>
            </>
          )}
          <h4>{t('imports.sample')}</h4>
          <div className="imports-sample">
            <table data-testid="import-sample">
              <thead>
                <tr>
                  <th scope="col">{t('imports.row')}</th>
                  <th scope="col">{t('imports.id')}</th>
                  {preview.sampleItems.map((code) => (
                    <th scope="col" key={code}>
                      {code}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row) => (
                  <tr key={row.row}>
                    <td className="number">{row.row}</td>
                    <td className="id-cell">{row.id}</td>
                    {row.cells.map((cell, index) => (
                      <td className="number" key={index}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="inline-form">
            <Field label={t('imports.actor')} value={actor} autoComplete="name" onChange={(event) => setActor(event.target.value)} />
            <Field
              label={t('imports.saveAs')}
              hint={t('imports.saveAsHint')}
              value={saveAs}
              onChange={(event) => setSaveAs(event.target.value)}
            />
            <button type="button" className="primary" disabled={busy || !ready || actor.trim() === ''} onClick={() => void commit()}>
              {t('imports.commit', { count: preview.ready })}
            </button>
          </div>
        </>
      )}
      {progress && (
        <div className="field">
          <label htmlFor="imports-progress">{t('imports.progress')}</label>
          <progress id="imports-progress" value={progress.done} max={Math.max(progress.total, 1)} />
        </div>
      )}
      {runs.length > 0 && (
        <>
          <h4>{t('imports.runs')}</h4>
          <table data-testid="import-runs">
            <thead>
              <tr>
                <th scope="col">{t('imports.fileName')}</th>
                <th scope="col">{t('imports.wave')}</th>
                <th scope="col">{t('imports.version')}</th>
                <th scope="col">{t('imports.imported')}</th>
                <th scope="col">{t('imports.unresolved')}</th>
                <th scope="col">{t('imports.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.importId}>
                  <td>{run.fileName}</td>
                  <td>{run.waveCode}</td>
                  <td>{run.versionCode}</td>
                  <td className="number">{run.imported}</td>
                  <td className="number">{run.unresolved}</td>
                  <td>
                    {vaultOpen && run.unresolved > 0 && (
                      <button type="button" onClick={() => setMatching(run.importId)}>
                        {t('imports.match.open')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!vaultOpen && runs.some((run) => run.unresolved > 0) && (
            <>
              <p className="muted">{t('imports.match.needsVault')}</p>
              {vaultStatus === 'locked' && (
                <form
                  className="inline-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void unlockVault();
                  }}
                >
                  <Field
                    label={t('vault.access.keeper')}
                    autoComplete="name"
                    value={keeper}
                    onChange={(event) => setKeeper(event.target.value)}
                  />
                  <Field
                    label={t('imports.match.passphrase')}
                    type="password"
                    autoComplete="off"
                    value={vaultPassphrase}
                    onChange={(event) => setVaultPassphrase(event.target.value)}
                  />
                  <button type="submit" disabled={busy || vaultPassphrase === '' || keeper.trim() === ''}>
                    {t('imports.match.unlock')}
                  </button>
                </form>
              )}
            </>
          )}
        </>
      )}
      {vaultOpen && matching !== null && (
        <MatchPanel importId={matching} onChanged={() => void refresh()} onClose={() => setMatching(null)} />
      )}
    </div>
  );
}
