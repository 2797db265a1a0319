import { cellOf } from './indexed';
import { SMALL_CELL, type AnalysisData, type Scale } from './model';
import { clusteredContrast, contrast, NO_CONTRAST, ols, type ClusteredContrast, type Contrast } from './ols';
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
  /** Sites among the model's respondents (0 when any of them has none). */
  sites: number;
  /** The same estimate with standard errors clustered by site (CR1, as sandwich's vcovCL HC1); null under 2 sites. */
  bySite: ClusteredContrast | null;
}

/** An estimate with its usual and its site-clustered inference. */
interface Estimate {
  result: Contrast;
  bySite: ClusteredContrast | null;
}

const NO_ESTIMATE: Estimate = { result: NO_CONTRAST, bySite: null };

interface Pair {
  before: number;
  after: number;
  programme: boolean;
  group: number;
  site: string | null;
}

/** Respondents of one arm and group with a score at both waves. */
function pairs(
  data: AnalysisData,
  scores: Scores,
  members: Int32Array,
  from: number,
  to: number,
  programme: boolean,
  group: number,
): Pair[] {
  const out: Pair[] = [];
  const stride = scores.index.waveCount;
  for (let m = 0; m < members.length; m++) {
    const before = scores.values[members[m]! * stride + from]!;
    const after = scores.values[members[m]! * stride + to]!;
    const site = data.respondents[members[m]!]!.site ?? null;
    if (!Number.isNaN(before) && !Number.isNaN(after)) out.push({ before, after, programme, group, site });
  }
  return out;
}

/** Fits the design and gives each contrast, usual and clustered by site (when every respondent has a site). */
function estimates(rows: Pair[], design: (row: Pair) => number[], contrasts: number[][]): Estimate[] | null {
  const x = rows.map(design);
  const y = rows.map((row) => row.after);
  const fit = ols(x, y);
  if (!fit) return null;
  const sites = rows.every((row) => row.site !== null) ? rows.map((row) => row.site!) : null;
  return contrasts.map((weights) => ({
    result: contrast(fit, weights),
    bySite: sites ? clusteredContrast(x, y, fit, sites, weights) : null,
  }));
}

/** later ~ baseline + arm: the arm's coefficient (programme = 1). */
function simpleModel(rows: Pair[]): Estimate {
  return estimates(rows, (row) => [1, row.before, row.programme ? 1 : 0], [[0, 0, 1]])?.[0] ?? NO_ESTIMATE;
}

/**
 * later ~ baseline + arm * group with the groups in sum-to-zero coding (R's contr.sum): the arm's
 * coefficient is then the mean of the groups' effects, each group weighing the same, and group g's
 * own effect is that plus its interaction term (the last group's: minus the others' terms).
 * Returns the average effect and each present group's effect, in the order of `present`.
 */
function interactionModel(rows: Pair[], present: number[]): { average: Estimate; groups: Estimate[] } {
  const G = present.length;
  const coding = (group: number) => {
    const at = present.indexOf(group);
    return Array.from({ length: G - 1 }, (_, g) => (at === G - 1 ? -1 : at === g ? 1 : 0));
  };
  const design = (row: Pair) => {
    const codes = coding(row.group);
    const arm = row.programme ? 1 : 0;
    return [1, row.before, arm, ...codes, ...codes.map((code) => code * arm)];
  };
  const base = [0, 0, 1, ...new Array<number>(G - 1).fill(0)];
  const average = [...base, ...new Array<number>(G - 1).fill(0)];
  const fitted = estimates(rows, design, [average, ...present.map((group) => [...base, ...coding(group)])]);
  if (!fitted) return { average: NO_ESTIMATE, groups: present.map(() => NO_ESTIMATE) };
  return { average: fitted[0]!, groups: fitted.slice(1) };
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
        ...pairs(data, scores, cellOf(scores.index, programmeArm, group.code), a, b, true, g),
        ...pairs(data, scores, cellOf(scores.index, other.code, group.code), a, b, false, g),
      ]);
      const all = byGroup.flat();
      const count = (list: Pair[], programme: boolean) => list.filter((row) => row.programme === programme).length;
      // One row: `fitted` are the model's respondents, `cell` those the effect speaks of.
      const row = (group: string | null, model: AncovaRow['model'], fitted: Pair[], cell: Pair[], estimate: Estimate): AncovaRow => {
        const { result, bySite } = estimate;
        const nProgramme = count(cell, true);
        const nComparison = count(cell, false);
        const small = nProgramme < SMALL_CELL || nComparison < SMALL_CELL;
        const base = { scale: scale.concept, group, model, from, to, programmeArm, comparisonArm: other.code };
        const sites = fitted.every((entry) => entry.site !== null) ? new Set(fitted.map((entry) => entry.site)).size : 0;
        return { ...base, n: fitted.length, nProgramme, nComparison, small, ...result, pHolm: null, sites, bySite };
      };
      data.groups.forEach((group, g) => rows.push(row(group.code, 'group', byGroup[g]!, byGroup[g]!, simpleModel(byGroup[g]!))));
      // The pooled model takes the groups with people in both arms: a group seen in one arm only
      // says nothing about the programme's effect and would leave its interaction term undefined.
      const present = byGroup.flatMap((list, g) => (count(list, true) > 0 && count(list, false) > 0 ? [g] : []));
      const used = present.length > 0 ? present.flatMap((g) => byGroup[g]!) : all;
      if (present.length < 2) {
        rows.push(row(null, 'pooled', used, used, simpleModel(used)));
        continue;
      }
      const pooled = interactionModel(used, present);
      rows.push(row(null, 'pooled', used, used, pooled.average));
      data.groups.forEach((group, g) => {
        const at = present.indexOf(g);
        rows.push(row(group.code, 'interaction', used, byGroup[g]!, at < 0 ? NO_ESTIMATE : pooled.groups[at]!));
      });
    }
  }
  return rows;
}
