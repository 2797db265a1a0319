import { points, type Translate } from './headline';

/**
 * The attrition-aware reading in words (analysis.attrition.*), from the report's attrition rows:
 * the alarm as the tracking raised it, then per effect what it would be if those lost had answered
 * like those who stayed. Shared by the screen and the workbook so both read the same numbers.
 * `t` resolves plural keys from `count` (i18next does; the export's translate gets a wrapper).
 */

export interface AttritionSideLike {
  code: string;
  rate: number;
}

export interface AttritionAlarmLike {
  dimension: 'group' | 'arm';
  withinArm: string | null;
  higher: AttritionSideLike;
  lower: AttritionSideLike;
  points: number;
}

export interface AttritionRowLike {
  group: string | null;
  from: string;
  to: string;
  bySite: boolean;
  alarms: readonly AttritionAlarmLike[];
  sentence: { key: string; params: Record<string, string | number> };
}

export interface AttritionNames {
  /** Null: all identity groups. */
  group: (code: string | null) => string;
  arm: (code: string) => string;
  wave: (code: string) => string;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** One alarm in words: which two groups (or arms) answered at both waves at which rates. */
export function alarmSentence(alarm: AttritionAlarmLike, from: string, to: string, t: Translate, names: AttritionNames): string {
  const name = (code: string) => (alarm.dimension === 'arm' ? names.arm(code) : names.group(code));
  const key = alarm.dimension === 'arm' ? 'arm' : alarm.withinArm === null ? 'group' : 'groupWithin';
  return t(`analysis.attrition.alarm.${key}`, {
    higher: name(alarm.higher.code),
    lower: name(alarm.lower.code),
    higherRate: percent(alarm.higher.rate),
    lowerRate: percent(alarm.lower.rate),
    // Whole points, as the tracking's dashboard and status say it ("1 point apart", "22 points apart").
    count: Math.round(alarm.points),
    arm: alarm.withinArm === null ? '' : names.arm(alarm.withinArm),
    from: names.wave(from),
    to: names.wave(to),
  });
}

/** What the weights assume, in words: said once before the effects of one wave comparison. */
export function introSentence(row: AttritionRowLike, t: Translate): string {
  return t('analysis.attrition.intro', { alike: t(row.bySite ? 'analysis.attrition.alikeSites' : 'analysis.attrition.alike') });
}

/** One effect: the weighted estimate with its CI beside the unweighted one, and how many are lost. */
export function estimateSentence(row: AttritionRowLike, t: Translate, names: AttritionNames, locale?: string): string {
  const { key, params } = row.sentence;
  const number = (name: string) => (typeof params[name] === 'number' ? points(params[name] as number, locale) : '–');
  return t(key, {
    count: params.count ?? 0,
    nBaseline: params.nBaseline ?? 0,
    whose: names.group(row.group),
    to: names.wave(row.to),
    estimate: number('estimate'),
    ciLow: number('ciLow'),
    ciHigh: number('ciHigh'),
    observed: number('observed'),
  });
}

/**
 * The alarms of a set of rows (one wave comparison), each said once; a pair of groups apart within an
 * arm is left out when the same pair is apart overall (the overall sentence says it, and the
 * tracking dashboard has the detail).
 */
export function distinctAlarms(rows: readonly AttritionRowLike[]): AttritionAlarmLike[] {
  const seen = new Map<string, AttritionAlarmLike>();
  for (const alarm of rows.flatMap((row) => row.alarms)) {
    seen.set(JSON.stringify([alarm.dimension, alarm.withinArm, alarm.higher.code, alarm.lower.code]), alarm);
  }
  const all = [...seen.values()];
  const pair = (alarm: AttritionAlarmLike) => [alarm.higher.code, alarm.lower.code].sort().join('\u0000');
  const overall = new Set(all.filter((alarm) => alarm.dimension === 'group' && alarm.withinArm === null).map(pair));
  return all.filter((alarm) => alarm.withinArm === null || !overall.has(pair(alarm)));
}
