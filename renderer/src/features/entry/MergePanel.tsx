import { useCallback, useEffect, useState } from 'react';
import { formatId } from '../../../../electron/shared/ids/format';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { CellValue } from '../../../../electron/shared/entry/rules';
import { ErrorAlert, Field } from '../../components/Field';
import { useFocusHeading } from '../../components/useFocusHeading';
import type { BatchSummary } from './BatchList';
import { useCellLabel, useEntryErrorText } from './entryText';
import { MISSING_KEYS } from './keys';

type Summary = MethodOutput<'merge.import'>;
type Preview = MethodOutput<'merge.preview'>;
type Conflict = MethodOutput<'merge.conflicts.list'>['conflicts'][number];

const MIN_PASSPHRASE = 8;

/** Reads the "other value" box: a number, S/R/D for a missing answer, or written text. */
function parseOther(raw: string): CellValue | null {
  const text = raw.trim();
  if (!text) return null;
  const missing = text.length === 1 ? MISSING_KEYS[text.toLowerCase()] : undefined;
  if (missing) return { missing };
  return /^-?\d+$/.test(text) ? Number(text) : { text };
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Merging with another laptop: export chosen batches to an encrypted batch file (IDs and answers
 * only), import one from the other laptop (previewed first), and settle every cell where the two
 * hold different values against the paper form.
 */
export function MergePanel({ batches, onBack }: { batches: BatchSummary[]; onBack(): void }) {
  const { t } = useTranslation();
  const formsText = (count: number) => t('entry.counts.forms', { count });
  const errorText = useEntryErrorText();
  const heading = useFocusHeading<HTMLHeadingElement>();
  const cellLabel = useCellLabel();
  const [error, setError] = useState<string | null>(null);

  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [exportPassphrase, setExportPassphrase] = useState('');
  const [exportRepeat, setExportRepeat] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const [path, setPath] = useState<string | null>(null);
  const [importPassphrase, setImportPassphrase] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [imported, setImported] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);

  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [chooser, setChooser] = useState('');
  const [chooserError, setChooserError] = useState<string | null>(null);
  const [others, setOthers] = useState<Record<number, string>>({});

  const loadConflicts = useCallback(async () => {
    const result = await call('merge.conflicts.list', {});
    if (result.ok) setConflicts(result.value.conflicts);
    else setError(errorText(result.error));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- errorText is stable enough for a refresh
  }, []);

  useEffect(() => {
    void loadConflicts();
  }, [loadConflicts]);

  const firstKeyings = batches.filter((batch) => batch.pass === 1);

  async function exportChosen() {
    setExported(null);
    if (exportPassphrase.length < MIN_PASSPHRASE) return setExportError(t('entry.merge.passphraseShort', { min: MIN_PASSPHRASE }));
    if (exportPassphrase !== exportRepeat) return setExportError(t('entry.merge.passphraseMismatch'));
    setExportError(null);
    const result = await call('merge.exportBatches', { batchIds: [...chosen], passphrase: exportPassphrase });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    if (result.value.path) {
      const { forms, batches, fileName } = result.value;
      setExported(t('entry.merge.exported', { forms: formsText(forms), batches: t('entry.counts.batches', { count: batches }), file: fileName }));
    }
  }

  async function chooseFile() {
    const result = await call('merge.chooseFile', {});
    if (!result.ok) return setError(errorText(result.error));
    if (result.value.path) {
      setPath(result.value.path);
      setPreview(null);
      setImported(null);
    }
  }

  async function runPreview() {
    if (!path) return;
    setBusy(true);
    const result = await call('merge.preview', { path, passphrase: importPassphrase });
    setBusy(false);
    setImported(null);
    if (!result.ok) {
      setPreview(null);
      return setError(errorText(result.error));
    }
    setError(null);
    setPreview(result.value);
  }

  async function runImport() {
    if (!path) return;
    setBusy(true);
    const result = await call('merge.import', { path, passphrase: importPassphrase });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setPreview(null);
    setImported(result.value);
    setImportPassphrase('');
    await loadConflicts();
  }

  async function resolve(conflict: Conflict, final: CellValue | null) {
    if (!chooser.trim()) return setChooserError(t('entry.errors.entryChooserMissing'));
    setChooserError(null);
    const result = await call('merge.conflicts.resolve', { conflictId: conflict.id, final, chosenBy: chooser });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setConflicts((previous) => previous.map((entry) => (entry.id === conflict.id ? result.value : entry)));
  }

  const summaryText = (summary: Summary) =>
    t('entry.merge.summary', {
      added: t('entry.counts.newForms', { count: summary.formsNew }),
      identical: summary.formsIdentical,
      conflicting: summary.formsConflicting,
      conflicts: t('entry.counts.newDifferences', { count: summary.conflicts }),
      listed: summary.conflictsAlreadyListed,
    });
  const open = conflicts.filter((conflict) => conflict.resolution === null).length;

  return (
    <section aria-labelledby="merge-heading" className="entry-merge">
      <div className="entry-grid-header">
        <h2 id="merge-heading" ref={heading} tabIndex={-1}>
          {t('entry.merge.heading')}
        </h2>
        <button type="button" onClick={onBack}>
          {t('entry.merge.back')}
        </button>
      </div>
      <p className="muted">{t('entry.merge.intro')}</p>
      <ErrorAlert message={error} />

      <div className="card entry-section">
        <h3>{t('entry.merge.exportHeading')}</h3>
        {firstKeyings.length === 0 ? (
          <p>{t('entry.batches.none')}</p>
        ) : (
          <fieldset>
            <legend>{t('entry.merge.choose')}</legend>
            {firstKeyings.map((batch) => (
              <label key={batch.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.has(batch.id)}
                  onChange={(e) =>
                    setChosen((previous) => {
                      const next = new Set(previous);
                      if (e.target.checked) next.add(batch.id);
                      else next.delete(batch.id);
                      return next;
                    })
                  }
                />
                {t('entry.merge.batchOption', { label: batch.label, wave: batch.waveLabel, forms: formsText(batch.forms), clerk: batch.clerk })}
              </label>
            ))}
          </fieldset>
        )}
        <Field label={t('entry.merge.newPassphrase')} hint={t('entry.merge.newPassphraseHint')} type="password" autoComplete="new-password" value={exportPassphrase} onChange={(e) => setExportPassphrase(e.target.value)} />
        <Field label={t('entry.merge.repeat')} type="password" autoComplete="new-password" value={exportRepeat} error={exportError} onChange={(e) => setExportRepeat(e.target.value)} />
        <div className="actions">
          <button type="button" disabled={chosen.size === 0} onClick={exportChosen}>
            {t('entry.merge.export')}
          </button>
        </div>
        {exported && <p role="status">{exported}</p>}
      </div>

      <div className="card entry-section">
        <h3>{t('entry.merge.importHeading')}</h3>
        <div className="actions">
          <button type="button" onClick={chooseFile}>
            {t('entry.merge.chooseFile')}
          </button>
          {path && <span data-testid="merge-file">{fileName(path)}</span>}
        </div>
        {path && (
          <>
            <Field label={t('entry.merge.passphrase')} type="password" autoComplete="off" value={importPassphrase} onChange={(e) => setImportPassphrase(e.target.value)} />
            <div className="actions">
              <button type="button" disabled={busy || !importPassphrase} onClick={runPreview}>
                {t('entry.merge.preview')}
              </button>
              <button type="button" disabled={busy || !preview} onClick={runImport}>
                {t('entry.merge.import')}
              </button>
            </div>
          </>
        )}
        {preview && (
          <div data-testid="merge-preview">
            <p>
              {t('entry.merge.previewIntro', {
                forms: formsText(preview.summary.formsInFile),
                batches: t('entry.counts.batches', { count: preview.summary.batchesInFile }),
              })}
            </p>
            <p>{summaryText(preview.summary)}</p>
            {preview.summary.formsOfErased > 0 && <p>{t('entry.merge.erased', { count: preview.summary.formsOfErased })}</p>}
            {preview.summary.secondPassesSkipped > 0 && <p>{t('entry.merge.secondSkipped', { count: preview.summary.secondPassesSkipped })}</p>}
          </div>
        )}
        {imported && (
          <p role="status" data-testid="merge-imported">
            {t('entry.merge.imported')} {summaryText(imported)}
          </p>
        )}
      </div>

      <div className="card entry-section">
        <h3>{t('entry.merge.conflictsHeading')}</h3>
        <p data-testid="merge-open">
          {t('entry.merge.conflictsSummary', { differences: t('entry.counts.differences', { count: conflicts.length }), open })}
        </p>
        {conflicts.length > 0 && (
          <>
            <Field label={t('entry.compare.chooser')} value={chooser} error={chooserError} autoComplete="name" onChange={(e) => setChooser(e.target.value)} />
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('entry.compare.id')}</th>
                  <th scope="col">{t('entry.merge.wave')}</th>
                  <th scope="col">{t('entry.compare.item')}</th>
                  <th scope="col">{t('entry.merge.here')}</th>
                  <th scope="col">{t('entry.merge.incoming')}</th>
                  <th scope="col">{t('entry.compare.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((conflict) => {
                  const names = { id: formatId(conflict.participantId), item: conflict.itemCode };
                  return (
                    <tr key={conflict.id} data-conflict={`${conflict.participantId}/${conflict.itemCode}`}>
                      <th scope="row" className="code">
                        {formatId(conflict.participantId)}
                      </th>
                      <td>{conflict.pass === 2 ? t('entry.merge.wavePass2', { wave: conflict.waveLabel }) : conflict.waveLabel}</td>
                      <td>{conflict.itemCode}</td>
                      <td>{cellLabel(conflict.here)}</td>
                      <td>{t('entry.merge.incomingValue', { value: cellLabel(conflict.incoming), clerk: conflict.incomingClerk })}</td>
                      <td>
                        {conflict.resolution ? (
                          <span className="decision">{t('entry.compare.resolved', { value: cellLabel(conflict.resolution.final), who: conflict.resolution.chosenBy })}</span>
                        ) : (
                          <span className="decision">
                            <button type="button" className="small" aria-label={t('entry.merge.useHereLabel', { ...names, value: cellLabel(conflict.here) })} onClick={() => resolve(conflict, conflict.here)}>
                              {t('entry.compare.useValue', { value: cellLabel(conflict.here) })}
                            </button>
                            <button type="button" className="small" aria-label={t('entry.merge.useIncomingLabel', { ...names, value: cellLabel(conflict.incoming) })} onClick={() => resolve(conflict, conflict.incoming)}>
                              {t('entry.compare.useValue', { value: cellLabel(conflict.incoming) })}
                            </button>
                            <input
                              aria-label={t('entry.compare.otherLabel', names)}
                              title={t('entry.compare.otherHint')}
                              placeholder={t('entry.compare.other')}
                              value={others[conflict.id] ?? ''}
                              onChange={(e) => setOthers((previous) => ({ ...previous, [conflict.id]: e.target.value }))}
                            />
                            <button type="button" className="small" onClick={() => resolve(conflict, parseOther(others[conflict.id] ?? ''))}>
                              {t('entry.compare.useOther')}
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}
