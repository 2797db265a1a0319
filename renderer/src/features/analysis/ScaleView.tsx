import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/charts/Chart';
import {
  AGREE_ROW_HEIGHT,
  agreeChangeChart,
  armRole,
  formatPoints,
  trajectoryArms,
  trajectoryChart,
} from '../../../../electron/shared/charts/analysisCharts';
import { fixed, interval, percent, pValue, type AnalysisReport, type Namer } from './format';
import { AttritionNote } from './AttritionNote';
import { StatTable } from './StatTable';

type Rows<K extends keyof AnalysisReport> = AnalysisReport[K];
type Keyed = 'descriptives' | 'change' | 'programmeEffect' | 'balance' | 'reliability' | 'agree' | 'ancova';
type Row<K extends Keyed> = Rows<K>[number];
/** ANCOVA rows in reading order: all groups first, then each group from the pooled model, then fitted alone. */
const MODEL_ORDER = { pooled: 0, interaction: 1, group: 2 } as const;

/**
 * Everything about one scale: the toolkit's figure for all groups and each group, the programme
 * effect first (the question the evaluation asks), then change within arms, the descriptives,
 * reliability, baseline balance and the percent-agree view.
 */
export function ScaleView({ report, scale, names }: { report: AnalysisReport; scale: string; names: Namer }) {
  const { t } = useTranslation();
  const info = report.scales.find((entry) => entry.concept === scale)!;
  const { settings } = report;
  const later = settings.waves.slice(1);
  const [agreeTo, setAgreeTo] = useState(later[later.length - 1] ?? settings.baseline);
  const small = (flag: boolean) => (flag ? t('analysis.col.small') : null);
  const range = { min: Math.min(...info.items.map((item) => item.min)), max: Math.max(...info.items.map((item) => item.max)) };
  const groups: (string | null)[] = [null, ...report.groups.map((group) => group.code)];
  const of = <K extends Keyed>(key: K) => (report[key] as Row<K>[]).filter((row) => row.scale === scale);
  const groupOrder = (group: string | null) => (group === null ? -1 : report.groups.findIndex((entry) => entry.code === group));
  const ancova = of('ancova').sort(
    (a, b) =>
      settings.waves.indexOf(a.to) - settings.waves.indexOf(b.to) ||
      groupOrder(a.group) - groupOrder(b.group) ||
      MODEL_ORDER[a.model] - MODEL_ORDER[b.model],
  );
  const bySite = ancova.some((row) => row.bySite !== null);
  // Morris's d on the baseline SD, from the change-score row of the same respondents' comparison.
  const dBaseline = (row: Row<'ancova'>) =>
    of('programmeEffect').find((effect) => effect.group === row.group && effect.from === row.from && effect.to === row.to)?.dppc2 ?? null;

  const agreeRows = of('agree').filter((row) => row.group === null);
  const items = [...new Set(agreeRows.map((row) => row.item))];
  // Charts and the percent-agree table name items by their wording, not their code (att1).
  const wordingOf = (code: string) => info.items.find((item) => item.code === code)?.wording ?? code;
  const armsOrdered = [...report.arms].sort((a, b) => Number(b.code === settings.programmeArm) - Number(a.code === settings.programmeArm));

  return (
    <div className="analysis-scale">
      {info.highScoreMeans && <p className="muted">{t('analysis.figureNote', { meaning: info.highScoreMeans })}</p>}
      <div className="charts">
        {groups.map((group) => (
          <Chart
            key={group ?? 'all'}
            title={t('analysis.figureTitle', { scale: info.name, group: names.group(group) })}
            fileName={`${scale}-${group ?? 'all'}`}
            height={300}
            option={trajectoryChart(
              report.waves.map((wave) => wave.label),
              trajectoryArms(report.descriptives, scale, group, settings.waves, report.arms, settings.programmeArm),
              range,
              { score: info.name },
            )}
          />
        ))}
      </div>

      <h3>{t('analysis.sections.ancova')}</h3>
      <p className="muted">{t('analysis.explain.ancova')}</p>
      <StatTable<Row<'ancova'>>
        label={t('analysis.sections.ancova')}
        testId="ancova-table"
        rows={ancova}
        warn={(row) => small(row.small)}
        columns={[
          { label: 'group', cell: (row) => names.group(row.group) },
          { label: 'model', cell: (row) => t(`analysis.model.${row.model}`) },
          { label: 'to', cell: (row) => names.wave(row.to) },
          { label: 'nArms', cell: (row) => `${row.nProgramme} / ${row.nComparison}`, number: true },
          { label: 'estimate', cell: (row) => fixed(row.estimate), number: true },
          { label: 'ci', cell: (row) => interval(row.ciLow, row.ciHigh), number: true },
          { label: 'p', cell: (row) => pValue(row.p), number: true },
          { label: 'pHolm', cell: (row) => pValue(row.pHolm), number: true },
          { label: 'dBaseline', cell: (row) => (row.model === 'group' ? '' : fixed(dBaseline(row))), number: true },
          // With two sites or more: the interval and p allowing for people at one site answering alike.
          ...(bySite
            ? [
                {
                  label: 'ciBySite',
                  cell: (row: Row<'ancova'>) => interval(row.bySite?.ciLow ?? null, row.bySite?.ciHigh ?? null),
                  number: true,
                },
                { label: 'pBySite', cell: (row: Row<'ancova'>) => pValue(row.bySite?.p), number: true },
              ]
            : []),
        ]}
      />
      <AttritionNote report={report} scale={scale} names={names} />
      <p className="muted">{t('analysis.explain.holm')}</p>
      {bySite && <p className="muted">{t('analysis.explain.bySite')}</p>}

      <h3>{t('analysis.sections.programmeEffect')}</h3>
      <p className="muted">{t('analysis.explain.d')}</p>
      <StatTable<Row<'programmeEffect'>>
        label={t('analysis.sections.programmeEffect')}
        testId="effect-table"
        rows={of('programmeEffect')}
        warn={(row) => small(row.small)}
        columns={[
          { label: 'group', cell: (row) => names.group(row.group) },
          { label: 'to', cell: (row) => names.wave(row.to) },
          { label: 'nArms', cell: (row) => `${row.nProgramme} / ${row.nComparison}`, number: true },
          { label: 'changes', cell: (row) => `${fixed(row.changeProgramme)} / ${fixed(row.changeComparison)}`, number: true },
          { label: 'difference', cell: (row) => fixed(row.difference), number: true },
          { label: 'ci', cell: (row) => interval(row.ciLow, row.ciHigh), number: true },
          { label: 't', cell: (row) => fixed(row.t), number: true },
          { label: 'p', cell: (row) => pValue(row.p), number: true },
          { label: 'pHolm', cell: (row) => pValue(row.pHolm), number: true },
          { label: 'dChange', cell: (row) => fixed(row.d), number: true },
          { label: 'g', cell: (row) => fixed(row.g), number: true },
          { label: 'dBaseline', cell: (row) => fixed(row.dppc2), number: true },
        ]}
      />

      <h3>{t('analysis.sections.change')}</h3>
      <p className="muted">{t('analysis.explain.dz')}</p>
      <StatTable<Row<'change'>>
        label={t('analysis.sections.change')}
        testId="change-table"
        rows={of('change')}
        warn={(row) => small(row.small)}
        columns={[
          { label: 'arm', cell: (row) => names.arm(row.arm) },
          { label: 'group', cell: (row) => names.group(row.group) },
          { label: 'to', cell: (row) => names.wave(row.to) },
          { label: 'n', cell: (row) => row.n, number: true },
          { label: 'meanFrom', cell: (row) => fixed(row.meanFrom), number: true },
          { label: 'meanTo', cell: (row) => fixed(row.meanTo), number: true },
          { label: 'meanChange', cell: (row) => fixed(row.meanChange), number: true },
          { label: 'ci', cell: (row) => interval(row.ciLow, row.ciHigh), number: true },
          { label: 't', cell: (row) => fixed(row.t), number: true },
          { label: 'p', cell: (row) => pValue(row.p), number: true },
          { label: 'pHolm', cell: (row) => pValue(row.pHolm), number: true },
          { label: 'dz', cell: (row) => fixed(row.dz), number: true },
        ]}
      />

      <h3>{t('analysis.sections.descriptives')}</h3>
      <StatTable<Row<'descriptives'>>
        label={t('analysis.sections.descriptives')}
        testId="descriptives-table"
        rows={of('descriptives')}
        warn={(row) => small(row.small)}
        columns={[
          { label: 'arm', cell: (row) => names.arm(row.arm) },
          { label: 'group', cell: (row) => names.group(row.group) },
          { label: 'wave', cell: (row) => names.wave(row.wave) },
          { label: 'n', cell: (row) => row.n, number: true },
          { label: 'mean', cell: (row) => fixed(row.mean), number: true },
          { label: 'sd', cell: (row) => fixed(row.sd), number: true },
          { label: 'ci', cell: (row) => interval(row.ciLow, row.ciHigh), number: true },
        ]}
      />

      <h3>{t('analysis.sections.reliability')}</h3>
      <p className="muted">{t('analysis.explain.reliability')}</p>
      <StatTable<Row<'reliability'>>
        label={t('analysis.sections.reliability')}
        testId="reliability-table"
        rows={of('reliability')}
        warn={(row) =>
          [
            row.low ? t('analysis.col.low') : '',
            row.zeroVariance.length
              ? t('analysis.zeroVariance', { items: row.zeroVariance.join(', '), count: row.zeroVariance.length })
              : '',
          ]
            .filter(Boolean)
            .join(' ') || null
        }
        columns={[
          { label: 'wave', cell: (row) => names.wave(row.wave) },
          { label: 'version', cell: (row) => row.version },
          { label: 'n', cell: (row) => row.n, number: true },
          { label: 'k', cell: (row) => row.k, number: true },
          {
            label: 'alpha',
            // No alpha on a handful of questionnaires: the reason instead of a meaningless number.
            cell: (row) =>
              row.reason ? t(`analysis.reliabilityReason.${row.reason}`, { minimum: settings.reliabilityMinimum }) : fixed(row.alpha, 3),
            number: true,
          },
          { label: 'rDrop', cell: (row) => row.items.map((item) => `${item.item} ${fixed(item.rDrop)}`).join(' · ') },
          { label: 'alphaIfDropped', cell: (row) => row.items.map((item) => `${item.item} ${fixed(item.alphaIfDropped, 3)}`).join(' · ') },
        ]}
      />

      <h3>{t('analysis.sections.balance')}</h3>
      <p className="muted">{t('analysis.explain.balance')}</p>
      <StatTable<Row<'balance'>>
        label={t('analysis.sections.balance')}
        testId="balance-table"
        rows={of('balance')}
        warn={(row) => small(row.small)}
        columns={[
          { label: 'group', cell: (row) => names.group(row.group) },
          { label: 'armA', cell: (row) => names.arm(row.armA) },
          { label: 'armB', cell: (row) => names.arm(row.armB) },
          { label: 'nA', cell: (row) => row.nA, number: true },
          { label: 'nB', cell: (row) => row.nB, number: true },
          { label: 'meanA', cell: (row) => fixed(row.meanA), number: true },
          { label: 'meanB', cell: (row) => fixed(row.meanB), number: true },
          { label: 'difference', cell: (row) => fixed(row.difference), number: true },
          { label: 'ci', cell: (row) => interval(row.ciLow, row.ciHigh), number: true },
          { label: 'p', cell: (row) => pValue(row.p), number: true },
          { label: 'd', cell: (row) => fixed(row.d), number: true },
        ]}
      />

      <h3>{t('analysis.sections.agree')}</h3>
      <p className="muted">{t('analysis.agreeNote')}</p>
      {later.length > 1 && (
        <div className="field inline">
          <label htmlFor={`agree-to-${scale}`}>{t('analysis.col.to')}</label>
          <select id={`agree-to-${scale}`} value={agreeTo} onChange={(event) => setAgreeTo(event.target.value)}>
            {later.map((wave) => (
              <option key={wave} value={wave}>
                {names.wave(wave)}
              </option>
            ))}
          </select>
        </div>
      )}
      {later.length > 0 && (
        <div className="charts">
          <Chart
            title={t('analysis.agreeTitle', { scale: info.name, from: names.wave(settings.baseline), to: names.wave(agreeTo) })}
            fileName={`${scale}-agree-${agreeTo}`}
            height={90 + AGREE_ROW_HEIGHT * items.length}
            option={agreeChangeChart(
              items.map(wordingOf),
              armsOrdered.map((arm, index) => ({
                name: arm.name,
                role: armRole(arm.code, index, settings.programmeArm),
                points: items.map(
                  (item) =>
                    agreeRows.find((row) => row.item === item && row.arm === arm.code)?.changes.find((change) => change.to === agreeTo)
                      ?.points ?? null,
                ),
              })),
              { points: t('analysis.col.points') },
            )}
          />
        </div>
      )}
      <StatTable<Row<'agree'>>
        label={t('analysis.sections.agree')}
        testId="agree-table"
        rows={of('agree')}
        warn={(row) => (row.reverseKeyed ? t('analysis.reverseNote') : null)}
        columns={[
          { label: 'item', cell: (row) => <span title={row.item}>{wordingOf(row.item)}</span> },
          { label: 'arm', cell: (row) => names.arm(row.arm) },
          { label: 'group', cell: (row) => names.group(row.group) },
          ...report.waves.map((wave, index) => ({
            label: 'share',
            header: `${t('analysis.col.share')}: ${wave.label}`,
            cell: (row: Row<'agree'>) => `${percent(row.waves[index]?.share)} (${row.waves[index]?.n ?? 0})`,
            number: true,
          })),
          ...later.map((wave) => ({
            label: 'points',
            header: `${t('analysis.col.points')}: ${names.wave(wave)}`,
            cell: (row: Row<'agree'>) => {
              const change = row.changes.find((entry) => entry.to === wave);
              return change ? `${formatPoints(change.points)} (${change.n})` : '–';
            },
            number: true,
          })),
        ]}
      />
    </div>
  );
}
