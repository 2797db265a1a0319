import { createHash, randomInt } from 'node:crypto';
import type { AssignmentResult, StratumCount } from '../../api/contracts/vault';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { appendAudit } from './audit';
import { COMPARISON, DesignRefs, PROGRAMME } from './designRefs';
import type { Client } from './vaultFile';

/**
 * Assignment to Programme or Comparison, stratified by identity group x site. Within each stratum
 * the unassigned people are shuffled and then alternately given to whichever arm has fewer, a fair
 * coin deciding ties, so every stratum stays balanced to within one person. The shuffle is driven
 * by a seed through SHA-256 (not Math.random), so the recorded seed, the recorded input and the
 * algorithm's name reproduce the allocation exactly on any machine, years later.
 */

export const ALLOCATION_ALGORITHM = 'stratified-balanced-sha256-v1';
/** The toolkit's balanced design: 30 respondents per identity group x arm. */
export const CELL_GOAL = 30;

type Arm = typeof PROGRAMME | typeof COMPARISON;
export type Mode = 'random' | 'waitlist' | 'manual';

export interface Candidate {
  id: string;
  identityGroup: string;
  site: string | null;
}

export interface Allocation {
  id: string;
  stratum: string;
  arm: Arm;
}

export type PriorCounts = Record<string, { programme: number; comparison: number }>;

export function stratumKey(identityGroup: string, site: string | null): string {
  return `${identityGroup}|${site ?? ''}`;
}

/** A deterministic stream of uniform integers for one stratum of one seed. */
class SeededStream {
  private counter = 0;
  private pool: number[] = [];

  constructor(
    private readonly seed: string,
    private readonly stratum: string,
  ) {}

  private next32(): number {
    if (this.pool.length === 0) {
      const digest = createHash('sha256').update(`${ALLOCATION_ALGORITHM}\0${this.seed}\0${this.stratum}\0${this.counter++}`).digest();
      for (let offset = 0; offset < digest.length; offset += 4) this.pool.push(digest.readUInt32BE(offset));
    }
    return this.pool.shift()!;
  }

  /** Uniform in [0, max) without modulo bias. */
  int(max: number): number {
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (;;) {
      const value = this.next32();
      if (value < limit) return value % max;
    }
  }
}

/**
 * The allocation itself, a pure function of its inputs. `places` (waitlist mode): programme places
 * per stratum, drawn at random from those waiting; everyone else forms the comparison group.
 */
export function allocate(
  candidates: readonly Candidate[],
  prior: PriorCounts,
  seed: string,
  mode: 'random' | 'waitlist',
  places = 0,
): Allocation[] {
  const byStratum = new Map<string, string[]>();
  for (const candidate of candidates) {
    const key = stratumKey(candidate.identityGroup, candidate.site);
    byStratum.set(key, [...(byStratum.get(key) ?? []), candidate.id]);
  }
  const result: Allocation[] = [];
  for (const stratum of [...byStratum.keys()].sort()) {
    const stream = new SeededStream(seed, stratum);
    // Sorted first, so the order people were listed in cannot change the outcome.
    const ids = [...byStratum.get(stratum)!].sort();
    for (let i = ids.length - 1; i > 0; i--) {
      const j = stream.int(i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    let { programme, comparison } = prior[stratum] ?? { programme: 0, comparison: 0 };
    let free = Math.max(0, places - programme);
    for (const id of ids) {
      let arm: Arm;
      if (mode === 'waitlist') {
        arm = free > 0 ? PROGRAMME : COMPARISON;
        if (free > 0) free--;
      } else if (programme !== comparison) {
        arm = programme < comparison ? PROGRAMME : COMPARISON;
      } else {
        arm = stream.int(2) === 0 ? PROGRAMME : COMPARISON;
      }
      if (arm === PROGRAMME) programme++;
      else comparison++;
      result.push({ id, stratum, arm });
    }
  }
  return result;
}

export function newSeed(): string {
  return String(randomInt(1, 2 ** 47));
}

/** Counts per identity group x site of the roster (erased people left out). */
export function strataCounts(study: Db): StratumCount[] {
  const rows = study
    .prepare(
      `SELECT g.code AS identityGroup, s.code AS site, a.code AS arm, count(*) AS n
         FROM participant p
         JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN site s ON s.id = p.site_id
         LEFT JOIN arm a ON a.id = p.arm_id
        WHERE p.status <> 'erased'
        GROUP BY g.code, s.code, a.code`,
    )
    .all() as { identityGroup: string; site: string | null; arm: string | null; n: number }[];
  const strata = new Map<string, StratumCount>();
  for (const row of rows) {
    const key = stratumKey(row.identityGroup, row.site);
    const entry = strata.get(key) ?? { identityGroup: row.identityGroup, site: row.site, programme: 0, comparison: 0, unassigned: 0 };
    if (row.arm === PROGRAMME) entry.programme += row.n;
    else if (row.arm === COMPARISON) entry.comparison += row.n;
    else if (row.arm === null) entry.unassigned += row.n;
    strata.set(key, entry);
  }
  return [...strata.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
}

function priorCounts(study: Db): PriorCounts {
  return Object.fromEntries(
    strataCounts(study).map((entry) => [
      stratumKey(entry.identityGroup, entry.site),
      { programme: entry.programme, comparison: entry.comparison },
    ]),
  );
}

/** Active people on the roster without an arm; `only` narrows them (the CLI assigns those it just enrolled). */
function unassigned(study: Db, only?: ReadonlySet<string>): Candidate[] {
  const rows = study
    .prepare(
      `SELECT p.id, g.code AS identityGroup, s.code AS site
         FROM participant p JOIN identity_group g ON g.id = p.identity_group_id LEFT JOIN site s ON s.id = p.site_id
        WHERE p.status = 'active' AND p.arm_id IS NULL`,
    )
    .all() as Candidate[];
  return only ? rows.filter((row) => only.has(row.id)) : rows;
}

function assertArms(refs: DesignRefs): void {
  if (!refs.find('arm', PROGRAMME) || !refs.find('arm', COMPARISON)) {
    throw new MixwiseError('INVALID_INPUT', 'Random assignment needs the arms "programme" and "comparison" in the study.', {
      key: 'armsMissing',
    });
  }
}

/**
 * Writes an allocation: arms onto the roster, the run and its list into the vault. As for
 * enrolment, the study commits first and is put back if the vault's commit fails.
 */
function record(
  study: Db,
  vault: Db,
  run: { mode: Mode; seed: string | null; places: number | null; prior: PriorCounts },
  allocations: Allocation[],
  client: Client,
): AssignmentResult {
  const refs = new DesignRefs(study);
  const setArm = study.prepare('UPDATE participant SET arm_id = ? WHERE id = ? AND arm_id IS NULL');
  let studyCommitted = false;
  let runId = 0;
  try {
    vault.transaction(() => {
      const inserted = vault
        .prepare('INSERT INTO allocation_run (at, mode, algorithm, seed, places, prior) VALUES (?, ?, ?, ?, ?, ?)')
        .run(
          new Date().toISOString(),
          run.mode,
          run.mode === 'manual' ? 'manual' : ALLOCATION_ALGORITHM,
          run.seed,
          run.places,
          JSON.stringify(run.prior),
        );
      runId = Number(inserted.lastInsertRowid);
      const insert = vault.prepare('INSERT INTO allocation (run_id, position, participant_id, stratum, arm_code) VALUES (?, ?, ?, ?, ?)');
      allocations.forEach((allocation, position) => insert.run(runId, position, allocation.id, allocation.stratum, allocation.arm));
      study.transaction(() => {
        for (const allocation of allocations) {
          const armId = refs.find('arm', allocation.arm)!.id;
          if (setArm.run(armId, allocation.id).changes !== 1) {
            throw new MixwiseError('ALREADY_EXISTS', `The participant ${allocation.id} already has an arm.`, {
              key: 'alreadyAssigned',
              params: { id: allocation.id },
            });
          }
        }
      })();
      studyCommitted = true;
      appendAudit(vault, 'assigned', { mode: run.mode, count: allocations.length, run: runId, client });
    })();
  } catch (error) {
    if (studyCommitted) {
      const clear = study.prepare('UPDATE participant SET arm_id = NULL WHERE id = ?');
      study.transaction(() => allocations.forEach((allocation) => clear.run(allocation.id)))();
    }
    throw error;
  }
  return { runId, mode: run.mode, seed: run.seed, assigned: allocations.length, strata: strataCounts(study) };
}

/** What an assignment would do, shown before anything is written (issue 25, point 4). */
export interface AssignmentPlan {
  mode: 'random' | 'waitlist';
  seed: string;
  places: number | null;
  /** Names the input (people, their strata, the arms already filled, seed, mode): the commit must find the same. */
  fingerprint: string;
  allocations: Allocation[];
  prior: PriorCounts;
}

/**
 * Computes the allocation without writing it. The same seed on the same input always gives the
 * same allocation, so a commit that recomputes with the previewed seed and finds the previewed
 * fingerprint writes exactly what was shown; if anyone was enrolled, withdrawn or assigned in the
 * meantime the fingerprint differs and the commit is refused.
 */
export function planAssignment(
  study: Db,
  options: { mode: 'random' | 'waitlist'; seed?: string; places?: number; only?: ReadonlySet<string> },
): AssignmentPlan {
  assertArms(new DesignRefs(study));
  const seed = options.seed ?? newSeed();
  const places = options.mode === 'waitlist' ? (options.places ?? 0) : null;
  const prior = priorCounts(study);
  const candidates = unassigned(study, options.only);
  const allocations = allocate(candidates, prior, seed, options.mode, places ?? 0);
  const input = {
    algorithm: ALLOCATION_ALGORITHM,
    mode: options.mode,
    seed,
    places,
    people: candidates.map((candidate) => `${candidate.id}|${stratumKey(candidate.identityGroup, candidate.site)}`).sort(),
    prior: Object.entries(prior).sort(([a], [b]) => a.localeCompare(b)),
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32);
  return { mode: options.mode, seed, places, fingerprint, allocations, prior };
}

/** Each stratum's counts now and what the plan adds to each arm, for the preview. */
export function planByStratum(study: Db, plan: AssignmentPlan): (StratumCount & { toProgramme: number; toComparison: number })[] {
  const added = new Map<string, { programme: number; comparison: number }>();
  for (const { stratum, arm } of plan.allocations) {
    const entry = added.get(stratum) ?? { programme: 0, comparison: 0 };
    entry[arm]++;
    added.set(stratum, entry);
  }
  return strataCounts(study).map((stratum) => {
    const adds = added.get(stratumKey(stratum.identityGroup, stratum.site));
    return { ...stratum, toProgramme: adds?.programme ?? 0, toComparison: adds?.comparison ?? 0 };
  });
}

/** Writes a plan; with `expected`, only if the input is still the one previewed. */
function commitPlan(study: Db, vault: Db, plan: AssignmentPlan, client: Client, expected?: string): AssignmentResult {
  if (expected !== undefined && expected !== plan.fingerprint) {
    throw new MixwiseError(
      'INVALID_INPUT',
      'The roster changed since the preview (someone was enrolled, withdrawn or assigned): preview the assignment again.',
      {
        key: 'previewOutdated',
      },
    );
  }
  return record(study, vault, { mode: plan.mode, seed: plan.seed, places: plan.places, prior: plan.prior }, plan.allocations, client);
}

export function assignRandom(
  study: Db,
  vault: Db,
  options: { seed?: string; only?: ReadonlySet<string>; client: Client; expected?: string },
): AssignmentResult {
  const plan = planAssignment(study, { mode: 'random', seed: options.seed, only: options.only });
  return commitPlan(study, vault, plan, options.client, options.expected);
}

export function assignFromWaitlist(
  study: Db,
  vault: Db,
  options: { places: number; seed?: string; client: Client; expected?: string },
): AssignmentResult {
  const plan = planAssignment(study, { mode: 'waitlist', seed: options.seed, places: options.places });
  return commitPlan(study, vault, plan, options.client, options.expected);
}

export function assignManually(study: Db, vault: Db, options: { id: string; arm: string; client: Client }): AssignmentResult {
  const refs = new DesignRefs(study);
  const arm = refs.find('arm', options.arm);
  if (!arm)
    throw new MixwiseError('NOT_FOUND', `"${options.arm}" is not one of the study's arms.`, {
      key: 'unknownArm',
      params: { value: options.arm },
    });
  const candidate = unassigned(study).find((entry) => entry.id === options.id);
  if (!candidate) {
    throw new MixwiseError('FORBIDDEN', `The participant ${options.id} is not active and unassigned.`, {
      key: 'notAssignable',
      params: { id: options.id },
    });
  }
  const allocation = { id: candidate.id, stratum: stratumKey(candidate.identityGroup, candidate.site), arm: arm.code as Arm };
  return record(study, vault, { mode: 'manual', seed: null, places: null, prior: priorCounts(study) }, [allocation], options.client);
}

export interface RunSummary {
  id: number;
  at: string;
  mode: Mode;
  algorithm: string;
  seed: string | null;
  places: number | null;
  assigned: number;
  reproducible: boolean;
}

/** Every run, each re-computed from its recorded seed, input and prior counts and compared. */
export function listRuns(vault: Db): RunSummary[] {
  const runs = vault.prepare('SELECT id, at, mode, algorithm, seed, places, prior FROM allocation_run ORDER BY id DESC').all() as (Omit<
    RunSummary,
    'assigned' | 'reproducible'
  > & { prior: string })[];
  const list = vault.prepare('SELECT participant_id AS id, stratum, arm_code AS arm FROM allocation WHERE run_id = ? ORDER BY position');
  return runs.map(({ prior, ...run }) => {
    const recorded = list.all(run.id) as Allocation[];
    return { ...run, assigned: recorded.length, reproducible: reproduces(run, JSON.parse(prior) as PriorCounts, recorded) };
  });
}

function reproduces(
  run: { mode: Mode; algorithm: string; seed: string | null; places: number | null },
  prior: PriorCounts,
  recorded: Allocation[],
): boolean {
  if (run.mode === 'manual') return true;
  if (run.algorithm !== ALLOCATION_ALGORITHM || run.seed === null) return false;
  const candidates = recorded.map(({ id, stratum }) => {
    const [identityGroup, site] = stratum.split('|') as [string, string];
    return { id, identityGroup, site: site || null };
  });
  const again = allocate(candidates, prior, run.seed, run.mode, run.places ?? 0);
  return JSON.stringify(again) === JSON.stringify(recorded);
}
