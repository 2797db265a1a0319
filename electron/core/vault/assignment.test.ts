import { describe, expect, it } from 'vitest';
import {
  allocate,
  assignFromWaitlist,
  assignManually,
  assignRandom,
  listRuns,
  planAssignment,
  planByStratum,
  strataCounts,
  stratumKey,
  type Candidate,
} from './assignment';
import { enrol, makeFixture, person } from './testSupport';

function candidates(spec: Record<string, number>): Candidate[] {
  const list: Candidate[] = [];
  let n = 10_000_000;
  for (const [key, count] of Object.entries(spec)) {
    const [identityGroup, site] = key.split('|') as [string, string];
    for (let i = 0; i < count; i++) list.push({ id: String(n++), identityGroup, site: site || null });
  }
  return list;
}

function armsPerStratum(allocations: ReturnType<typeof allocate>): Record<string, { programme: number; comparison: number }> {
  const counts: Record<string, { programme: number; comparison: number }> = {};
  for (const { stratum, arm } of allocations) {
    counts[stratum] ??= { programme: 0, comparison: 0 };
    counts[stratum][arm]++;
  }
  return counts;
}

describe('stratified random allocation', () => {
  it('balances every identity group x site stratum to within one person, for many sizes and seeds', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const spec = { 'migrant|north': seed, 'migrant|south': 2 * seed + 1, 'host|north': 7, 'host|': (seed * 3) % 11 };
      const allocations = allocate(candidates(spec), {}, String(seed), 'random');
      expect(allocations).toHaveLength(Object.values(spec).reduce((a, b) => a + b, 0));
      for (const [stratum, counts] of Object.entries(armsPerStratum(allocations))) {
        expect(Math.abs(counts.programme - counts.comparison), `${stratum} seed ${seed}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('takes the arms already filled into account', () => {
    const allocations = allocate(candidates({ 'migrant|north': 10 }), { 'migrant|north': { programme: 6, comparison: 0 } }, '5', 'random');
    const counts = armsPerStratum(allocations)['migrant|north']!;
    expect(counts.programme + 6).toBe(8);
    expect(counts.comparison).toBe(8);
  });

  it('is reproduced exactly by the same seed, whatever order people were listed in, and varies with the seed', () => {
    const list = candidates({ 'migrant|north': 30, 'host|south': 31 });
    const first = allocate(list, {}, '20260105', 'random');
    expect(allocate([...list].reverse(), {}, '20260105', 'random')).toEqual(first);
    const other = allocate(list, {}, '20260106', 'random');
    expect(other).not.toEqual(first);
    // Across seeds each person lands in each arm about half the time: the order is not fixed.
    const programmeShare = new Map<string, number>();
    for (let seed = 0; seed < 200; seed++) {
      for (const { id, arm } of allocate(list, {}, String(seed), 'random')) {
        if (arm === 'programme') programmeShare.set(id, (programmeShare.get(id) ?? 0) + 1);
      }
    }
    for (const candidate of list) expect(programmeShare.get(candidate.id) ?? 0).toBeGreaterThan(60);
    for (const candidate of list) expect(programmeShare.get(candidate.id) ?? 0).toBeLessThan(140);
  });

  it('fills the programme places of each stratum at random from a waiting list; the rest form the comparison group', () => {
    const allocations = allocate(
      candidates({ 'migrant|north': 25, 'host|north': 8 }),
      { 'host|north': { programme: 2, comparison: 0 } },
      '9',
      'waitlist',
      10,
    );
    expect(armsPerStratum(allocations)).toEqual({
      'migrant|north': { programme: 10, comparison: 15 },
      'host|north': { programme: 8, comparison: 0 },
    });
    expect(stratumKey('host', null)).toBe('host|');
  });
});

describe('assignment in a study', () => {
  it('writes arms to the roster, records seed and list in the vault, and each run reproduces', async () => {
    const fixture = await makeFixture();
    try {
      const { study, vault } = fixture;
      const people = Array.from({ length: 23 }, (_, n) =>
        person(`Person ${n}`, { identityGroup: n % 2 ? 'host' : 'migrant', site: n % 3 ? 'north' : 'south' }),
      );
      const ids = enrol(study, vault.db, people);
      const result = assignRandom(study, vault.db, { seed: '77', client: 'cli' });
      expect(result).toMatchObject({ mode: 'random', seed: '77', assigned: 23 });
      for (const stratum of strataCounts(study)) {
        expect(stratum.unassigned).toBe(0);
        expect(Math.abs(stratum.programme - stratum.comparison)).toBeLessThanOrEqual(1);
      }
      // Nobody left to assign: a second run assigns nobody and changes nothing.
      expect(assignRandom(study, vault.db, { client: 'cli' }).assigned).toBe(0);

      const [late] = enrol(study, vault.db, [person('Late Person', { identityGroup: 'host', site: 'south' })]);
      expect(() => assignManually(study, vault.db, { id: ids[0]!, arm: 'comparison', client: 'cli' })).toThrow(/not active and unassigned/);
      expect(assignManually(study, vault.db, { id: late!, arm: 'Comparison', client: 'cli' }).assigned).toBe(1);
      enrol(
        study,
        vault.db,
        Array.from({ length: 5 }, (_, n) => person(`Waiting ${n}`)),
      );
      const waitlist = assignFromWaitlist(study, vault.db, { places: 0, seed: '3', client: 'cli' });
      expect(waitlist.assigned).toBe(5);

      const runs = listRuns(vault.db);
      expect(runs.map((run) => [run.mode, run.assigned, run.reproducible])).toEqual([
        ['waitlist', 5, true],
        ['manual', 1, true],
        ['random', 0, true],
        ['random', 23, true],
      ]);
      expect(() => vault.db.prepare("UPDATE allocation SET arm_code = 'comparison'").run()).toThrow(/append-only/);
      expect(() => vault.db.prepare('DELETE FROM allocation_run').run()).toThrow(/append-only/);
    } finally {
      fixture.cleanup();
    }
  });
});

describe('assignment with a preview', () => {
  it('commits exactly the previewed allocation, with its seed, and nothing before the commit', async () => {
    const fixture = await makeFixture();
    try {
      const { study, vault } = fixture;
      const people = Array.from({ length: 13 }, (_, n) =>
        person(`Person ${n}`, { identityGroup: n % 2 ? 'host' : 'migrant', site: n % 3 ? 'north' : 'south' }),
      );
      enrol(study, vault.db, people);
      // A drawn seed is shown with the preview; previewing twice with it gives the same plan.
      const plan = planAssignment(study, { mode: 'random' });
      expect(plan.seed).toMatch(/^\d+$/);
      expect(planAssignment(study, { mode: 'random', seed: plan.seed })).toEqual(plan);
      expect(strataCounts(study).every((stratum) => stratum.programme + stratum.comparison === 0)).toBe(true);
      const byStratum = planByStratum(study, plan);
      expect(byStratum.reduce((sum, stratum) => sum + stratum.toProgramme + stratum.toComparison, 0)).toBe(13);
      for (const stratum of byStratum) expect(stratum.toProgramme + stratum.toComparison).toBe(stratum.unassigned);

      assignRandom(study, vault.db, { seed: plan.seed, expected: plan.fingerprint, client: 'app' });
      const armOf = study.prepare('SELECT a.code FROM participant p JOIN arm a ON a.id = p.arm_id WHERE p.id = ?').pluck();
      for (const allocation of plan.allocations) expect(armOf.get(allocation.id)).toBe(allocation.arm);
      for (const stratum of strataCounts(study)) {
        const shown = byStratum.find((entry) => entry.identityGroup === stratum.identityGroup && entry.site === stratum.site)!;
        expect([stratum.programme, stratum.comparison]).toEqual([shown.toProgramme, shown.toComparison]);
      }
      expect(listRuns(vault.db)[0]).toMatchObject({ seed: plan.seed, assigned: 13, reproducible: true });
    } finally {
      fixture.cleanup();
    }
  });

  it('refuses the commit when the roster changed since the preview, and writes nothing', async () => {
    const fixture = await makeFixture();
    try {
      const { study, vault } = fixture;
      const [first] = enrol(
        study,
        vault.db,
        Array.from({ length: 6 }, (_, n) => person(`Person ${n}`)),
      );
      const random = planAssignment(study, { mode: 'random', seed: '11' });
      const waitlist = planAssignment(study, { mode: 'waitlist', seed: '11', places: 2 });
      // Someone enrolled after the preview.
      enrol(study, vault.db, [person('Late Person')]);
      expect(() => assignRandom(study, vault.db, { seed: '11', expected: random.fingerprint, client: 'app' })).toThrow(
        /changed since the preview/,
      );
      expect(() => assignFromWaitlist(study, vault.db, { seed: '11', places: 2, expected: waitlist.fingerprint, client: 'app' })).toThrow(
        /changed since the preview/,
      );
      // Someone assigned by hand after the preview: the same people are no longer unassigned.
      const again = planAssignment(study, { mode: 'random', seed: '11' });
      assignManually(study, vault.db, { id: first!, arm: 'programme', client: 'app' });
      expect(() => assignRandom(study, vault.db, { seed: '11', expected: again.fingerprint, client: 'app' })).toThrow(
        /changed since the preview/,
      );
      // A different seed than the one previewed is another allocation: refused too.
      const latest = planAssignment(study, { mode: 'random', seed: '11' });
      expect(() => assignRandom(study, vault.db, { seed: '12', expected: latest.fingerprint, client: 'app' })).toThrow(
        /changed since the preview/,
      );
      expect(listRuns(vault.db).map((run) => run.mode)).toEqual(['manual']);
      expect(strataCounts(study).reduce((sum, stratum) => sum + stratum.unassigned, 0)).toBe(6);
    } finally {
      fixture.cleanup();
    }
  });
});
