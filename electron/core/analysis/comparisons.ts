import { SMALL_CELL, type AnalysisData, type Respondent, type Scale } from './model';
import type { ScoreTable } from './scores';
import { cohensD, cohensDz, hedgesG, mean, oneSampleT, pairedT, sd, welchT, finite, type TTest } from './stats';

/** A test's numbers without the estimate, which each row names for what it is. */
type TestFields = Omit<TTest, 'estimate'>;

function testFields(test: TTest): TestFields {
  const { estimate: _estimate, ...rest } = test;
  return rest;
}

export interface DescriptiveRow {
  scale: string;
  arm: string;
  /** Null: every identity group together. */
  group: string | null;
  wave: string;
  n: number;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Under the toolkit's 30 per cell. */
  small: boolean;
}

export interface ChangeRow extends TestFields {
  scale: string;
  arm: string;
  group: string | null;
  from: string;
  to: string;
  /** Matched respondents: a score at both waves. */
  n: number;
  meanFrom: number | null;
  meanTo: number | null;
  /** Mean of (to - from) over matched respondents, the paired t-test's estimate. */
  meanChange: number | null;
  sdChange: number | null;
  /** d_z = mean change / SD of the changes. */
  dz: number | null;
  small: boolean;
}

export interface ProgrammeEffectRow extends TestFields {
  scale: string;
  group: string | null;
  from: string;
  to: string;
  programmeArm: string;
  comparisonArm: string;
  nProgramme: number;
  nComparison: number;
  changeProgramme: number | null;
  changeComparison: number | null;
  /** Difference in differences: mean change in the programme arm minus in the comparison arm (Welch). */
  difference: number | null;
  /** Cohen's d of the change scores (pooled SD) and its small-sample correction, Hedges' g. */
  d: number | null;
  g: number | null;
  small: boolean;
}

export interface BalanceRow extends TestFields {
  scale: string;
  group: string | null;
  wave: string;
  armA: string;
  armB: string;
  nA: number;
  nB: number;
  meanA: number | null;
  meanB: number | null;
  /** meanA - meanB (Welch). */
  difference: number | null;
  /** Standardised mean difference (Cohen's d, pooled SD): |d| above 0.25 is commonly read as imbalance. */
  d: number | null;
  small: boolean;
}

const orNull = (values: readonly number[], compute: (values: readonly number[]) => number) => (values.length ? finite(compute(values)) : null);

/** The respondents of each arm, and within each arm per group; `null` group = all groups. */
function cells(data: AnalysisData): { arm: string; group: string | null; members: Respondent[] }[] {
  const result: { arm: string; group: string | null; members: Respondent[] }[] = [];
  for (const arm of data.arms) {
    const inArm = data.respondents.filter((respondent) => respondent.arm === arm.code);
    for (const group of data.groups) result.push({ arm: arm.code, group: group.code, members: inArm.filter((respondent) => respondent.group === group.code) });
    result.push({ arm: arm.code, group: null, members: inArm });
  }
  return result;
}

const groupKeys = (data: AnalysisData): (string | null)[] => [...data.groups.map((group) => group.code), null];

function scoresAt(table: ScoreTable, members: readonly Respondent[], wave: string): number[] {
  const values: number[] = [];
  for (const member of members) {
    const score = table.get(member.id)?.get(wave);
    if (score !== undefined) values.push(score);
  }
  return values;
}

/** Changes (to - from) of respondents with a score at both waves, with the two scores. */
function matched(table: ScoreTable, members: readonly Respondent[], from: string, to: string) {
  const before: number[] = [];
  const after: number[] = [];
  for (const member of members) {
    const perWave = table.get(member.id);
    const a = perWave?.get(from);
    const b = perWave?.get(to);
    if (a !== undefined && b !== undefined) {
      before.push(a);
      after.push(b);
    }
  }
  return { before, after, changes: after.map((value, index) => value - before[index]!) };
}

export function descriptiveRows(data: AnalysisData, scale: Scale, table: ScoreTable, waves: readonly string[]): DescriptiveRow[] {
  return cells(data).flatMap(({ arm, group, members }) =>
    waves.map((wave) => {
      const values = scoresAt(table, members, wave);
      const test = oneSampleT(values);
      return {
        scale: scale.concept,
        arm,
        group,
        wave,
        n: values.length,
        mean: orNull(values, mean),
        sd: values.length > 1 ? finite(sd(values)) : null,
        ciLow: test.ciLow,
        ciHigh: test.ciHigh,
        small: values.length < SMALL_CELL,
      };
    }),
  );
}

/** Within each arm: baseline to each later wave, on matched respondents (paired t-test). */
export function changeRows(data: AnalysisData, scale: Scale, table: ScoreTable, waves: readonly string[]): ChangeRow[] {
  const [from, ...later] = waves;
  if (from === undefined) return [];
  return cells(data).flatMap(({ arm, group, members }) =>
    later.map((to) => {
      const pairs = matched(table, members, from, to);
      const test = pairedT(pairs.after, pairs.before);
      return {
        scale: scale.concept,
        arm,
        group,
        from,
        to,
        n: pairs.changes.length,
        meanFrom: orNull(pairs.before, mean),
        meanTo: orNull(pairs.after, mean),
        meanChange: test.estimate,
        sdChange: pairs.changes.length > 1 ? finite(sd(pairs.changes)) : null,
        dz: cohensDz(pairs.changes),
        small: pairs.changes.length < SMALL_CELL,
        ...testFields(test),
      };
    }),
  );
}

/**
 * The programme arm's change against each other arm's (difference in differences): a Welch t-test
 * of the matched respondents' change scores, per identity group and for all groups together.
 */
export function programmeEffectRows(data: AnalysisData, scale: Scale, table: ScoreTable, waves: readonly string[], programmeArm: string): ProgrammeEffectRow[] {
  const [from, ...later] = waves;
  if (from === undefined) return [];
  const inArm = (arm: string, group: string | null) =>
    data.respondents.filter((respondent) => respondent.arm === arm && (group === null || respondent.group === group));
  return data.arms
    .filter((arm) => arm.code !== programmeArm)
    .flatMap((other) =>
      groupKeys(data).flatMap((group) =>
        later.map((to) => {
          const programme = matched(table, inArm(programmeArm, group), from, to).changes;
          const comparison = matched(table, inArm(other.code, group), from, to).changes;
          const test = welchT(programme, comparison);
          const d = cohensD(programme, comparison);
          return {
            scale: scale.concept,
            group,
            from,
            to,
            programmeArm,
            comparisonArm: other.code,
            nProgramme: programme.length,
            nComparison: comparison.length,
            changeProgramme: orNull(programme, mean),
            changeComparison: orNull(comparison, mean),
            difference: test.estimate,
            d,
            g: hedgesG(d, programme.length, comparison.length),
            small: programme.length < SMALL_CELL || comparison.length < SMALL_CELL,
            ...testFields(test),
          };
        }),
      ),
    );
}

/**
 * Baseline balance: every pair of arms at the first wave. With random assignment the arms should
 * differ by chance only; a population or convenience sample loaded as an arm of its own shows
 * whether participants started out like the wider population (Tech Heroes report, section 5.2.1).
 */
export function balanceRows(data: AnalysisData, scale: Scale, table: ScoreTable, baseline: string | undefined): BalanceRow[] {
  if (baseline === undefined) return [];
  const rows: BalanceRow[] = [];
  for (let i = 0; i < data.arms.length; i++) {
    for (let j = i + 1; j < data.arms.length; j++) {
      const armA = data.arms[i]!.code;
      const armB = data.arms[j]!.code;
      for (const group of groupKeys(data)) {
        const members = (arm: string) => data.respondents.filter((respondent) => respondent.arm === arm && (group === null || respondent.group === group));
        const a = scoresAt(table, members(armA), baseline);
        const b = scoresAt(table, members(armB), baseline);
        const test = welchT(a, b);
        rows.push({
          scale: scale.concept,
          group,
          wave: baseline,
          armA,
          armB,
          nA: a.length,
          nB: b.length,
          meanA: orNull(a, mean),
          meanB: orNull(b, mean),
          difference: test.estimate,
          d: cohensD(a, b),
          small: a.length < SMALL_CELL || b.length < SMALL_CELL,
          ...testFields(test),
        });
      }
    }
  }
  return rows;
}
