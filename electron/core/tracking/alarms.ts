import type { Design } from './load';
import type { StratumRate } from './report';

export interface AlarmSide {
  code: string | null;
  name: string;
  /** A group's plural noun for sentences ("K-Serbians"); null for an arm (worded "participants in the … arm"). */
  people: string | null;
  enrolled: number;
  matched: number;
  rate: number;
}

/**
 * Two identity groups (overall or within one arm) or two arms whose match rates differ by the
 * threshold or more. This is the Tech Heroes pattern: 60 % of K-Serbian participants left against
 * 42 % of K-Albanians, and nobody saw it until the report.
 */
export interface AttritionAlarm {
  dimension: 'group' | 'arm';
  /** Set when the groups are compared within one arm. */
  withinArm: string | null;
  higher: AlarmSide;
  lower: AlarmSide;
  /** Percentage points between the two rates. */
  points: number;
  /** The alarm in plain English (the UI words it from the fields in the reader's language). */
  message: string;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

function side(rate: StratumRate, dimension: 'group' | 'arm', design: Design): AlarmSide | null {
  if (rate.rate === null) return null;
  const code = rate.key[dimension] ?? null;
  // People not yet given an arm are no arm: "participants in the — arm" compared with one says nothing.
  if (dimension === 'arm' && code === null) return null;
  const names: { code: string; name: string; people?: string }[] = dimension === 'group' ? design.groups : design.arms;
  const entry = names.find((candidate) => candidate.code === code);
  const name = entry?.name ?? code ?? '—';
  const people = dimension === 'group' ? entry?.people ?? name : null;
  return { code, name, people, enrolled: rate.enrolled, matched: rate.matched, rate: rate.rate };
}

function compare(rates: StratumRate[], dimension: 'group' | 'arm', withinArm: string | null, design: Design, threshold: number): AttritionAlarm[] {
  const sides = rates.map((rate) => side(rate, dimension, design)).filter((entry): entry is AlarmSide => entry !== null);
  const alarms: AttritionAlarm[] = [];
  for (let i = 0; i < sides.length; i++) {
    for (let j = i + 1; j < sides.length; j++) {
      const [higher, lower] = sides[i]!.rate >= sides[j]!.rate ? [sides[i]!, sides[j]!] : [sides[j]!, sides[i]!];
      const difference = higher.rate - lower.rate;
      // Compare in whole hundredths of a point so that 10.0 points exactly raises a 10-point alarm.
      if (Math.round(difference * 1e6) < Math.round(threshold * 1e6)) continue;
      const armName = withinArm ? design.arms.find((arm) => arm.code === withinArm)?.name ?? withinArm : null;
      const where = armName ? ` in the ${armName} arm` : '';
      const [low, high] = [lower, higher].map((side) => side.people ?? `participants in the ${side.name} arm`) as [string, string];
      const Low = low.charAt(0).toUpperCase() + low.slice(1);
      alarms.push({
        dimension,
        withinArm,
        higher,
        lower,
        points: Math.round(difference * 1000) / 10,
        message:
          `${Low}${where} are matched at ${percent(lower.rate)}, ${Math.round(difference * 100)} points below ${high} (${percent(higher.rate)}): ` +
          `${percent(1 - lower.rate)} of ${low} are missing from the comparison, against ${percent(1 - higher.rate)} of ${high}.`,
      });
    }
  }
  return alarms;
}

export function alarmsFor(
  design: Design,
  rates: { byGroup: StratumRate[]; byArm: StratumRate[]; byArmGroup: StratumRate[] },
  threshold: number,
): AttritionAlarm[] {
  const withinArms = design.arms.flatMap((arm) =>
    compare(
      rates.byArmGroup.filter((rate) => rate.key.arm === arm.code),
      'group',
      arm.code,
      design,
      threshold,
    ),
  );
  const overall = compare(rates.byGroup, 'group', null, design, threshold);
  // With one arm (or everyone in one arm) a comparison within it is the overall one again: said once.
  const same = (a: AlarmSide, b: AlarmSide) => a.code === b.code && a.enrolled === b.enrolled && a.matched === b.matched;
  const repeated = (alarm: AttritionAlarm) => overall.some((other) => same(other.higher, alarm.higher) && same(other.lower, alarm.lower));
  return [...overall, ...withinArms.filter((alarm) => !repeated(alarm)), ...compare(rates.byArm, 'arm', null, design, threshold)];
}
