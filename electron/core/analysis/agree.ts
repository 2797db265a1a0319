import { cellOf, itemByRespondentWave, scaleColumns, type Indexed } from './indexed';
import type { AnalysisData, Scale, ScaleItem } from './model';

export interface AgreeWave {
  wave: string;
  /** Respondents who answered the item at this wave. */
  n: number;
  /** Of those, how many chose one of the top two points (4 or 5 on a 1-5 scale). */
  agree: number;
  share: number | null;
}

export interface AgreeChange {
  from: string;
  to: string;
  /** The net sample: respondents who answered the item at both waves. */
  n: number;
  shareFrom: number | null;
  shareTo: number | null;
  /** Percentage points, (shareTo - shareFrom) x 100: how the Tech Heroes report states its results. */
  points: number | null;
}

export interface AgreeRow {
  scale: string;
  item: string;
  /** A reverse-keyed item's top points mean the opposite of the scale's direction. */
  reverseKeyed: boolean;
  arm: string;
  group: string | null;
  waves: AgreeWave[];
  changes: AgreeChange[];
}

/** The top two points of the item's own range: 4-5 on 1-5, as "agree" and "agree strongly". */
export function agrees(item: ScaleItem, value: number): boolean {
  return value >= item.max - 1;
}

const share = (count: number, of: number) => (of > 0 ? count / of : null);

/**
 * The percent-agree view of each item by arm and group: the share in the top two points at every
 * wave (everyone who answered it then), and the change from the baseline in percentage points on
 * the net sample who answered at both waves, so that leavers do not pass for change.
 */
/** Of the members with an answer at one wave: how many answered, how many agreed. */
function countAt(values: Float64Array, members: Int32Array, stride: number, wave: number, top: number): { n: number; agree: number } {
  let n = 0;
  let agree = 0;
  if (wave < 0) return { n, agree };
  for (let m = 0; m < members.length; m++) {
    const value = values[members[m]! * stride + wave]!;
    if (value !== value) continue; // NaN: no answer
    n++;
    if (value >= top) agree++;
  }
  return { n, agree };
}

/** Of the members with an answer at both waves: how many, and how many agreed at each. */
function countBoth(values: Float64Array, members: Int32Array, stride: number, from: number, to: number, top: number): { n: number; before: number; after: number } {
  let n = 0;
  let before = 0;
  let after = 0;
  if (from < 0 || to < 0) return { n, before, after };
  for (let m = 0; m < members.length; m++) {
    const a = values[members[m]! * stride + from]!;
    const b = values[members[m]! * stride + to]!;
    if (a !== a || b !== b) continue;
    n++;
    if (a >= top) before++;
    if (b >= top) after++;
  }
  return { n, before, after };
}

export function agreeRows(data: AnalysisData, index: Indexed, scale: Scale, waves: readonly string[]): AgreeRow[] {
  const columns = scaleColumns(index, scale);
  const positions = waves.map((wave) => index.waveIndex.get(wave) ?? -1);
  const stride = index.waveCount;
  const [from, ...later] = waves;
  const rows: AgreeRow[] = [];
  scale.items.forEach((item, i) => {
    const values = itemByRespondentWave(data, index, columns[i]!);
    // agrees(): the top two points of the item's own range.
    const top = item.max - 1;
    for (const arm of data.arms) {
      for (const group of [...data.groups.map((entry) => entry.code), null]) {
        const members = cellOf(index, arm.code, group);
        const perWave = waves.map((wave, w) => {
          const { n, agree } = countAt(values, members, stride, positions[w]!, top);
          return { wave, n, agree, share: share(agree, n) };
        });
        const changes = from === undefined ? [] : later.map((to, l) => {
          const { n, before, after } = countBoth(values, members, stride, positions[0]!, positions[l + 1]!, top);
          const shareFrom = share(before, n);
          const shareTo = share(after, n);
          return { from, to, n, shareFrom, shareTo, points: shareFrom === null || shareTo === null ? null : (after - before) * 100 / n };
        });
        rows.push({ scale: scale.concept, item: item.code, reverseKeyed: item.reverseKeyed, arm: arm.code, group, waves: perWave, changes });
      }
    }
  });
  return rows;
}
