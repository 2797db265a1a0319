import type { Design, TrackedParticipant } from './load';

/** Builders for tracking tests: a design and participants with usable responses at given waves. */
export function design(overrides: Partial<Design> = {}): Design {
  return {
    groups: [
      { code: 'a', name: 'Group A' },
      { code: 'b', name: 'Group B' },
    ],
    arms: [
      { code: 'programme', name: 'Programme' },
      { code: 'comparison', name: 'Comparison' },
    ],
    sites: [{ code: 'north', name: 'North' }],
    cohorts: [{ code: 'c1', name: 'Cohort 1' }],
    waves: [
      { code: 'pre', label: 'Pre', position: 1, windowStart: '2026-01-01', windowEnd: '2026-01-31' },
      { code: 'post', label: 'Post', position: 2, windowStart: '2026-04-01', windowEnd: '2026-04-30' },
      { code: 'fu', label: 'Follow-up', position: 3, windowStart: '2026-10-01', windowEnd: '2026-10-31' },
    ],
    matchTarget: 0.8,
    matchStretch: 0.85,
    ...overrides,
  };
}

let counter = 0;

/** `count` participants of one stratum, each with usable responses at `waves` (keyed on the given dates). */
export function people(
  count: number,
  stratum: { group: string; arm?: string | null; site?: string | null; cohort?: string | null; status?: 'active' | 'withdrawn' },
  waves: Record<string, string> = {},
): TrackedParticipant[] {
  return Array.from({ length: count }, () => ({
    id: String(10_000_000 + counter++),
    group: stratum.group,
    arm: stratum.arm === undefined ? 'programme' : stratum.arm,
    site: stratum.site === undefined ? 'north' : stratum.site,
    cohort: stratum.cohort === undefined ? 'c1' : stratum.cohort,
    status: stratum.status ?? 'active',
    enrolledAt: '2026-01-01T09:00:00.000Z',
    usable: new Map(Object.entries(waves)),
  }));
}
