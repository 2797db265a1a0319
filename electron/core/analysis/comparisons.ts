import { cellOf, type Indexed } from './indexed';
import { SMALL_CELL, type AnalysisData, type Scale } from './model';
import { cohensD, cohensDz, hedgesG, mean, oneSampleT, pairedT, sd, welchT, finite, variance, type TTest } from './stats';

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
  /** Holm-adjusted within the family (multiplicity.ts); set when the report is assembled. */
  pHolm: number | null;
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
  /**
   * On the baseline SD: Morris (2008) d_ppc2 = c_P (difference in mean change) / pooled SD of the
   * same respondents' baseline scores, c_P = 1 - 3 / (4 (nT + nC - 2) - 1). The d above divides by
   * the SD of the changes, which is smaller when scores correlate over time, so it reads larger.
   */
  dppc2: number | null;
  sdBaseline: number | null;
  small: boolean;
  pHolm: number | null;
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
  pHolm: number | null;
}

const orNull = (values: readonly number[], compute: (values: readonly number[]) => number) => (values.length ? finite(compute(values)) : null);

/** A scale's scores for the comparisons: respondent x wave over the run's index (indexed.ts). */
export interface Scores {
  index: Indexed;
  /** respondent x wave, NaN = no score. */
  values: Float64Array;
}

const groupKeys = (data: AnalysisData): (string | null)[] => [...data.groups.map((group) => group.code), null];

function scoresAt(scores: Scores, members: Int32Array, wave: string): number[] {
  const values: number[] = [];
  const w = scores.index.waveIndex.get(wave);
  if (w === undefined) return values;
  const stride = scores.index.waveCount;
  for (let m = 0; m < members.length; m++) {
    const score = scores.values[members[m]! * stride + w]!;
    if (!Number.isNaN(score)) values.push(score);
  }
  return values;
}

/** Changes (to - from) of respondents with a score at both waves, with the two scores. */
function matched(scores: Scores, members: Int32Array, from: string, to: string) {
  const before: number[] = [];
  const after: number[] = [];
  const a = scores.index.waveIndex.get(from);
  const b = scores.index.waveIndex.get(to);
  if (a !== undefined && b !== undefined) {
    const stride = scores.index.waveCount;
    for (let m = 0; m < members.length; m++) {
      const member = members[m]!;
      const first = scores.values[member * stride + a]!;
      const second = scores.values[member * stride + b]!;
      if (!Number.isNaN(first) && !Number.isNaN(second)) {
        before.push(first);
        after.push(second);
      }
    }
  }
  return { before, after, changes: after.map((value, index) => value - before[index]!) };
}

export function descriptiveRows(data: AnalysisData, scale: Scale, scores: Scores, waves: readonly string[]): DescriptiveRow[] {
  return scores.index.cells.flatMap(({ arm, group, members }) =>
    waves.map((wave) => {
      const values = scoresAt(scores, members, wave);
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
export function changeRows(data: AnalysisData, scale: Scale, scores: Scores, waves: readonly string[]): ChangeRow[] {
  const [from, ...later] = waves;
  if (from === undefined) return [];
  return scores.index.cells.flatMap(({ arm, group, members }) =>
    later.map((to) => {
      const pairs = matched(scores, members, from, to);
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
        pHolm: null,
      };
    }),
  );
}

/** Morris (2008) d_ppc2 on the matched respondents' baseline scores (see ProgrammeEffectRow). */
function morrisD(difference: number | null, before: readonly number[], beforeOther: readonly number[]) {
  const nT = before.length;
  const nC = beforeOther.length;
  if (difference === null || nT < 2 || nC < 2) return { dppc2: null, sdBaseline: null };
  const sdBaseline = Math.sqrt(((nT - 1) * variance(before) + (nC - 1) * variance(beforeOther)) / (nT + nC - 2));
  const correction = 1 - 3 / (4 * (nT + nC - 2) - 1);
  return { dppc2: sdBaseline > 0 ? finite((correction * difference) / sdBaseline) : null, sdBaseline: finite(sdBaseline) };
}

/**
 * The programme arm's change against each other arm's (difference in differences): a Welch t-test
 * of the matched respondents' change scores, per identity group and for all groups together.
 */
export function programmeEffectRows(data: AnalysisData, scale: Scale, scores: Scores, waves: readonly string[], programmeArm: string): ProgrammeEffectRow[] {
  const [from, ...later] = waves;
  if (from === undefined) return [];
  const inArm = (arm: string, group: string | null) => cellOf(scores.index, arm, group);
  return data.arms
    .filter((arm) => arm.code !== programmeArm)
    .flatMap((other) =>
      groupKeys(data).flatMap((group) =>
        later.map((to) => {
          const programmePairs = matched(scores, inArm(programmeArm, group), from, to);
          const comparisonPairs = matched(scores, inArm(other.code, group), from, to);
          const programme = programmePairs.changes;
          const comparison = comparisonPairs.changes;
          const test = welchT(programme, comparison);
          const d = cohensD(programme, comparison);
          const morris = morrisD(test.estimate, programmePairs.before, comparisonPairs.before);
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
            ...morris,
            small: programme.length < SMALL_CELL || comparison.length < SMALL_CELL,
            ...testFields(test),
            pHolm: null,
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
export function balanceRows(data: AnalysisData, scale: Scale, scores: Scores, baseline: string | undefined): BalanceRow[] {
  if (baseline === undefined) return [];
  const rows: BalanceRow[] = [];
  for (let i = 0; i < data.arms.length; i++) {
    for (let j = i + 1; j < data.arms.length; j++) {
      const armA = data.arms[i]!.code;
      const armB = data.arms[j]!.code;
      for (const group of groupKeys(data)) {
        const members = (arm: string) => cellOf(scores.index, arm, group);
        const a = scoresAt(scores, members(armA), baseline);
        const b = scoresAt(scores, members(armB), baseline);
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
          pHolm: null,
        });
      }
    }
  }
  return rows;
}
