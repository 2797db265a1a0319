import { scaleColumns, versionCells, type Indexed } from './indexed';
import { ALPHA_WARNING, RELIABILITY_MINIMUM, type AnalysisData, type Scale, type ScaleItem } from './model';
import { cronbachOfFlat } from './stats';

export interface ReliabilityRow {
  scale: string;
  wave: string;
  version: string;
  /** Complete questionnaires (every item of the scale answered) the numbers rest on. */
  n: number;
  /** Items of the scale this version asked. */
  k: number;
  alpha: number | null;
  items: { item: string; rDrop: number | null; alphaIfDropped: number | null }[];
  /** Alpha under 0.6: the items may not measure one thing for these respondents. */
  low: boolean;
  /**
   * Why alpha is null: fewer complete questionnaires than RELIABILITY_MINIMUM (an alpha on a
   * handful can land anywhere, -3 included), one item only, or no variance in the items' sum.
   */
  reason: 'fewComplete' | 'oneItem' | 'noVariance' | null;
  /** Items every complete questionnaire answered alike: they cannot correlate with anything. */
  zeroVariance: string[];
}

/** The given columns of n rows of k, row after row. */
function varyingColumns(flat: Float64Array, n: number, k: number, keep: number[]): Float64Array {
  if (keep.length === k) return flat;
  const out = new Float64Array(n * keep.length);
  for (let r = 0; r < n; r++) keep.forEach((column, j) => (out[r * keep.length + j] = flat[r * k + column]!));
  return out;
}

/** Items whose answers in the n complete rows of k are all the same. */
function constantItems(flat: Float64Array, n: number, k: number): number[] {
  const constant: number[] = [];
  for (let j = 0; j < k; j++) {
    let r = 1;
    while (r < n && flat[r * k + j] === flat[j]) r++;
    if (n > 0 && r === n) constant.push(j);
  }
  return constant;
}

/**
 * Cronbach's alpha per scale x wave x version: each version is one language and respondent group,
 * and a translation can break a scale in one version only. Items the version never answered are
 * taken as not asked; questionnaires missing any remaining item are left out (listwise).
 */
/** Positions of the items a version asked: answered on at least one of its questionnaires. */
function askedItems(values: Float64Array, width: number, responses: Int32Array, columns: Int32Array): number[] {
  const asked: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    if (column < 0) continue;
    for (let r = 0; r < responses.length; r++) {
      const value = values[responses[r]! * width + column]!;
      if (value === value) {
        asked.push(i);
        break;
      }
    }
  }
  return asked;
}

/**
 * The complete questionnaires among `responses` (every given column answered), reverse-keyed, row
 * after row in one array. A function of its own, on typed arrays only: it runs over every
 * questionnaire once per scale and version, and V8 optimises it best standing alone.
 */
function completeRows(values: Float64Array, width: number, responses: Int32Array, columns: Int32Array, items: readonly ScaleItem[]): { flat: Float64Array; n: number } {
  const k = columns.length;
  const reverse = Uint8Array.from(items, (item) => (item.reverseKeyed ? 1 : 0));
  const mirror = Float64Array.from(items, (item) => item.min + item.max);
  const flat = new Float64Array(responses.length * k);
  let n = 0;
  for (let r = 0; r < responses.length; r++) {
    const offset = responses[r]! * width;
    let j = 0;
    for (; j < k; j++) {
      const value = values[offset + columns[j]!]!;
      if (value !== value) break; // NaN: not answered
      // keyed() (scores.ts): min + max - value for a reverse-keyed item.
      flat[n * k + j] = reverse[j] === 1 ? mirror[j]! - value : value;
    }
    if (j === k) n++;
  }
  return { flat, n };
}

export function reliabilityRows(data: AnalysisData, index: Indexed, scale: Scale, waves: readonly string[]): ReliabilityRow[] {
  const cells = versionCells(data, index, waves);
  const columns = scaleColumns(index, scale);
  const waveRank = (code: string) => waves.indexOf(code);
  return [...cells]
    .sort((a, b) => waveRank(a.wave) - waveRank(b.wave) || a.version.localeCompare(b.version))
    .flatMap((cell) => {
      const askedAt = askedItems(index.values, index.width, cell.responses, columns);
      if (askedAt.length === 0) return [];
      const asked = askedAt.map((i) => scale.items[i]!);
      const { flat, n } = completeRows(index.values, index.width, cell.responses, Int32Array.from(askedAt, (i) => columns[i]!), asked);
      const k = asked.length;
      const enough = n >= RELIABILITY_MINIMUM;
      // Items everyone answered alike are left out of alpha (as psych and SPSS do): kept in, they
      // would lower it by the count of items alone. They are named instead.
      const constant = constantItems(flat, n, k);
      const varying = asked.flatMap((_, position) => (constant.includes(position) ? [] : [position]));
      const result = cronbachOfFlat(varyingColumns(flat, n, k, varying), enough ? n : 0, varying.length);
      const reason = !enough ? 'fewComplete' : k < 2 ? 'oneItem' : result.alpha === null ? 'noVariance' : null;
      const none = { rDrop: null, alphaIfDropped: null };
      return [
        {
          scale: scale.concept,
          wave: cell.wave,
          version: cell.version,
          n,
          k: asked.length,
          alpha: result.alpha,
          items: asked.map((item, position) => ({ item: item.code, ...(result.items[varying.indexOf(position)] ?? none) })),
          low: result.alpha !== null && result.alpha < ALPHA_WARNING,
          reason,
          zeroVariance: constant.map((position) => asked[position]!.code),
        },
      ];
    });
}
