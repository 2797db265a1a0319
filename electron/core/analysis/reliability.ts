import { ALPHA_WARNING, type AnalysisData, type Scale } from './model';
import { keyed } from './scores';
import { cronbach } from './stats';

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
export function reliabilityRows(data: AnalysisData, scale: Scale, waves: readonly string[]): ReliabilityRow[] {
  const cells = new Map<string, { wave: string; version: string; answers: ReadonlyMap<string, number>[] }>();
  for (const response of data.responses) {
    if (!waves.includes(response.wave)) continue;
    const key = `${response.wave}\u0000${response.version}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { wave: response.wave, version: response.version, answers: [] }));
    cell.answers.push(response.answers);
  }
  const waveRank = (code: string) => waves.indexOf(code);
  return [...cells.values()]
    .sort((a, b) => waveRank(a.wave) - waveRank(b.wave) || a.version.localeCompare(b.version))
    .flatMap((cell) => {
      const asked = scale.items.filter((item) => cell.answers.some((answers) => answers.has(item.code)));
      if (asked.length === 0) return [];
      const rows = cell.answers
        .filter((answers) => asked.every((item) => answers.has(item.code)))
        .map((answers) => asked.map((item) => keyed(item, answers.get(item.code)!)));
      const result = cronbach(rows, asked.length);
      return [
        {
          scale: scale.concept,
          wave: cell.wave,
          version: cell.version,
          n: result.n,
          k: asked.length,
          alpha: result.alpha,
          items: asked.map((item, index) => ({ item: item.code, ...result.items[index]! })),
          low: result.alpha !== null && result.alpha < ALPHA_WARNING,
        },
      ];
    });
}
