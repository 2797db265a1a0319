import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { StudySummary } from '../../../../electron/api/schemas';
import { formatId } from '../../../../electron/shared/ids/format';
import { call } from '../../api/client';
import { stratumName } from './RateTable';

/** IDs due or missing for a wave, with group, arm, site and days overdue. No names: those stay in the vault. */
export function FollowUpList({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const [wave, setWave] = useState(summary.waves[1]?.code ?? summary.waves[0]?.code ?? '');
  const [list, setList] = useState<MethodOutput<'tracking.followUp'>>({ entries: [], notExpected: 0 });
  const { entries, notExpected } = list;

  useEffect(() => {
    if (!wave) return;
    void call('tracking.followUp', { wave }).then((result) => result.ok && setList(result.value));
  }, [wave]);

  return (
    <>
      <h3>{t('tracking.followUp')}</h3>
      <div className="field inline">
        <label htmlFor="follow-up-wave">{t('overview.wave')}</label>
        <select id="follow-up-wave" value={wave} onChange={(event) => setWave(event.target.value)}>
          {summary.waves.map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.label}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" data-testid="follow-up-count">
        {t('tracking.followUpCount', { count: entries.length })}
        {notExpected > 0 && ` ${t('tracking.notExpectedCount', { count: notExpected })}`}
      </p>
      <p className="muted">{t('tracking.followUpNames')}</p>
      {entries.length > 0 && (
        <table data-testid="follow-up">
          <thead>
            <tr>
              <th scope="col">{t('tracking.id')}</th>
              <th scope="col">{t('tracking.stratum')}</th>
              <th scope="col">{t('tracking.state')}</th>
              <th scope="col">{t('tracking.daysOverdue')}</th>
              <th scope="col">{t('tracking.missedEarlier')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="code">{formatId(entry.id)}</td>
                <td>{stratumName(summary, { arm: entry.arm, group: entry.group, site: entry.site }, t('tracking.none'))}</td>
                <td>{t(`tracking.states.${entry.state}`)}</td>
                <td className="number">{entry.daysOverdue}</td>
                <td>{entry.missedEarlier.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
