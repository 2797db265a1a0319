import { cellOf } from './indexed';
import { SMALL_CELL, type AnalysisData, type Scale } from './model';
import { contrast, NO_CONTRAST, ols, type Contrast } from './ols';
import type { Scores } from './comparisons';

/**
 * ANCOVA, the estimate a reviewer expects of a randomised pre/post design: the later score on the
 * baseline score and the arm (OLS), on respondents with a score at both waves. Adjusting for the
 * baseline instead of subtracting it (the change-score test) gives a smaller standard error
 * whenever baseline and later scores correlate less than perfectly.
 */
export interface AncovaRow extends Contrast {
  scale: string;
  /** Null: the pooled model's average effect. */
  group: string | null;
  /** 'group': that group's own model; 'interaction': its effect in the pooled model; 'pooled': the average effect. */
  model: 'group' | 'pooled' | 'interaction';
  from: string;
  to: string;
  programmeArm: string;
  comparisonArm: string;
  /** Respondents in the model. */
  n: number;
  /** The respondents the effect speaks of: the group's for 'group' and 'interaction', everyone's for 'pooled'. */
  nProgramme: number;
  nComparison: number;
  small: boolean;
  pHolm: number | null;
}

interface Pair {
  before: number;
  after: number;
  programme: boolean;
  group: number;
}

/** Respondents of one arm and group with a score at both waves. */
function pairs(scores: Scores, members: Int32Array, from: number, to: number, programme: boolean, group: number): Pair[] {
  const out: Pair[] = [];
  const stride = scores.index.waveCount;
  for (let m = 0; m < members.length; m++) {
    const before = scores.values[members[m]! * stride + from]!;
    const after = scores.values[members[m]! * stride + to]!;
    if (!Number.isNaN(before) && !Number.isNaN(after)) out.push({ before, after, programme, group });
  }
  return out;
}

/** later ~ baseline + arm: the arm's coefficient (programme = 1). */
function simpleModel(rows: Pair[]): Contrast {
  const fit = ols(
    rows.map((row) => [1, row.before, row.programme ? 1 : 0]),
    rows.map((row) => row.after),
  );
  return fit ? contrast(fit, [0, 0, 1]) : NO_CONTRAST;
}

/**
 * later ~ baseline + arm * group with the groups in sum-to-zero coding (R's contr.sum): the arm's
 * coefficient is then the mean of the groups' effects, each group weighing the same, and group g's
 * own effect is that plus its interaction term (the last group's: minus the others' terms).
 * Returns the average effect and each present group's effect, in the order of `present`.
 */
function interactionModel(rows: Pair[], present: number[]): { average: Contrast; groups: Contrast[] } {
  const G = present.length;
  const coding = (group: number) => {
    const at = present.indexOf(group);
    return Array.from({ length: G - 1 }, (_, g) => (at === G - 1 ? -1 : at === g ? 1 : 0));
  };
  const fit = ols(
    rows.map((row) => {
      const codes = coding(row.group);
      const arm = row.programme ? 1 : 0;
      return [1, row.before, arm, ...codes, ...codes.map((code) => code * arm)];
    }),
    rows.map((row) => row.after),
  );
  if (!fit) return { average: NO_CONTRAST, groups: present.map(() => NO_CONTRAST) };
  const base = [0, 0, 1, ...new Array<number>(G - 1).fill(0)];
  return {
    average: contrast(fit, [...base, ...new Array<number>(G - 1).fill(0)]),
    groups: present.map((group) => contrast(fit, [...base, ...coding(group)])),
  };
}

export function ancovaRows(data: AnalysisData, scale: Scale, scores: Scores, waves: readonly string[], programmeArm: string): AncovaRow[] {
  const [from, ...later] = waves;
  const a = from === undefined ? undefined : scores.index.waveIndex.get(from);
  if (from === undefined || a === undefined) return [];
  const rows: AncovaRow[] = [];
  for (const other of data.arms.filter((arm) => arm.code !== programmeArm)) {
    for (const to of later) {
      const b = scores.index.waveIndex.get(to);
      if (b === undefined) continue;
      const byGroup = data.groups.map((group, g) => [
        ...pairs(scores, cellOf(scores.index, programmeArm, group.code), a, b, true, g),
        ...pairs(scores, cellOf(scores.index, other.code, group.code), a, b, false, g),
      ]);
      const all = byGroup.flat();
      const count = (list: Pair[], programme: boolean) => list.filter((row) => row.programme === programme).length;
      const row = (group: string | null, model: AncovaRow['model'], n: number, cell: Pair[], result: Contrast): AncovaRow => {
        const nProgramme = count(cell, true);
        const nComparison = count(cell, false);
        const small = nProgramme < SMALL_CELL || nComparison < SMALL_CELL;
        const base = { scale: scale.concept, group, model, from, to, programmeArm, comparisonArm: other.code };
        return { ...base, n, nProgramme, nComparison, small, ...result, pHolm: null };
      };
      data.groups.forEach((group, g) => rows.push(row(group.code, 'group', byGroup[g]!.length, byGroup[g]!, simpleModel(byGroup[g]!))));
      const present = byGroup.flatMap((list, g) => (list.length > 0 ? [g] : []));
      if (present.length < 2) {
        rows.push(row(null, 'pooled', all.length, all, simpleModel(all)));
        continue;
      }
      const pooled = interactionModel(all, present);
      rows.push(row(null, 'pooled', all.length, all, pooled.average));
      data.groups.forEach((group, g) => {
        const at = present.indexOf(g);
        rows.push(row(group.code, 'interaction', all.length, byGroup[g]!, at < 0 ? NO_CONTRAST : pooled.groups[at]!));
      });
    }
  }
  return rows;
}
