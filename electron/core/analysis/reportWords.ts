import strings from '../../../resources/locales/en/analysis.json';
import { fill } from './labels';

/**
 * The screen's translate function for the exported reports: a key of the analysis locale file
 * ("analysis.headline.higher") to its English text with its values filled in, so shared builders
 * such as the headline (shared/analysis/headline.ts) word paper as they word the screen.
 */
export function reportT(key: string, params: Record<string, string | number> = {}): string {
  const path = key.replace(/^analysis\./, '').split('.');
  let node: unknown = strings;
  for (const part of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'string') throw new Error(`No report text for ${key}.`);
  return fill(node, params);
}
