import { AnswerRow } from './answerRow';
import type { AnalysisData, Scale } from './model';
import { itemsNeeded, keyed } from './scores';

/**
 * The analysis data indexed once per run, so that every scale's tables are plain array reads:
 * respondents and waves by position, each questionnaire's answers as a numeric row, and the
 * members of every arm x group cell. Looking each answer up through nested Maps per item x arm x
 * group made a 10 000-person analysis take 10 s; this keeps it linear in the answers.
 *
 * Orders are kept exactly as the Map-based definitions had them (respondents as loaded, responses
 * as loaded, a later questionnaire of the same person and wave replacing an earlier one), so sums
 * run in the same order and the numbers stay equal to R's to the last digit.
 */
export interface Indexed {
  /** Item code -> column of the answer rows. */
  columns: ReadonlyMap<string, number>;
  /**
   * Every response's answers over the columns, response after response in one array (NaN = no
   * valid answer): one contiguous block keeps a scale's pass over 24 000 questionnaires in cache,
   * where a separate array per questionnaire made it three times slower.
   */
  values: Float64Array;
  width: number;
  responseCount: number;
  waveIndex: ReadonlyMap<string, number>;
  waveCount: number;
  /** Per response: its respondent's index (-1 when the person is not among the respondents) and wave's. */
  responseRespondent: Int32Array;
  responseWave: Int32Array;
  /** respondent x wave -> the response (the last one loaded), or -1. */
  responseAt: Int32Array;
  /** Per respondent: the position of their arm among data.arms and of their group among data.groups, or -1. */
  respondentArm: Int32Array;
  respondentGroup: Int32Array;
  /** Every arm x group, then the arm with all groups (group null), in the report's order. */
  cells: Cell[];
  versionCellCache: Map<string, { wave: string; version: string; responses: Int32Array }[]>;
}

export interface Cell {
  arm: string;
  group: string | null;
  /** Respondent indexes, in the respondents' order. */
  members: Int32Array;
}

const cache = new WeakMap<AnalysisData, Indexed>();

function answerMatrix(data: AnalysisData): { columns: ReadonlyMap<string, number>; values: Float64Array; width: number } {
  const first = data.responses[0]?.answers;
  // Rows loaded together (load.ts) are consecutive views of one block: use it as it is.
  if (first instanceof AnswerRow) {
    const width = first.columns.size;
    const block = first.row.buffer;
    const start = first.row.byteOffset;
    const consecutive = data.responses.every(
      (response, index) =>
        response.answers instanceof AnswerRow &&
        response.answers.columns === first.columns &&
        response.answers.row.buffer === block &&
        response.answers.row.byteOffset === start + index * width * Float64Array.BYTES_PER_ELEMENT,
    );
    if (consecutive) return { columns: first.columns, values: new Float64Array(block, start, data.responses.length * width), width };
  }
  // Answers given as Maps (the R fixtures, tests): laid out over every scale item.
  const columns = new Map<string, number>();
  for (const scale of data.scales) for (const item of scale.items) if (!columns.has(item.code)) columns.set(item.code, columns.size);
  const width = columns.size;
  const values = new Float64Array(data.responses.length * width).fill(Number.NaN);
  data.responses.forEach((response, index) => {
    for (const [code, column] of columns) {
      const value = response.answers.get(code);
      if (value !== undefined) values[index * width + column] = value;
    }
  });
  return { columns, values, width };
}

export function indexData(data: AnalysisData): Indexed {
  const known = cache.get(data);
  if (known) return known;
  const { columns, values, width } = answerMatrix(data);
  const waveIndex = new Map(data.waves.map((wave, index) => [wave.code, index]));
  const waveCount = data.waves.length;
  const respondentIndex = new Map(data.respondents.map((respondent, index) => [respondent.id, index]));
  const responseRespondent = new Int32Array(data.responses.length);
  const responseWave = new Int32Array(data.responses.length);
  const responseAt = new Int32Array(data.respondents.length * waveCount).fill(-1);
  data.responses.forEach((response, index) => {
    const respondent = respondentIndex.get(response.participant) ?? -1;
    const wave = waveIndex.get(response.wave) ?? -1;
    responseRespondent[index] = respondent;
    responseWave[index] = wave;
    if (respondent >= 0 && wave >= 0) responseAt[respondent * waveCount + wave] = index;
  });
  const armIndex = new Map(data.arms.map((arm, index) => [arm.code, index]));
  const groupIndex = new Map(data.groups.map((group, index) => [group.code, index]));
  const respondentArm = Int32Array.from(data.respondents, (respondent) => (respondent.arm === null ? -1 : (armIndex.get(respondent.arm) ?? -1)));
  const respondentGroup = Int32Array.from(data.respondents, (respondent) => groupIndex.get(respondent.group) ?? -1);
  const cells: Cell[] = [];
  for (const arm of data.arms) {
    const inArm: number[] = [];
    data.respondents.forEach((respondent, index) => {
      if (respondent.arm === arm.code) inArm.push(index);
    });
    for (const group of data.groups) cells.push({ arm: arm.code, group: group.code, members: Int32Array.from(inArm.filter((index) => data.respondents[index]!.group === group.code)) });
    cells.push({ arm: arm.code, group: null, members: Int32Array.from(inArm) });
  }
  const indexed: Indexed = { columns, values, width, responseCount: data.responses.length, waveIndex, waveCount, responseRespondent, responseWave, responseAt, respondentArm, respondentGroup, cells, versionCellCache: new Map() };
  cache.set(data, indexed);
  return indexed;
}

/**
 * The index with the answers narrowed to one scale's items: its columns copied out, response after
 * response, in one pass. The scale's tables then read a few hundred kilobytes over and over
 * instead of striding through the whole block (60 items x 24 000 questionnaires, 11 MB) each
 * time, which the cache cannot hold (10 000-person study: a fifth of the analysis's time).
 */
export function narrowedTo(index: Indexed, scale: Scale): Indexed {
  const codes = [...new Set(scale.items.map((item) => item.code))].filter((code) => index.columns.has(code));
  const from = Int32Array.from(codes, (code) => index.columns.get(code)!);
  const width = codes.length;
  const values = new Float64Array(index.responseCount * width);
  const { values: all, width: stride } = index;
  for (let response = 0; response < index.responseCount; response++) {
    const source = response * stride;
    const target = response * width;
    for (let column = 0; column < width; column++) values[target + column] = all[source + from[column]!]!;
  }
  return { ...index, columns: new Map(codes.map((code, column) => [code, column])), values, width };
}

export function cellOf(index: Indexed, arm: string, group: string | null): Int32Array {
  return index.cells.find((cell) => cell.arm === arm && cell.group === group)?.members ?? new Int32Array(0);
}

/** The columns of a scale's items, -1 for an item no questionnaire holds. */
export function scaleColumns(index: Indexed, scale: Scale): Int32Array {
  return Int32Array.from(scale.items, (item) => index.columns.get(item.code) ?? -1);
}

/**
 * Questionnaires grouped by wave x version (for reliability), in load order within each group,
 * the groups in order of first appearance; only the given waves. Cached per wave list.
 */
export function versionCells(data: AnalysisData, index: Indexed, waves: readonly string[]): { wave: string; version: string; responses: Int32Array }[] {
  const key = waves.join('\u0000');
  const known = index.versionCellCache.get(key);
  if (known) return known;
  const wanted = new Set(waves);
  const cells = new Map<string, { wave: string; version: string; responses: number[] }>();
  data.responses.forEach((response, position) => {
    if (!wanted.has(response.wave)) return;
    const cellKey = `${response.wave}\u0000${response.version}`;
    let cell = cells.get(cellKey);
    if (!cell) cells.set(cellKey, (cell = { wave: response.wave, version: response.version, responses: [] }));
    cell.responses.push(position);
  });
  const result = [...cells.values()].map((cell) => ({ wave: cell.wave, version: cell.version, responses: Int32Array.from(cell.responses) }));
  index.versionCellCache.set(key, result);
  return result;
}

/** One answer, NaN when missing. */
export function answerAt(index: Indexed, response: number, column: number): number {
  return column < 0 || response < 0 ? Number.NaN : index.values[response * index.width + column]!;
}

/**
 * Scale scores, respondent x wave (NaN = no score), with scores.ts's rules: the mean of the
 * answered items after reverse-keying when at least the required share were answered. A later
 * questionnaire without a score leaves an earlier one's score in place, as scoreTable() does.
 */
export function scaleScores(data: AnalysisData, index: Indexed, scale: Scale, share: number): Float64Array {
  const scores = new Float64Array(data.respondents.length * index.waveCount).fill(Number.NaN);
  const columns = scaleColumns(index, scale);
  const needed = itemsNeeded(scale.items.length, share);
  const values = new Float64Array(columns.length);
  const { width } = index;
  const answers = index.values;
  for (let response = 0; response < index.responseCount; response++) {
    const respondent = index.responseRespondent[response]!;
    const wave = index.responseWave[response]!;
    if (respondent < 0 || wave < 0) continue;
    const offset = response * width;
    let n = 0;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      if (column < 0) continue;
      const value = answers[offset + column]!;
      if (!Number.isNaN(value)) values[n++] = keyed(scale.items[i]!, value);
    }
    if (n < needed) continue;
    // mean() of the n values, inlined with its exact arithmetic (sum, then the residual pass).
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i]!;
    const first = sum / n;
    let residual = 0;
    for (let i = 0; i < n; i++) residual += values[i]! - first;
    scores[respondent * index.waveCount + wave] = first + residual / n;
  }
  return scores;
}
