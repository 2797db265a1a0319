import { describe, expect, it } from 'vitest';
import { design, people } from './fixtures';
import { heldMatch } from './heldBound';
import { trackingReport } from './report';
import { statusReportHtml } from './statusPdf';
import { weeklyView } from './weekly';

const PRE = '2026-01-10T10:00:00.000Z';
const POST = '2026-04-10T10:00:00.000Z';
const AS_OF = '2026-11-05T12:00:00.000Z';

describe('what held forms could do to the match rate', () => {
  it('lets a held form match only someone who lacks that very wave, and two forms someone who lacks two', () => {
    const comparison = ['pre', 'post'];
    // 60 of 100 matched; 20 lack post only, 5 pre only, 15 both.
    const lacking = [
      { count: 20, lacks: ['post'] },
      { count: 5, lacks: ['pre'] },
      { count: 15, lacks: ['pre', 'post'] },
    ];
    // 24 held post forms: at most the 20 who lack post alone; the 4 left cannot match anyone lacking pre too.
    expect(heldMatch(comparison, new Map([['post', 24]]), lacking, 100, 60)).toEqual({ forms: 24, matchedAtMost: 80, rateAtMost: 0.8 });
    // Add 9 pre forms: 5 match those lacking pre alone, the other 4 pair with the 4 post forms left.
    expect(heldMatch(comparison, new Map([['post', 24], ['pre', 9]]), lacking, 100, 60)).toMatchObject({ forms: 33, matchedAtMost: 89 });
    // Forms of a wave outside the comparison change nothing; nor do forms when nobody lacks their wave.
    expect(heldMatch(comparison, new Map([['fu', 30]]), lacking, 100, 60)).toEqual({ forms: 0, matchedAtMost: 60, rateAtMost: 0.6 });
    const lackingPost = [{ count: 40, lacks: ['post'] }];
    expect(heldMatch(comparison, new Map([['pre', 3]]), lackingPost, 100, 60)).toMatchObject({ forms: 3, matchedAtMost: 60 });
    expect(heldMatch(comparison, new Map([['post', 3]]), [], 0, 0)).toEqual({ forms: 3, matchedAtMost: 0, rateAtMost: null });
  });

  it('is what the report carries, from its own participants', () => {
    const participants = [
      ...people(8, { group: 'a' }, { pre: PRE, post: POST }),
      ...people(2, { group: 'a' }, { pre: PRE }),
      ...people(2, { group: 'b' }),
    ];
    const report = trackingReport(design(), participants, { asOf: AS_OF, held: new Map([['post', 5]]) });
    expect(report.heldMatch).toEqual({ forms: 5, matchedAtMost: 10, rateAtMost: 10 / 12 });
    const post = report.waves.find((wave) => wave.wave === 'post')!;
    expect(post).toMatchObject({ due: 12, linked: 8, held: 5, received: 13, missing: 4 });
  });
});

describe('a study with one arm and no sites', () => {
  const oneArm = design({ arms: [{ code: 'programme', name: 'Programme' }], sites: [] });
  const participants = [
    ...people(9, { group: 'a', site: null }, { pre: PRE, post: POST }),
    ...people(1, { group: 'a', site: null }, { pre: PRE }),
    ...people(5, { group: 'b', site: null }, { pre: PRE, post: POST }),
    ...people(5, { group: 'b', site: null }, { pre: PRE }),
  ];
  const report = trackingReport(oneArm, participants, { asOf: AS_OF });

  it('reports a difference between the groups once, not again "in the Programme arm"', () => {
    expect(report.alarms).toHaveLength(1);
    expect(report.alarms[0]).toMatchObject({ dimension: 'group', withinArm: null, points: 40 });
    // With two arms the comparison within each arm still stands beside the overall one.
    const comparisonArm = people(10, { group: 'a', arm: 'comparison', site: null }, { pre: PRE, post: POST });
    const twoArms = trackingReport(design({ sites: [] }), [...participants, ...comparisonArm], { asOf: AS_OF });
    expect(twoArms.alarms.map((alarm) => [alarm.dimension, alarm.withinArm])).toEqual([
      ['group', null],
      ['group', 'programme'],
      ['arm', null],
    ]);
  });

  it('compares no arm with the participants not yet given one', () => {
    const unassigned = people(10, { group: 'a', arm: null, site: null }, { pre: PRE });
    const withUnassigned = trackingReport(oneArm, [...participants, ...unassigned], { asOf: AS_OF });
    expect(withUnassigned.byArm.map((rate) => rate.key.arm)).toEqual(['programme', null]);
    expect(withUnassigned.alarms.filter((alarm) => alarm.dimension === 'arm')).toEqual([]);
  });

  it('prints no "by site" table in the status PDF', () => {
    const names = { group: { a: 'Group A', b: 'Group B' }, arm: { programme: 'Programme' }, site: {}, cohort: { c1: 'Cohort 1' } };
    const meta = { study: 'One arm', names, waveLabels: {} };
    const html = statusReportHtml(report, weeklyView(oneArm, participants, report.comparison, AS_OF), meta);
    expect(html).toContain('Match rate by arm and identity group');
    expect(html).not.toContain('Match rate by site');
    const withSites = statusReportHtml(report, weeklyView(oneArm, participants, report.comparison, AS_OF), {
      ...meta,
      names: { ...names, site: { north: 'North' } },
    });
    expect(withSites).toContain('Match rate by site');
  });
});
