import { MixwiseError } from '../errors';
import type { AnswerReader } from './answerReader';
import { agreeRows, type AgreeRow } from './agree';
import {
  balanceRows,
  changeRows,
  descriptiveRows,
  programmeEffectRows,
  type BalanceRow,
  type ChangeRow,
  type DescriptiveRow,
  type ProgrammeEffectRow,
} from './comparisons';
import { ancovaRows, type AncovaRow } from './ancova';
import { attritionRowsFor, type AttritionRow } from './attrition';
import { adjustFamilies } from './multiplicity';
import { ALPHA_WARNING, RELIABILITY_MINIMUM, SMALL_CELL, type AnalysisData, type AnalysisOptions, type Coded, type Scale } from './model';
import { reliabilityRows, type ReliabilityRow } from './reliability';
import { indexData, narrowedTo, scaleScores } from './indexed';
import { itemsNeeded } from './scores';
import { packData } from './sharedData';

export interface AnalysisWarning {
  kind: 'lowAlpha' | 'smallCell' | 'noComparison';
  scale: string | null;
  /** The values the sentence is made of, for the UI to word in the reader's language. */
  params: Record<string, string | number>;
  /** The warning in plain English (CLI, xlsx). */
  message: string;
}

export interface AnalysisReport {
  generatedAt: string;
  settings: {
    scales: string[];
    waves: string[];
    baseline: string;
    programmeArm: string;
    minAnsweredShare: number;
    smallCell: number;
    alphaWarning: number;
    confidence: number;
    reliabilityMinimum: number;
    multiplicity: 'holm';
  };
  groups: Coded[];
  arms: Coded[];
  waves: { code: string; label: string }[];
  scales: {
    concept: string;
    name: string;
    highScoreMeans: string | null;
    items: { code: string; min: number; max: number; reverseKeyed: boolean; wording: string }[];
    itemsNeeded: number;
  }[];
  reliability: ReliabilityRow[];
  descriptives: DescriptiveRow[];
  change: ChangeRow[];
  programmeEffect: ProgrammeEffectRow[];
  ancova: AncovaRow[];
  /** Where the differential-attrition alarm is on: the ANCOVA reweighted for those lost (attrition.ts). */
  attrition: AttritionRow[];
  balance: BalanceRow[];
  agree: AgreeRow[];
  warnings: AnalysisWarning[];
}

export interface ResolvedOptions {
  scales: Scale[];
  waves: string[];
  programmeArm: string;
  share: number;
}

export function resolveOptions(data: AnalysisData, options: AnalysisOptions = {}): ResolvedOptions {
  const scales = options.scales?.length
    ? options.scales.map((code) => {
        const scale = data.scales.find((entry) => entry.concept === code);
        if (!scale)
          throw new MixwiseError('NOT_FOUND', `The study has no scale "${code}".`, {
            field: 'scales',
            key: 'analysis.noScale',
            params: { code },
          });
        return scale;
      })
    : data.scales;
  const codes = data.waves.map((wave) => wave.code);
  const waves = options.waves?.length ? options.waves : codes;
  for (const code of waves) {
    if (!codes.includes(code))
      throw new MixwiseError('NOT_FOUND', `There is no wave with the code "${code}".`, { field: 'waves', params: { code } });
  }
  if (new Set(waves).size !== waves.length) throw new MixwiseError('INVALID_INPUT', 'A wave is listed twice.', { field: 'waves' });
  const programmeArm = options.programmeArm ?? data.arms[0]?.code ?? '';
  if (options.programmeArm !== undefined && !data.arms.some((arm) => arm.code === programmeArm)) {
    throw new MixwiseError('NOT_FOUND', `There is no arm with the code "${programmeArm}".`, {
      field: 'programmeArm',
      params: { code: programmeArm },
    });
  }
  const share = options.minAnsweredShare ?? data.minAnsweredShare;
  if (!(share > 0 && share <= 1))
    throw new MixwiseError('INVALID_INPUT', 'The share of items needed for a score is above 0 and at most 1.', {
      field: 'minAnsweredShare',
    });
  return { scales, waves, programmeArm, share };
}

/** One scale's share of the report; computed as a unit so that long runs can yield between scales. */
export interface ScaleSection {
  reliability: ReliabilityRow[];
  descriptives: DescriptiveRow[];
  change: ChangeRow[];
  programmeEffect: ProgrammeEffectRow[];
  ancova: AncovaRow[];
  attrition: AttritionRow[];
  balance: BalanceRow[];
  agree: AgreeRow[];
}

export function analyseScale(data: AnalysisData, scale: Scale, resolved: ResolvedOptions): ScaleSection {
  const index = narrowedTo(indexData(data), scale);
  const scores = { index, values: scaleScores(data, index, scale, resolved.share) };
  return {
    reliability: reliabilityRows(data, index, scale, resolved.waves),
    descriptives: descriptiveRows(data, scale, scores, resolved.waves),
    change: changeRows(data, scale, scores, resolved.waves),
    programmeEffect: programmeEffectRows(data, scale, scores, resolved.waves, resolved.programmeArm),
    ancova: ancovaRows(data, scale, scores, resolved.waves, resolved.programmeArm),
    attrition: attritionRowsFor(data, scale, resolved.waves, resolved.programmeArm, resolved.share),
    balance: balanceRows(data, scale, scores, resolved.waves[0]),
    agree: agreeRows(data, index, scale, resolved.waves),
  };
}

function warningsFor(data: AnalysisData, sections: ScaleSection[], resolved: ResolvedOptions): AnalysisWarning[] {
  const warnings: AnalysisWarning[] = [];
  const armName = (code: string) => data.arms.find((arm) => arm.code === code)?.name ?? code;
  const groupName = (code: string) => data.groups.find((group) => group.code === code)?.name ?? code;
  for (const row of sections.flatMap((section) => section.reliability)) {
    if (!row.low) continue;
    // Three decimals: 0.598 must not read as "0.60, below 0.6".
    const alpha = row.alpha!.toFixed(3);
    const scaleName = data.scales.find((scale) => scale.concept === row.scale)?.name ?? row.scale;
    warnings.push({
      kind: 'lowAlpha',
      scale: row.scale,
      params: { scale: row.scale, wave: row.wave, version: row.version, alpha },
      message: `${scaleName}: Cronbach's alpha is ${alpha} at ${row.wave} in version ${row.version}, below ${ALPHA_WARNING}; the items may not measure one thing there.`,
    });
  }
  // Small cells once per arm x group, the toolkit's unit: respondents with answers at the first and the last wave.
  const [first, last] = [resolved.waves[0], resolved.waves[resolved.waves.length - 1]];
  const answered = new Set(
    data.responses.filter((response) => response.answers.size > 0).map((response) => `${response.participant}\u0000${response.wave}`),
  );
  for (const arm of data.arms) {
    for (const group of data.groups) {
      const n = data.respondents.filter(
        (respondent) =>
          respondent.arm === arm.code &&
          respondent.group === group.code &&
          answered.has(`${respondent.id}\u0000${first}`) &&
          answered.has(`${respondent.id}\u0000${last}`),
      ).length;
      if (n >= SMALL_CELL || first === undefined || last === undefined) continue;
      const span = first === last ? first : `${first} and ${last}`;
      warnings.push({
        kind: 'smallCell',
        scale: null,
        params: { arm: arm.code, group: group.code, n, from: first, to: last, minimum: SMALL_CELL },
        message: `${armName(arm.code)} × ${groupName(group.code)}: ${n} respondents answered at ${span}, under the toolkit's ${SMALL_CELL} per cell; read their results with care.`,
      });
    }
  }
  if (data.arms.length < 2 || resolved.waves.length < 2) {
    warnings.push({
      kind: 'noComparison',
      scale: null,
      params: { arms: data.arms.length, waves: resolved.waves.length },
      message: 'A programme-versus-comparison analysis needs two arms and two waves; only the descriptive parts are shown.',
    });
  }
  return warnings;
}

/**
 * Holm within each family: one kind of test at one wave comparison, across scales, identity groups
 * and arms (each ANCOVA model kind being a kind of its own: a group's own model and its term in the
 * pooled model estimate the same effect twice). Across the whole run, as the family spans scales.
 */
function adjustForMultiplicity(report: Pick<AnalysisReport, 'change' | 'programmeEffect' | 'ancova' | 'balance'>): void {
  adjustFamilies(report.change, (row) => `${row.from}\u0000${row.to}`);
  adjustFamilies(report.programmeEffect, (row) => `${row.from}\u0000${row.to}`);
  adjustFamilies(report.ancova, (row) => `${row.model}\u0000${row.from}\u0000${row.to}`);
  adjustFamilies(report.balance, (row) => row.wave);
}

export function assembleReport(
  data: AnalysisData,
  resolved: ResolvedOptions,
  sections: ScaleSection[],
  generatedAt: string,
): AnalysisReport {
  const all = <K extends keyof ScaleSection>(key: K): ScaleSection[K] =>
    sections.flatMap((section) => section[key] as unknown[]) as ScaleSection[K];
  const tests = { change: all('change'), programmeEffect: all('programmeEffect'), ancova: all('ancova'), balance: all('balance') };
  adjustForMultiplicity(tests);
  return {
    generatedAt,
    settings: {
      scales: resolved.scales.map((scale) => scale.concept),
      waves: resolved.waves,
      baseline: resolved.waves[0] ?? '',
      programmeArm: resolved.programmeArm,
      minAnsweredShare: resolved.share,
      smallCell: SMALL_CELL,
      alphaWarning: ALPHA_WARNING,
      confidence: 0.95,
      reliabilityMinimum: RELIABILITY_MINIMUM,
      multiplicity: 'holm',
    },
    groups: data.groups,
    arms: data.arms,
    waves: data.waves
      .filter((wave) => resolved.waves.includes(wave.code))
      .sort((a, b) => resolved.waves.indexOf(a.code) - resolved.waves.indexOf(b.code)),
    scales: resolved.scales.map((scale) => ({
      ...scale,
      items: scale.items.map((item) => ({ ...item, wording: item.wording ?? item.code })),
      itemsNeeded: itemsNeeded(scale.items.length, resolved.share),
    })),
    reliability: all('reliability'),
    descriptives: all('descriptives'),
    ...tests,
    attrition: all('attrition'),
    agree: all('agree'),
    warnings: warningsFor(data, sections, resolved),
  };
}

/** The whole report at once (tests, CLI). */
export function analyse(data: AnalysisData, options: AnalysisOptions = {}, generatedAt = new Date().toISOString()): AnalysisReport {
  const resolved = resolveOptions(data, options);
  return assembleReport(
    data,
    resolved,
    resolved.scales.map((scale) => analyseScale(data, scale, resolved)),
    generatedAt,
  );
}

export type Progress = (done: number, total: number) => void;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The reader thread's share of the items (a scale's work grows with its items): under half, as the
 * same scale takes it longer (it gets the data afresh each run, and indexes it again) and its
 * answer arrives by message (measured on a 10 000-person study: the two then finish together).
 */
const THREAD_SHARE = 0.4;

/** The scales the reader thread computes: from the end of the list, up to its share of the items. */
function threadShare(scales: Scale[]): Set<Scale> {
  const total = scales.reduce((sum, scale) => sum + scale.items.length, 0);
  const theirs = new Set<Scale>();
  let items = 0;
  for (const scale of [...scales].reverse()) {
    if (items + scale.items.length > total * THREAD_SHARE) break;
    theirs.add(scale);
    items += scale.items.length;
  }
  return theirs;
}

/**
 * The same report computed one scale at a time, giving the event loop back between scales: in the
 * app the core shares the main process with the window's IPC, so a whole-study run must not hold
 * it for seconds. Reports progress after each scale. With the study's reader thread ready and the
 * answers on shared memory (load.ts), the thread computes about half of the scales meanwhile; the
 * sections are the same whichever thread computed them, and if the thread cannot, this one does.
 */
export async function analyseInSteps(
  data: AnalysisData,
  options: AnalysisOptions,
  progress: Progress,
  generatedAt = new Date().toISOString(),
  reader: AnswerReader | null = null,
): Promise<AnalysisReport> {
  const resolved = resolveOptions(data, options);
  const { scales, ...settings } = resolved;
  const packed = reader?.ready ? packData(data) : null;
  const theirs = packed ? threadShare(scales) : new Set<Scale>();
  const offloaded =
    packed && theirs.size > 0
      ? reader!.analyse(
          packed,
          [...theirs].map((scale) => scale.concept),
          settings,
        )
      : Promise.resolve(null);
  const sections = new Map<Scale, ScaleSection>();
  const computeHere = async (wanted: (scale: Scale) => boolean) => {
    for (const scale of scales) {
      if (sections.has(scale) || !wanted(scale)) continue;
      await nextTurn();
      sections.set(scale, analyseScale(data, scale, resolved));
      progress(sections.size, scales.length);
    }
  };
  progress(0, scales.length);
  await computeHere((scale) => !theirs.has(scale));
  const computed = await offloaded;
  if (computed) {
    [...theirs].forEach((scale, index) => sections.set(scale, computed[index]!));
    progress(sections.size, scales.length);
  }
  await computeHere(() => true);
  return assembleReport(
    data,
    resolved,
    scales.map((scale) => sections.get(scale)!),
    generatedAt,
  );
}
