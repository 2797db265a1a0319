import { scaleColumns, type Indexed } from './indexed';
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
 *
 * One pass over the respondents per item counts every arm x group cell, every wave and every
 * change at once (a separate pass per cell, wave and change was a third of the analysis's time).
 * The counts are whole numbers, so the order they are added in cannot change a result.
 */
export function agreeRows(data: AnalysisData, index: Indexed, scale: Scale, waves: readonly string[]): AgreeRow[] {
  const columns = scaleColumns(index, scale);
  const positions = Int32Array.from(waves, (wave) => index.waveIndex.get(wave) ?? -1);
  const groups = data.groups.map((group) => group.code);
  // A cell is arm x slot: each identity group, then the whole arm (group null).
  const slots = groups.length + 1;
  const cells = data.arms.length * slots;
  const waveCount = waves.length;
  const changeCount = Math.max(0, waveCount - 1);
  const [from, ...later] = waves;
  const counts = countAgree(index, columns, Float64Array.from(scale.items, (item) => item.max - 1), positions, index.respondentArm, index.respondentGroup, slots, cells);
  const rows: AgreeRow[] = [];
  scale.items.forEach((item, i) => {
    for (const [a, arm] of data.arms.entries()) {
      for (let slot = 0; slot < slots; slot++) {
        const cell = i * cells + a * slots + slot;
        const perWave = waves.map((wave, w) => {
          const n = counts.n[cell * waveCount + w]!;
          const agree = counts.agree[cell * waveCount + w]!;
          return { wave, n, agree, share: share(agree, n) };
        });
        const changes =
          from === undefined
            ? []
            : later.map((to, l) => {
                const at = cell * changeCount + l;
                const [n, before, after] = [counts.bothN[at]!, counts.before[at]!, counts.after[at]!];
                const shareFrom = share(before, n);
                const shareTo = share(after, n);
                return { from, to, n, shareFrom, shareTo, points: shareFrom === null || shareTo === null ? null : ((after - before) * 100) / n };
              });
        rows.push({ scale: scale.concept, item: item.code, reverseKeyed: item.reverseKeyed, arm: arm.code, group: slot < groups.length ? groups[slot]! : null, waves: perWave, changes });
      }
    }
  });
  return rows;
}

interface AgreeCounts {
  /** Per cell x wave: answered, and agreed. */
  n: Int32Array;
  agree: Int32Array;
  /** Per cell x change from the baseline: answered at both waves, and agreed before and after. */
  bothN: Int32Array;
  before: Int32Array;
  after: Int32Array;
}

/**
 * Counts every item of a scale over every respondent with an arm: each answer goes to its arm x
 * group cell (or the arm's "no group" one), and each arm's whole is the sum of its cells at the
 * end, which halved the counting (whole numbers: the order of the additions cannot change them). A
 * respondent's answer at a wave is the last questionnaire loaded for that wave (responseAt). Each
 * questionnaire's row is read once for all the scale's items (its answers lie together in the
 * block), not once per item. Counts are item x cell x wave (or x change). Typed arrays only, in a
 * function of its own for V8.
 */
function countAgree(index: Indexed, columns: Int32Array, tops: Float64Array, positions: Int32Array, armOf: Int32Array, groupOf: Int32Array, slots: number, cells: number): AgreeCounts {
  const items = columns.length;
  const waveCount = positions.length;
  const changeCount = Math.max(0, waveCount - 1);
  const arms = cells / slots;
  // Per arm: its groups (slots - 1 of them), then one for respondents without a known group.
  const own = slots;
  const ownCells = arms * own;
  const n = new Int32Array(items * ownCells * waveCount);
  const agree = new Int32Array(items * ownCells * waveCount);
  const bothN = new Int32Array(items * ownCells * changeCount);
  const beforeAgreed = new Int32Array(items * ownCells * changeCount);
  const afterAgreed = new Int32Array(items * ownCells * changeCount);
  const { responseAt, values, width } = index;
  const stride = index.waveCount;
  // One respondent's answers, item x wave (NaN = none).
  const seen = new Float64Array(items * waveCount);
  for (let r = 0; r < armOf.length; r++) {
    const a = armOf[r]!;
    if (a < 0) continue;
    const g = groupOf[r]!;
    const cell = a * own + (g < 0 ? own - 1 : g);
    for (let w = 0; w < waveCount; w++) {
      const position = positions[w]!;
      const response = position < 0 ? -1 : responseAt[r * stride + position]!;
      for (let i = 0; i < items; i++) {
        const column = columns[i]!;
        const value = response < 0 || column < 0 ? Number.NaN : values[response * width + column]!;
        seen[i * waveCount + w] = value;
        if (value !== value) continue; // NaN: no answer
        const at = (i * ownCells + cell) * waveCount + w;
        n[at]!++;
        if (value >= tops[i]!) agree[at]!++;
      }
    }
    for (let i = 0; i < items; i++) {
      const first = seen[i * waveCount]!;
      if (first !== first) continue;
      const before = first >= tops[i]! ? 1 : 0;
      for (let l = 0; l < changeCount; l++) {
        const later = seen[i * waveCount + l + 1]!;
        if (later !== later) continue;
        const at = (i * ownCells + cell) * changeCount + l;
        bothN[at]!++;
        beforeAgreed[at]! += before;
        afterAgreed[at]! += later >= tops[i]! ? 1 : 0;
      }
    }
  }
  // Into the report's cells: each arm's groups, then its whole (the sum of all its own cells).
  const spread = (counts: Int32Array, per: number) => {
    const out = new Int32Array(items * cells * per);
    for (let i = 0; i < items; i++) {
      for (let a = 0; a < arms; a++) {
        for (let k = 0; k < per; k++) {
          let whole = 0;
          for (let slot = 0; slot < own; slot++) {
            const count = counts[((i * ownCells + a * own + slot) * per) + k]!;
            whole += count;
            if (slot < slots - 1) out[(i * cells + a * slots + slot) * per + k] = count;
          }
          out[(i * cells + a * slots + slots - 1) * per + k] = whole;
        }
      }
    }
    return out;
  };
  return { n: spread(n, waveCount), agree: spread(agree, waveCount), bothN: spread(bothN, changeCount), before: spread(beforeAgreed, changeCount), after: spread(afterAgreed, changeCount) };
}
