import { scaleColumns, versionCells, type Indexed } from './indexed';
import { ALPHA_WARNING, type AnalysisData, type Scale } from './model';
import { keyed } from './scores';
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
}

/**
 * Cronbach's alpha per scale x wave x version: each version is one language and respondent group,
 * and a translation can break a scale in one version only. Items the version never answered are
 * taken as not asked; questionnaires missing any remaining item are left out (listwise).
 */
export function reliabilityRows(data: AnalysisData, index: Indexed, scale: Scale, waves: readonly string[]): ReliabilityRow[] {
  const cells = versionCells(data, index, waves);
  const columns = scaleColumns(index, scale);
  const waveRank = (code: string) => waves.indexOf(code);
  return [...cells]
    .sort((a, b) => waveRank(a.wave) - waveRank(b.wave) || a.version.localeCompare(b.version))
    .flatMap((cell) => {
      // Items this version asked: answered on at least one of its questionnaires.
      const askedAt: number[] = [];
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        if (column < 0) continue;
        for (let r = 0; r < cell.responses.length; r++) {
          if (!Number.isNaN(index.rows[cell.responses[r]!]![column]!)) {
            askedAt.push(i);
            break;
          }
        }
      }
      if (askedAt.length === 0) return [];
      const asked = askedAt.map((i) => scale.items[i]!);
      // Complete questionnaires (every asked item answered), reverse-keyed, row after row.
      const k = askedAt.length;
      const flat = new Float64Array(cell.responses.length * k);
      let n = 0;
      for (let r = 0; r < cell.responses.length; r++) {
        const row = index.rows[cell.responses[r]!]!;
        let complete = true;
        for (let j = 0; j < k && complete; j++) {
          const value = row[columns[askedAt[j]!]!]!;
          if (Number.isNaN(value)) complete = false;
          else flat[n * k + j] = keyed(asked[j]!, value);
        }
        if (complete) n++;
      }
      const result = cronbachOfFlat(flat, n, k);
      return [
        {
          scale: scale.concept,
          wave: cell.wave,
          version: cell.version,
          n: result.n,
          k: asked.length,
          alpha: result.alpha,
          items: asked.map((item, position) => ({ item: item.code, ...result.items[position]! })),
          low: result.alpha !== null && result.alpha < ALPHA_WARNING,
        },
      ];
    });
}
