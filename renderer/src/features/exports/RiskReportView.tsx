import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { Candidate, How } from './ExportSection';

type Report = MethodOutput<'exports.check'>;

interface Props {
  report: Report;
  textItems: Set<string>;
  /** Design columns and questions: a remedy applies to a question at every time point. */
  candidates: Candidate[];
  generalise: { variable: string; how: How }[];
  onGeneralise(variable: string, how: How): void;
  suppress: boolean;
  onSuppress(value: boolean): void;
}

/**
 * The k-anonymity report: what was checked (the default set or the evaluator's), and how it came
 * out. Combinations of quasi-identifier values shared by fewer than k respondents (design values,
 * bands and counts: never a name) come with the one-click remedies. "Passed" is said only when at
 * most the stated share of rows was suppressed: above it, and when nothing was checked, the
 * report says so and the export needs a reason (the core's status decides, not this view).
 */
export function RiskReportView({ report, candidates, generalise, onGeneralise, suppress, onSuppress }: Props) {
  const { t } = useTranslation();
  const shown = report.risky.slice(0, 50);
  const hidden = report.risky.length - shown.length;
  const checked = new Set(report.quasiIdentifiers);
  const remedies = candidates
    .filter((candidate) => candidate.columns.some((column) => checked.has(column)))
    .flatMap((candidate) =>
      candidate.generalise
        .filter((how) => !generalise.some((entry) => entry.variable === candidate.name && entry.how === how))
        .map((how) => ({ name: candidate.name, how })),
    );
  const limit = Math.round(report.suppressionLimit * 100);
  const counts = { count: report.suppressedRows, total: report.respondents, limit, k: report.k };
  return (
    <div className="risk-report" data-testid="export-risk" data-status={report.status}>
      {report.droppedText.length > 0 && <p className="muted">{t('exports.dropped', { columns: report.droppedText.join(', ') })}</p>}
      {report.status !== 'unchecked' && (
        <p className="muted" data-testid="export-checked-over">
          {t(report.defaultQuasi ? 'exports.checkedOverDefault' : 'exports.checkedOver', {
            columns: report.quasiIdentifiers.join(', '),
            k: report.k,
          })}
        </p>
      )}
      {report.status === 'unchecked' && (
        <p className="alert" role="status">
          {t('exports.unchecked')}
        </p>
      )}
      {report.status === 'passed' && (
        <p className="success" role="status">
          {report.suppressedRows > 0 ? t('exports.passedSuppressedShare', counts) : t('exports.passed', { k: report.k })}
        </p>
      )}
      {report.status === 'overSuppressed' && (
        <p className="alert" role="status">
          {t('exports.overSuppressed', counts)}
        </p>
      )}
      {report.status === 'atRisk' && (
        <>
          <p className="alert" role="status">
            {t('exports.risky', { rows: report.riskyRows, count: report.respondents, k: report.k })}
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
        </>
      )}
      {(report.status === 'atRisk' || report.status === 'overSuppressed') && (
        <div className="actions">
          {remedies.map(({ name, how }) => (
            <button key={`${name}-${how}`} type="button" onClick={() => onGeneralise(name, how)}>
              {t(`exports.apply.${how}`, { name })}
            </button>
          ))}
          {!suppress && (
            <button type="button" onClick={() => onSuppress(true)}>
              {t('exports.suppress', { count: report.riskyRows })}
            </button>
          )}
        </div>
      )}
      {suppress && (
        <label className="block">
          <input type="checkbox" checked onChange={() => onSuppress(false)} /> {t('exports.suppressing')}
        </label>
      )}
    </div>
  );
}
