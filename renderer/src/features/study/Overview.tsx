import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudySummary } from '../../../../electron/api/schemas';
import { IdleLockSetting } from './IdleLockSetting';
import { StudyPassphraseForm } from './StudyPassphraseForm';
import { formatDayRange } from '../../format';

/** The study at a glance: design, waves with questionnaires received, versions. No names anywhere. */
export function Overview({ summary: atOpening }: { summary: StudySummary }) {
  const { t } = useTranslation();
  // Read again each time the tab is shown: forms keyed, imported, deleted or moved since the study
  // opened change the counts.
  const [summary, setSummary] = useState(atOpening);
  useEffect(() => {
    void call('study.summary', {}).then((result) => {
      if (result.ok) setSummary(result.value);
    });
  }, []);
  const list = (entries: { name: string }[]) => (entries.length ? entries.map((entry) => entry.name).join(', ') : t('overview.none'));
  const received = new Map(summary.responsesPerWave.map((row) => [row.wave, row.responses]));
  return (
    <div className="overview">
      <h2>{t('overview.heading')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('overview.participants')}</dt>
          <dd data-testid="participants-total">
            {summary.participants.total}{' '}
            <span className="muted">
              ({t('overview.active', { count: summary.participants.active })}, {t('overview.withdrawn', { count: summary.participants.withdrawn })})
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('overview.matchTarget')}</dt>
          <dd>{t('overview.matchTargetValue', { target: Math.round(summary.matchTarget * 100), stretch: Math.round(summary.matchStretch * 100) })}</dd>
        </div>
        {summary.country && (
          <div>
            <dt>{t('overview.country')}</dt>
            <dd>{summary.country}</dd>
          </div>
        )}
      </dl>
      <h3>{t('overview.design')}</h3>
      <dl className="facts">
        <div>
          <dt>{t('overview.groups')}</dt>
          <dd>{list(summary.identityGroups)}</dd>
        </div>
        <div>
          <dt>{t('overview.arms')}</dt>
          <dd>{list(summary.arms)}</dd>
        </div>
        <div>
          <dt>{t('overview.sites')}</dt>
          <dd>{list(summary.sites)}</dd>
        </div>
        <div>
          <dt>{t('overview.cohorts')}</dt>
          <dd>{list(summary.cohorts)}</dd>
        </div>
      </dl>
      <h3>{t('overview.waves')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('overview.wave')}</th>
            <th scope="col">{t('overview.window')}</th>
            <th scope="col">{t('overview.responses')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.waves.map((wave) => (
            <tr key={wave.code} data-wave={wave.code}>
              <th scope="row">
                {wave.label} <span className="code">{wave.code}</span>
              </th>
              <td>{wave.windowStart && wave.windowEnd ? formatDayRange(wave.windowStart, wave.windowEnd) : t('overview.noWindow')}</td>
              <td className="number" data-testid={`responses-${wave.code}`}>
                {received.get(wave.code) ?? 0}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('overview.versions')}</h3>
      {summary.versions.length === 0 ? (
        <p className="muted">{t('overview.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('overview.version')}</th>
              <th scope="col">{t('overview.group')}</th>
              <th scope="col">{t('overview.language')}</th>
              <th scope="col">{t('overview.items')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.versions.map((version) => (
              <tr key={version.code}>
                <th scope="row">
                  {version.label} <span className="code">{version.code}</span>
                </th>
                <td>{summary.identityGroups.find((group) => group.code === version.identityGroup)?.name ?? version.identityGroup}</td>
                <td>{version.language}</td>
                <td className="number">{version.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <IdleLockSetting />
      <StudyPassphraseForm />
    </div>
  );
}
