import { describe, expect, it } from 'vitest';
import { design, people } from './fixtures';
import { followUpEntries, notExpectedCount } from './followup';
import { matchRate } from './rates';
import { trackingReport } from './report';
import { weeklyView } from './weekly';

const PRE = '2026-01-10T10:00:00.000Z';
const POST = '2026-04-10T10:00:00.000Z';
const FU = '2026-10-10T10:00:00.000Z';
const AS_OF = '2026-11-05T12:00:00.000Z';

describe('match rate against the 80-85 % target', () => {
  it('counts matched / enrolled and how many more matched respondents reach each target', () => {
    const group = [...people(23, { group: 'a' }, { pre: PRE, post: POST }), ...people(6, { group: 'a' }, { pre: PRE })];
    const rate = matchRate(group, ['pre', 'post'], 0.8, 0.85);
    expect(rate).toEqual({ enrolled: 29, matched: 23, rate: 23 / 29, target: 0.8, stretch: 0.85, met: false, neededForTarget: 1, neededForStretch: 2 });
    const met = matchRate(people(24, { group: 'a' }, { pre: PRE, post: POST }).concat(people(6, { group: 'a' })), ['pre', 'post'], 0.8, 0.85);
    expect(met).toMatchObject({ matched: 24, enrolled: 30, met: true, neededForTarget: 0, neededForStretch: 2 });
    expect(matchRate([], ['pre', 'post'], 0.8, 0.85)).toMatchObject({ rate: null, met: false, neededForTarget: 0 });
  });

  it('needs every wave of the comparison: pre+post differs from pre+post+follow-up', () => {
    const participants = [...people(10, { group: 'a' }, { pre: PRE, post: POST, fu: FU }), ...people(10, { group: 'a' }, { pre: PRE, post: POST })];
    expect(trackingReport(design(), participants, { asOf: AS_OF }).overall.matched).toBe(20);
    expect(trackingReport(design(), participants, { asOf: AS_OF, comparison: ['pre', 'post', 'fu'] }).overall.matched).toBe(10);
    expect(() => trackingReport(design(), participants, { comparison: ['pre'] })).toThrow(/at least two waves/);
    expect(() => trackingReport(design(), participants, { comparison: ['pre', 'nope'] })).toThrow(/no wave/);
  });

  it('splits by arm x identity group x site x cohort in the design order and counts withdrawn people as enrolled', () => {
    const participants = [
      ...people(30, { group: 'b', arm: 'comparison' }, { pre: PRE, post: POST }),
      ...people(27, { group: 'a', arm: 'programme' }, { pre: PRE, post: POST }),
      ...people(3, { group: 'a', arm: 'programme', status: 'withdrawn' }, { pre: PRE }),
    ];
    const report = trackingReport(design(), participants, { asOf: AS_OF });
    expect(report.byArmGroup.map((rate) => [rate.key, rate.enrolled, rate.matched])).toEqual([
      [{ arm: 'programme', group: 'a' }, 30, 27],
      [{ arm: 'comparison', group: 'b' }, 30, 30],
    ]);
    expect(report.byStratum[0]!.key).toEqual({ arm: 'programme', group: 'a', site: 'north', cohort: 'c1' });
    expect(report.waves.map((wave) => [wave.wave, wave.enrolled, wave.active, wave.due, wave.received])).toEqual([
      // The 3 withdrawn people returned the baseline: they were due for it and count there (due.ts).
      ['pre', 60, 57, 60, 60],
      ['post', 60, 57, 57, 57],
      ['fu', 60, 57, 57, 0],
    ]);
    // Before the follow-up window opens nobody is due for it yet.
    expect(trackingReport(design(), participants, { asOf: '2026-05-01T00:00:00.000Z' }).waves[2]!.due).toBe(0);
  });
});

describe('differential attrition alarm', () => {
  it('fires at 10 points and not at 9', () => {
    const at = (matchedB: number) =>
      trackingReport(design(), [...people(80, { group: 'a' }, { pre: PRE, post: POST }), ...people(20, { group: 'a' }, { pre: PRE }),
        ...people(matchedB, { group: 'b' }, { pre: PRE, post: POST }), ...people(100 - matchedB, { group: 'b' }, { pre: PRE })], { asOf: AS_OF }).alarms;
    expect(at(70).filter((alarm) => alarm.withinArm === null)).toHaveLength(1);
    expect(at(71)).toEqual([]);
    const threshold = trackingReport(design(), people(10, { group: 'a' }, { pre: PRE, post: POST }), { alarmThreshold: 0.2, asOf: AS_OF });
    expect(threshold.alarmThreshold).toBe(0.2);
  });

  it('says in words what happened in Tech Heroes: 60 % of one community lost against 42 % of the other', () => {
    const participants = [
      ...people(58, { group: 'a' }, { pre: PRE, post: POST }),
      ...people(42, { group: 'a' }, { pre: PRE }),
      ...people(40, { group: 'b' }, { pre: PRE, post: POST }),
      ...people(60, { group: 'b' }, { pre: PRE }),
    ];
    const [alarm] = trackingReport(design(), participants, { asOf: AS_OF }).alarms;
    expect(alarm).toMatchObject({ dimension: 'group', withinArm: null, points: 18, higher: { code: 'a', rate: 0.58 }, lower: { code: 'b', rate: 0.4 } });
    expect(alarm!.message).toBe(
      'Group B are matched at 40 %, 18 points below Group A (58 %): 60 % of Group B are missing from the comparison, against 42 % of Group A.',
    );
  });

  it('compares arms, and groups within each arm', () => {
    const participants = [
      ...people(30, { group: 'a', arm: 'programme' }, { pre: PRE, post: POST }),
      ...people(30, { group: 'b', arm: 'programme' }, { pre: PRE, post: POST }),
      ...people(20, { group: 'a', arm: 'comparison' }, { pre: PRE, post: POST }),
      ...people(10, { group: 'a', arm: 'comparison' }, { pre: PRE }),
      ...people(30, { group: 'b', arm: 'comparison' }, { pre: PRE, post: POST }),
    ];
    const alarms = trackingReport(design(), participants, { asOf: AS_OF }).alarms;
    expect(alarms.map((alarm) => [alarm.dimension, alarm.withinArm, alarm.lower.code, alarm.points])).toEqual([
      ['group', null, 'a', 16.7],
      ['group', 'comparison', 'a', 33.3],
      ['arm', null, 'comparison', 16.7],
    ]);
  });
});

describe('Tech Heroes replay (report sections 4.1 and 5.2.2, Table 2)', () => {
  // Baseline (first round): 82 respondents, 55 K-Albanian and 27 K-Serbian. Final round: 68, of
  // whom 44 could be matched to the baseline (net sample: 41 K-Albanian, 1 K-Serbian and 2 who gave
  // another ethnicity at the end, counted here with their baseline group, K-Albanian). The other 24
  // final respondents joined part way through (13 K-Albanian, 2 K-Serbian, 9 other).
  const heroes = design({
    groups: [
      { code: 'kalb', name: 'K-Albanians' },
      { code: 'kserb', name: 'K-Serbians' },
      { code: 'other', name: 'Other communities' },
    ],
    arms: [{ code: 'programme', name: 'Programme' }],
    cohorts: [
      { code: 'start', name: 'From the start' },
      { code: 'late', name: 'Joined part way' },
    ],
    waves: [
      { code: 'first', label: 'First round', position: 1, windowStart: '2020-11-07', windowEnd: '2020-12-22' },
      { code: 'final', label: 'Final round', position: 2, windowStart: '2021-03-31', windowEnd: '2021-04-30' },
    ],
  });
  const FIRST = '2020-11-20T10:00:00.000Z';
  const FINAL = '2021-04-05T10:00:00.000Z';
  const participants = [
    ...people(43, { group: 'kalb', cohort: 'start' }, { first: FIRST, final: FINAL }),
    ...people(12, { group: 'kalb', cohort: 'start' }, { first: FIRST }),
    ...people(1, { group: 'kserb', cohort: 'start' }, { first: FIRST, final: FINAL }),
    ...people(26, { group: 'kserb', cohort: 'start' }, { first: FIRST }),
    ...people(13, { group: 'kalb', cohort: 'late' }, { final: FINAL }),
    ...people(2, { group: 'kserb', cohort: 'late' }, { final: FINAL }),
    ...people(9, { group: 'other', cohort: 'late' }, { final: FINAL }),
  ];
  const report = trackingReport(heroes, participants, { asOf: '2021-05-01T00:00:00.000Z' });

  it('reproduces the rounds: 82 first, 68 final, 44 matched', () => {
    expect(report.waves.map((wave) => wave.received)).toEqual([82, 68]);
    expect(report.overall).toMatchObject({ enrolled: 106, matched: 44, met: false, neededForTarget: 41 });
    const fromStart = report.byCohort.find((rate) => rate.key.cohort === 'start')!;
    expect(fromStart).toMatchObject({ enrolled: 82, matched: 44, neededForTarget: 22, neededForStretch: 26 });
    expect(fromStart.rate).toBeCloseTo(44 / 82, 12);
  });

  it('counts as due everyone who answered when the study was keyed after the fact, and by the dates once they are entered', () => {
    // The fixture's people were put on the roster in 2026, years after both rounds: never "Due 0" beside "Received 82".
    expect(report.waves.map((wave) => [wave.due, wave.received])).toEqual([
      [82, 82],
      [68, 68],
    ]);
    // With the real dates: the first cohort joined at the start, the others part way (January 2021).
    const dated = participants.map((participant) => ({
      ...participant,
      enrolledAt: participant.cohort === 'start' ? '2020-11-07T09:00:00.000Z' : '2021-01-15T09:00:00.000Z',
    }));
    const withDates = trackingReport(heroes, dated, { asOf: '2021-05-01T00:00:00.000Z' });
    expect(withDates.waves.map((wave) => [wave.due, wave.received])).toEqual([
      [82, 82],
      [106, 68],
    ]);
    // The late joiners are not expected for the first round, so not on its follow-up list.
    expect(followUpEntries(heroes, dated, 'first', '2021-05-01T00:00:00.000Z')).toEqual([]);
    expect(notExpectedCount(heroes, dated, 'first', '2021-05-01T00:00:00.000Z')).toBe(24);
  });

  it('raises the alarm the evaluation never had: K-Serbians fell away far faster', () => {
    const kserb = report.byGroup.find((rate) => rate.key.group === 'kserb')!;
    expect(kserb).toMatchObject({ enrolled: 29, matched: 1 });
    const alarm = report.alarms.find((entry) => entry.withinArm === null && entry.lower.code === 'kserb' && entry.higher.code === 'kalb')!;
    expect(alarm.points).toBe(59.8);
    expect(alarm.message).toMatch(/^K-Serbians are matched at 3 %, 60 points below K-Albanians \(63 %\)/);
  });
});

describe('follow-up list and weekly view', () => {
  it('lists active participants without a usable response once the window opened, with days overdue', () => {
    const participants = [
      ...people(2, { group: 'a' }, { pre: PRE, post: POST }),
      ...people(1, { group: 'b', arm: 'comparison' }, { pre: PRE }),
      ...people(1, { group: 'b' }, {}),
      ...people(1, { group: 'a', status: 'withdrawn' }, { pre: PRE }),
    ];
    const list = followUpEntries(design(), participants, 'post', '2026-05-10T08:00:00.000Z');
    expect(list.map((entry) => [entry.group, entry.arm, entry.state, entry.daysOverdue, entry.missedEarlier])).toEqual([
      ['b', 'comparison', 'missing', 10, []],
      ['b', 'programme', 'missing', 10, ['pre']],
    ]);
    expect(followUpEntries(design(), participants, 'post', '2026-04-15T08:00:00.000Z').every((entry) => entry.state === 'due' && entry.daysOverdue === 0)).toBe(true);
    expect(followUpEntries(design(), participants, 'fu', '2026-05-10T08:00:00.000Z')).toEqual([]);
  });

  it('leaves out people who joined after the window closed, and counts overdue days from the window end', () => {
    const joined = (enrolledAt: string, waves: Record<string, string> = {}) =>
      people(1, { group: 'a' }, waves).map((participant) => ({ ...participant, enrolledAt }));
    const participants = [
      ...joined('2026-01-02T09:00:00.000Z'),
      ...joined('2026-04-20T09:00:00.000Z', { pre: PRE }),
      ...joined('2026-12-07T09:00:00.000Z'),
    ];
    const list = followUpEntries(design(), participants, 'post', '2026-12-07T10:00:00.000Z');
    // Enrolled before and during the post window: 221 days past its end. Enrolled today: not expected, not listed.
    expect(list.map((entry) => [entry.id, entry.state, entry.daysOverdue])).toEqual([
      [participants[0]!.id, 'missing', 221],
      [participants[1]!.id, 'missing', 221],
    ]);
    expect(notExpectedCount(design(), participants, 'post', '2026-12-07T10:00:00.000Z')).toBe(1);
    const pre = followUpEntries(design(), participants, 'pre', '2026-12-07T10:00:00.000Z');
    expect(pre.map((entry) => entry.id)).toEqual([participants[0]!.id]);
    expect(notExpectedCount(design(), participants, 'pre', '2026-12-07T10:00:00.000Z')).toBe(1);
    const report = trackingReport(design(), participants, { asOf: '2026-12-07T10:00:00.000Z' });
    expect(report.waves.map((wave) => wave.due)).toEqual([2, 2, 2]);
  });

  it('accumulates responses per week and reports the change since last week', () => {
    const participants = [
      ...people(3, { group: 'a' }, { pre: '2026-01-05T10:00:00.000Z' }),
      ...people(2, { group: 'a' }, { pre: '2026-01-13T10:00:00.000Z', post: '2026-01-14T10:00:00.000Z' }),
    ];
    const view = weeklyView(design(), participants, ['pre', 'post'], '2026-01-15T12:00:00.000Z');
    expect(view.weeks).toEqual(['2026-01-05', '2026-01-12']);
    expect(view.perWave[0]).toEqual({ wave: 'pre', targetCount: 4, points: [{ week: '2026-01-05', cumulative: 3 }, { week: '2026-01-12', cumulative: 5 }] });
    expect(view.lastWeek).toEqual({
      receivedPerWave: [{ wave: 'pre', received: 2 }, { wave: 'post', received: 2 }, { wave: 'fu', received: 0 }],
      matchedBefore: 0,
      matchedNow: 2,
    });
  });
});
