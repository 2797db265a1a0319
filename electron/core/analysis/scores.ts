import type { AnalysisData, ResponseRecord, Scale, ScaleItem } from './model';
import { mean } from './stats';

/** A reverse-keyed item runs against its scale: 1..5 becomes 5..1 (min + max - value). */
export function keyed(item: ScaleItem, value: number): number {
  return item.reverseKeyed ? item.min + item.max - value : value;
}

/** Answered items needed for a score: the share of the scale's items, rounded up (half of 3 is 2). */
export function itemsNeeded(itemCount: number, share: number): number {
  // The small tolerance keeps 0.5 x 4 = 2 at 2 despite binary fractions such as 0.1 x 20.
  return Math.max(1, Math.ceil(share * itemCount - 1e-9));
}

/**
 * The scale score of one questionnaire: the mean of its answered items after reverse-keying, or
 * null when fewer than the required share were answered. Items of the scale that this version did
 * not ask count as unanswered, so a shortened version cannot yield a score from one item.
 */
export function scaleScore(scale: Scale, answers: ReadonlyMap<string, number>, share: number): number | null {
  const values: number[] = [];
  for (const item of scale.items) {
    const value = answers.get(item.code);
    if (value !== undefined) values.push(keyed(item, value));
  }
  return values.length >= itemsNeeded(scale.items.length, share) ? mean(values) : null;
}

/** participant -> wave -> score, for one scale. */
export type ScoreTable = Map<string, Map<string, number>>;

export function scoreTable(data: AnalysisData, scale: Scale, share: number, responses: readonly ResponseRecord[] = data.responses): ScoreTable {
  const table: ScoreTable = new Map();
  for (const response of responses) {
    const score = scaleScore(scale, response.answers, share);
    if (score === null) continue;
    let perWave = table.get(response.participant);
    if (!perWave) table.set(response.participant, (perWave = new Map()));
    perWave.set(response.wave, score);
  }
  return table;
}
