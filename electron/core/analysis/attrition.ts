import { alarmsFor, type AttritionAlarm } from '../tracking/alarms';
import type { Design } from '../tracking/load';
import type { StratumRate } from '../tracking/report';
import { rateOf } from '../tracking/rates';
import { NO_ROBUST, logisticFitted, weightedContrast, type RobustContrast } from './ipw';
import type { AnalysisData, Scale } from './model';
import { scoreTable, type ScoreTable } from './scores';

/**
 * Attrition-aware reading of the ANCOVA (issue 26 point 3). When the tracking's differential-attrition
 * alarm is on for a wave (two identity groups, or the two arms, answering at both waves at rates 10
 * points or more apart), the effect read from those who stayed may not be the effect among all who
 * started. The sensitivity estimate asks: what if those lost had answered like those who stayed with
 * the same baseline score, arm, identity group (and site)? Inverse-probability weighting answers it:
 * a logistic model of "has a score at the later wave" among everyone with a baseline score, and the
 * ANCOVA refitted on those who answered, each weighing 1 / their fitted probability (ipw.ts). Checked
 * against R by fixtures/make-attrition.R.
 */

/** The tracking's default threshold (tracking/report.ts): the analysis raises the same alarm. */
export const ALARM_THRESHOLD = 0.1;

export interface AttritionSide {
  code: string;
  enrolled: number;
  matched: number;
  rate: number;
}

export interface AttritionAlarmRow {
  dimension: 'group' | 'arm';
  withinArm: string | null;
  higher: AttritionSide;
  lower: AttritionSide;
  /** Percentage points between the two rates, one decimal. */
  points: number;
}

export interface AttritionRow extends RobustContrast {
  scale: string;
  /** Null: all identity groups (the pooled model's average effect, as the ANCOVA's 'pooled' row). */
  group: string | null;
  model: 'pooled' | 'group';
  from: string;
  to: string;
  programmeArm: string;
  comparisonArm: string;
  /** The alarms that concern this effect. */
  alarms: AttritionAlarmRow[];
  /** People of the two arms (and the group) with a baseline score: the response model's rows. */
  nBaseline: number;
  /** Of them, those with a score at the later wave: the weighted model's rows. */
  nAnswered: number;
  /** The unweighted estimate (the ANCOVA table's) for comparison. */
  observed: number | null;
  /** Whether the response model has the site (every respondent has one, at two sites or more). */
  bySite: boolean;
  /** The sentence in plain words: key of the analysis locale and its values (raw numbers, codes). */
  sentence: { key: string; params: Record<string, string | number> };
}

interface Person {
  before: number;
  after: number | null;
  programme: boolean;
  group: string;
  site: string | null;
}

const side = (entry: AttritionAlarm['higher']): AttritionSide => ({
  code: entry.code ?? '',
  enrolled: entry.enrolled,
  matched: entry.matched,
  rate: entry.rate,
});

/** The tracking's alarm for baseline -> `to` among the respondents of the two arms compared. */
export function attritionAlarms(data: AnalysisData, from: string, to: string, arms: readonly string[]): AttritionAlarmRow[] {
  const answered = new Set(
    data.responses.filter((response) => response.answers.size > 0).map((response) => `${response.participant}\u0000${response.wave}`),
  );
  const people = data.respondents.filter((respondent) => respondent.arm !== null && arms.includes(respondent.arm));
  const rate = (key: StratumRate['key'], members: typeof people): StratumRate => {
    const both = (person: (typeof people)[number]) => answered.has(`${person.id}\u0000${from}`) && answered.has(`${person.id}\u0000${to}`);
    const matched = members.filter(both).length;
    return { key, ...rateOf(members.length, matched, 0, 0) };
  };
  const groups = data.groups.map((group) => group.code);
  const byGroup = groups.map((group) => rate({ group }, people.filter((person) => person.group === group)));
  const byArm = arms.map((arm) => rate({ arm }, people.filter((person) => person.arm === arm)));
  const byArmGroup = arms.flatMap((arm) =>
    groups.map((group) => rate({ arm, group }, people.filter((person) => person.arm === arm && person.group === group))),
  );
  // alarms.ts reads the design's groups and arms only.
  const compared = data.arms.filter((arm) => arms.includes(arm.code));
  const design = { groups: data.groups, arms: compared, sites: [], cohorts: [], waves: [], matchTarget: 0, matchStretch: 0 };
  // Strata nobody is enrolled in have no rate and raise nothing (alarms.ts skips them).
  return alarmsFor(design as Design, { byGroup, byArm, byArmGroup }, ALARM_THRESHOLD).map((alarm) => ({
    dimension: alarm.dimension,
    withinArm: alarm.withinArm,
    higher: side(alarm.higher),
    lower: side(alarm.lower),
    points: alarm.points,
  }));
}

/** Dummy columns for a factor's levels after the first (R's treatment coding; the fit does not depend on the coding). */
function dummies(levels: readonly string[], value: string): number[] {
  return levels.slice(1).map((level) => (level === value ? 1 : 0));
}

/** The ANCOVA's design: later ~ baseline + arm, or with two groups or more + arm * group in sum-to-zero coding. */
function ancovaDesign(rows: readonly Person[]): { x: number[][]; contrast: number[] } {
  const present = [...new Set(rows.map((row) => row.group))];
  const G = present.length;
  if (G < 2) return { x: rows.map((row) => [1, row.before, row.programme ? 1 : 0]), contrast: [0, 0, 1] };
  const coding = (group: string) => {
    const at = present.indexOf(group);
    return Array.from({ length: G - 1 }, (_, g) => (at === G - 1 ? -1 : at === g ? 1 : 0));
  };
  const x = rows.map((row) => {
    const codes = coding(row.group);
    const arm = row.programme ? 1 : 0;
    return [1, row.before, arm, ...codes, ...codes.map((code) => code * arm)];
  });
  return { x, contrast: [0, 0, 1, ...new Array<number>(2 * (G - 1)).fill(0)] };
}

interface Estimated {
  result: RobustContrast;
  observed: number | null;
}

/** The weighted and the unweighted ANCOVA on those who answered. */
function estimate(rows: readonly Person[], weights: readonly number[] | null): Estimated {
  const kept = rows.flatMap((row, i) => (row.after === null ? [] : [{ row, weight: weights?.[i] ?? NaN }]));
  const { x, contrast } = ancovaDesign(kept.map((entry) => entry.row));
  const y = kept.map((entry) => entry.row.after!);
  const observed = weightedContrast(x, y, kept.map(() => 1), contrast).estimate;
  if (!weights) return { result: NO_ROBUST, observed };
  return { result: weightedContrast(x, y, kept.map((entry) => entry.weight), contrast), observed };
}

/** 1 / P(answered) for each person, from the response model; null when it cannot be fitted. */
function inverseProbabilities(people: readonly Person[], bySite: boolean): number[] | null {
  const groups = [...new Set(people.map((person) => person.group))];
  const sites = bySite ? [...new Set(people.map((person) => person.site!))].sort() : [];
  const x = people.map((person) => [
    ...[1, person.before, person.programme ? 1 : 0],
    ...dummies(groups, person.group),
    ...(bySite ? dummies(sites, person.site!) : []),
  ]);
  const fitted = logisticFitted(x, people.map((person) => (person.after === null ? 0 : 1)));
  return fitted ? fitted.map((p) => 1 / p) : null;
}

interface Alarmed {
  to: string;
  other: string;
  alarms: AttritionAlarmRow[];
}

function rowsFor(
  data: AnalysisData,
  scale: Scale,
  scores: ScoreTable,
  from: string,
  programmeArm: string,
  { to, other, alarms }: Alarmed,
): AttritionRow[] {
  const people: Person[] = [];
  for (const respondent of data.respondents) {
    if (respondent.arm !== programmeArm && respondent.arm !== other) continue;
    const before = scores.get(respondent.id)?.get(from);
    if (before === undefined) continue;
    const after = scores.get(respondent.id)?.get(to) ?? null;
    const { group, site } = respondent;
    people.push({ before, after, programme: respondent.arm === programmeArm, group, site: site ?? null });
  }
  const bySite = people.every((person) => person.site !== null) && new Set(people.map((person) => person.site)).size > 1;
  const weights = inverseProbabilities(people, bySite);
  const row = (group: string | null, members: Person[], memberWeights: number[] | null, concerning: AttritionAlarmRow[]) => {
    const { result, observed } = estimate(members, memberWeights);
    const nAnswered = members.filter((person) => person.after !== null).length;
    const model = group === null ? ('pooled' as const) : ('group' as const);
    const base = { scale: scale.concept, group, model, from, to, programmeArm, comparisonArm: other };
    const params = { count: members.length - nAnswered, nBaseline: members.length, observed: observed ?? NaN, ...result };
    const key = result.estimate === null || result.ciLow === null ? 'analysis.attrition.noEstimate' : 'analysis.attrition.estimate';
    const known = Object.entries(params).filter(([, value]) => value !== null && !Number.isNaN(value));
    const sentence = { key, params: Object.fromEntries(known) as Record<string, number> };
    const counts = { nBaseline: members.length, nAnswered, observed, bySite };
    return { ...base, alarms: concerning, ...counts, ...result, sentence } satisfies AttritionRow;
  };
  const rows = [row(null, people, weights, alarms)];
  for (const group of data.groups) {
    const namesGroup = (alarm: AttritionAlarmRow) => alarm.higher.code === group.code || alarm.lower.code === group.code;
    const concerning = alarms.filter((alarm) => alarm.dimension === 'arm' || namesGroup(alarm));
    if (concerning.length === 0) continue;
    const at = people.flatMap((person, i) => (person.group === group.code ? [i] : []));
    rows.push(row(group.code, at.map((i) => people[i]!), weights ? at.map((i) => weights[i]!) : null, concerning));
  }
  return rows;
}

/** The alarms depend on the data and the waves only: computed once per run, not once per scale. */
const alarmCache = new WeakMap<AnalysisData, Map<string, AttritionAlarmRow[]>>();

function cachedAlarms(data: AnalysisData, from: string, to: string, arms: readonly string[]): AttritionAlarmRow[] {
  let cache = alarmCache.get(data);
  if (!cache) alarmCache.set(data, (cache = new Map()));
  const key = JSON.stringify([from, to, arms]);
  let alarms = cache.get(key);
  if (!alarms) cache.set(key, (alarms = attritionAlarms(data, from, to, arms)));
  return alarms;
}

/**
 * One scale's attrition-aware rows, for each later wave and comparison arm whose alarm is on; none
 * without an alarm. Per scale, so that a long run computes them in its steps (report.ts analyseScale).
 */
export function attritionRowsFor(
  data: AnalysisData,
  scale: Scale,
  waves: readonly string[],
  programmeArm: string,
  share: number,
): AttritionRow[] {
  const [from, ...later] = waves;
  if (from === undefined) return [];
  const others = data.arms.filter((arm) => arm.code !== programmeArm).map((arm) => arm.code);
  const alarmed = later.flatMap((to) =>
    others.map((other) => ({ to, other, alarms: cachedAlarms(data, from, to, [programmeArm, other]) })),
  );
  if (alarmed.every((entry) => entry.alarms.length === 0)) return [];
  const scores = scoreTable(data, scale, share);
  return alarmed.flatMap((entry) => (entry.alarms.length === 0 ? [] : rowsFor(data, scale, scores, from, programmeArm, entry)));
}

/** Every scale's rows (tests; the report gathers them scale by scale). */
export function attritionRows(
  data: AnalysisData,
  scales: readonly Scale[],
  waves: readonly string[],
  programmeArm: string,
  share: number,
): AttritionRow[] {
  return scales.flatMap((scale) => attritionRowsFor(data, scale, waves, programmeArm, share));
}
