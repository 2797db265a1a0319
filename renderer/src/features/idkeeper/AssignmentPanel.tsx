import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { AssignmentPreview, type Preview } from './AssignmentPreview';
import { useVaultError } from './vaultErrors';
import { formatInstant } from '../../format';

type Table = MethodOutput<'vault.assignment.table'>;
type Runs = MethodOutput<'vault.allocation.runs'>;

/**
 * The toolkit's balanced design as a 2 x 2 table (identity group x arm, 30 per cell), the same
 * counts per site, and the ways to assign: at random stratified by group x site, from a waiting
 * list, or one person at a time (in the person's detail). Every run's seed is kept and re-checked.
 * Random runs are previewed first (per stratum, against the 2 x 2 table, with the seed) and only
 * the previewed allocation is written.
 */
export function AssignmentPanel() {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [table, setTable] = useState<Table | null>(null);
  const [runs, setRuns] = useState<Runs>([]);
  const [seed, setSeed] = useState('');
  const [places, setPlaces] = useState('15');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [counts, history] = await Promise.all([call('vault.assignment.table', {}), call('vault.allocation.runs', {})]);
    if (counts.ok) setTable(counts.value);
    if (history.ok) setRuns(history.value);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function showPreview(mode: 'random' | 'waitlist') {
    setBusy(true);
    const result = await call('vault.assign.preview', {
      mode,
      seed: seed || undefined,
      places: mode === 'waitlist' ? Number(places) || 0 : undefined,
    });
    setBusy(false);
    setMessage(null);
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setPreview(result.value);
  }

  async function confirm(shown: Preview) {
    setBusy(true);
    const input = { seed: shown.seed, preview: shown.fingerprint };
    const result =
      shown.mode === 'random'
        ? await call('vault.assign.random', input)
        : await call('vault.assign.waitlist', { ...input, places: shown.places ?? 0 });
    setBusy(false);
    setPreview(null);
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setMessage(t('vault.assignment.done', { count: result.value.assigned, seed: result.value.seed ?? '' }));
    void load();
  }

  /** A changed seed or number of places is another assignment: the preview shown no longer applies. */
  const edit = (setter: (value: string) => void) => (event: { target: { value: string } }) => {
    setter(event.target.value.replace(/\D/g, ''));
    setPreview(null);
  };

  if (!table) return null;
  const total = (group: string, arm: 'programme' | 'comparison' | 'unassigned') =>
    table.strata.filter((stratum) => stratum.identityGroup === group).reduce((sum, stratum) => sum + stratum[arm], 0);
  const unassigned = table.strata.reduce((sum, stratum) => sum + stratum.unassigned, 0);
  const siteName = (code: string | null) => table.sites.find((site) => site.code === code)?.name ?? t('vault.none');
  const groupName = (code: string) => table.groups.find((group) => group.code === code)?.name ?? code;

  return (
    <div>
      <h3>{t('vault.assignment.heading')}</h3>
      <p className="muted">{t('vault.assignment.goalText', { goal: table.goal })}</p>
      <table data-testid="design-table">
        <thead>
          <tr>
            <th scope="col">{t('vault.fields.arm')}</th>
            {table.groups.map((group) => (
              <th scope="col" key={group.code}>
                {group.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.arms.map((arm) => (
            <tr key={arm.code}>
              <th scope="row">{arm.name}</th>
              {table.groups.map((group) => {
                const count = total(group.code, arm.code as 'programme' | 'comparison');
                return (
                  <td key={group.code} className={`number cell-goal${count >= table.goal ? ' met' : ''}`}>
                    {t('vault.assignment.cell', { count, goal: table.goal })}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('vault.people.unassigned')}</th>
            {table.groups.map((group) => (
              <td key={group.code} className="number">
                {total(group.code, 'unassigned')}
              </td>
            ))}
          </tr>
        </tbody>
      </table>

      <h4>{t('vault.assignment.perStratum')}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('vault.fields.identityGroup')}</th>
            <th scope="col">{t('vault.fields.site')}</th>
            {table.arms.map((arm) => (
              <th scope="col" key={arm.code}>
                {arm.name}
              </th>
            ))}
            <th scope="col">{t('vault.people.unassigned')}</th>
          </tr>
        </thead>
        <tbody>
          {table.strata.map((stratum) => (
            <tr key={`${stratum.identityGroup}|${stratum.site}`}>
              <td>{groupName(stratum.identityGroup)}</td>
              <td>{siteName(stratum.site)}</td>
              {table.arms.map((arm) => (
                <td key={arm.code} className="number">
                  {stratum[arm.code as 'programme' | 'comparison']}
                </td>
              ))}
              <td className="number">{stratum.unassigned}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4>{t('vault.assignment.assignHeading')}</h4>
      <p className="muted">{t('vault.assignment.unassigned', { count: unassigned })}</p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <ErrorAlert message={error} />
      <div className="inline-form">
        <Field
          label={t('vault.assignment.seed')}
          hint={t('vault.assignment.seedHint')}
          value={seed}
          inputMode="numeric"
          onChange={edit(setSeed)}
        />
        <button type="button" className="primary" disabled={unassigned === 0 || busy} onClick={() => void showPreview('random')}>
          {t('vault.assignment.preview')}
        </button>
      </div>
      <div className="inline-form">
        <Field
          label={t('vault.assignment.places')}
          hint={t('vault.assignment.placesHint')}
          value={places}
          inputMode="numeric"
          onChange={edit(setPlaces)}
        />
        <button type="button" disabled={unassigned === 0 || busy} onClick={() => void showPreview('waitlist')}>
          {t('vault.assignment.previewWaitlist')}
        </button>
      </div>
      {preview && (
        <AssignmentPreview
          table={table}
          preview={preview}
          busy={busy}
          onConfirm={() => void confirm(preview)}
          onDiscard={() => setPreview(null)}
        />
      )}

      {runs.length > 0 && (
        <>
          <h4>{t('vault.assignment.runs')}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('vault.assignment.when')}</th>
                <th scope="col">{t('vault.assignment.mode')}</th>
                <th scope="col">{t('vault.assignment.seed')}</th>
                <th scope="col">{t('vault.assignment.assigned')}</th>
                <th scope="col">{t('vault.assignment.reproducible')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{formatInstant(run.at)}</td>
                  <td>{t(`vault.assignment.modes.${run.mode}`)}</td>
                  <td className="id-cell">{run.seed ?? ''}</td>
                  <td className="number">{run.assigned}</td>
                  <td>{run.reproducible ? t('vault.yes') : t('vault.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
