import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { How } from './ExportSection';

type Report = MethodOutput<'exports.check'>;
type Variable = MethodOutput<'exports.variables'>['variables'][number];

interface Props {
  report: Report;
  textItems: Set<string>;
  variables: Variable[];
  generalise: { variable: string; how: How }[];
  onGeneralise(variable: string, how: How): void;
  suppress: boolean;
  onSuppress(value: boolean): void;
}

/**
 * The k-anonymity report: the combinations of quasi-identifier values shared by fewer than k
 * respondents (design values, bands and counts: never a name), with the one-click remedies.
 */
export function RiskReportView({ report, variables, generalise, onGeneralise, suppress, onSuppress }: Props) {
  const { t } = useTranslation();
  const shown = report.risky.slice(0, 50);
  const hidden = report.risky.length - shown.length;
  const remedies = report.quasiIdentifiers.flatMap((name) =>
    (variables.find((variable) => variable.name === name)?.generalise ?? [])
      .filter((how) => !generalise.some((entry) => entry.variable === name && entry.how === how))
      .map((how) => ({ name, how })),
  );
  return (
    <div className="risk-report" data-testid="export-risk">
      {report.droppedText.length > 0 && <p className="muted">{t('exports.dropped', { columns: report.droppedText.join(', ') })}</p>}
      {report.quasiIdentifiers.length === 0 ? (
        <p className="muted">{t('exports.noQuasi')}</p>
      ) : report.passed ? (
        <p className="success" role="status">
          {report.suppressedRows > 0 ? t('exports.passedSuppressed', { k: report.k, rows: report.suppressedRows }) : t('exports.passed', { k: report.k })}
        </p>
      ) : (
        <>
          <p className="alert" role="status">
            {t('exports.risky', { rows: report.riskyRows, total: report.respondents, k: report.k })}
          </p>
          <table className="risky-table">
            <thead>
              <tr>
                {report.quasiIdentifiers.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
                <th scope="col">{t('exports.count')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((combination, index) => (
                <tr key={index}>
                  {report.quasiIdentifiers.map((name) => (
                    <td key={name}>{combination.values[name] ?? t('exports.blank')}</td>
                  ))}
                  <td>{combination.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {hidden > 0 && <p className="muted">{t('exports.more', { count: hidden })}</p>}
          <div className="actions">
            {remedies.map(({ name, how }) => (
              <button key={`${name}-${how}`} type="button" onClick={() => onGeneralise(name, how)}>
                {t(`exports.apply.${how}`, { name })}
              </button>
            ))}
            {!suppress && (
              <button type="button" onClick={() => onSuppress(true)}>
                {t('exports.suppress', { rows: report.riskyRows })}
              </button>
            )}
          </div>
        </>
      )}
      {suppress && (
        <label className="block">
          <input type="checkbox" checked onChange={() => onSuppress(false)} /> {t('exports.suppressing')}
        </label>
      )}
    </div>
  );
}
