import { MixwiseError } from '../errors';
import type { ExportVariable } from './dataset';

/**
 * Which columns the k-anonymity check covers. Nothing chosen means the default set, never "not
 * checked": the design columns and every demographic item at every wave. A named item always
 * covers all its waves, because what singles a person out is their combination across the row (an
 * age at pre and the same age plus one at follow-up), not one wave's column.
 */

/**
 * The item bank's concepts whose items are facts about the respondent rather than opinions: the
 * toolkit's "Respondent characteristics" (4.2: age, gender, ethnicity, religion, education) and
 * "Nationality, citizenship and residence status" (4.5: country of birth, year of arrival,
 * citizenship, residence document), the classic quasi-identifiers of survey releases. A study's
 * own item filed under one of these concepts counts too. Language proficiency (4.5) is a rating
 * scale, not a registered fact, and is left to the evaluator.
 */
export const DEMOGRAPHIC_CONCEPTS: ReadonlySet<string> = new Set(['demographics', 'nationality']);

export interface QuasiCandidate {
  /** A design column's name or an item's code. */
  name: string;
  label: string;
  columns: string[];
  text: boolean;
  byDefault: boolean;
  generalise: ('bands' | 'merge')[];
}

function invalid(message: string, field: string): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field });
}

/** What each kind of column can be generalised by: bands only make sense for numbers (ages). */
export function generalisations(variable: ExportVariable): ('bands' | 'merge')[] {
  if (variable.role === 'id') return [];
  return variable.kind === 'number' ? ['bands', 'merge'] : ['merge'];
}

/**
 * The design columns, then each item once (in column order) with the columns of all its waves. An
 * item is named by its code, unless an own item's code is also a design column's (or the ID's)
 * name: then by its first column, which columnsOf() reads as the item too.
 */
export function quasiCandidates(variables: readonly ExportVariable[]): QuasiCandidate[] {
  // The ID's name too: an own item coded "id" must not be offered as a name that means the ID column.
  const design = new Set(variables.filter((variable) => variable.role !== 'item').map((variable) => variable.name));
  const candidates = new Map<string, QuasiCandidate>();
  for (const variable of variables) {
    if (variable.role === 'id') continue;
    const key = variable.role === 'design' ? `design:${variable.name}` : `item:${variable.item!}`;
    const known = candidates.get(key);
    if (known) {
      known.columns.push(variable.name);
      continue;
    }
    const name = variable.role === 'design' || design.has(variable.item!) ? variable.name : variable.item!;
    candidates.set(key, {
      name,
      label: variable.label,
      columns: [variable.name],
      text: variable.kind === 'text',
      byDefault: variable.role === 'design' || DEMOGRAPHIC_CONCEPTS.has(variable.concept ?? ''),
      generalise: generalisations(variable),
    });
  }
  return [...candidates.values()];
}

/**
 * The default set's names: every design column but the ID, and every demographic item, free
 * text only when it is kept (text left out of the export cannot identify anyone through it).
 */
export function defaultQuasiNames(variables: readonly ExportVariable[], keepText: readonly string[]): string[] {
  const names = new Set<string>();
  for (const variable of variables) {
    if (variable.role === 'design') names.add(variable.name);
    else if (variable.role === 'item' && DEMOGRAPHIC_CONCEPTS.has(variable.concept ?? '')) {
      if (variable.kind !== 'text' || keepText.includes(variable.item!)) names.add(variable.item!);
    }
  }
  return [...names];
}

/**
 * The columns a name stands for: a design column itself; an item code or any of its per-wave
 * columns, every column of that item. Empty when the name is neither. Design names win over an
 * own item that happens to share one (an own item could be coded "site").
 */
export function columnsOf(variables: readonly ExportVariable[], name: string): string[] {
  const exact = variables.find((variable) => variable.name === name);
  if (exact?.role === 'id') return [];
  if (exact?.role === 'design') return [name];
  const item = exact?.item ?? name;
  return variables.filter((variable) => variable.role === 'item' && variable.item === item).map((variable) => variable.name);
}

/**
 * The quasi-identifier columns for the names given (or the default set when none are), in the
 * export's column order, each once. Refuses a name that is no column or item of the export, and
 * free text that is left out.
 */
export function quasiColumns(variables: readonly ExportVariable[], names: readonly string[], keepText: readonly string[]): string[] {
  const wanted = new Set<string>();
  for (const name of names.length > 0 ? names : defaultQuasiNames(variables, keepText)) {
    const columns = columnsOf(variables, name);
    if (columns.length === 0) throw invalid(`${name} is not a column or item of this export.`, 'quasiIdentifiers');
    const text = variables.find((variable) => variable.name === columns[0]);
    if (text?.kind === 'text' && !keepText.includes(text.item!)) {
      throw invalid(`${name} is free text that is not kept; keep it to use it as a quasi-identifier.`, 'quasiIdentifiers');
    }
    for (const column of columns) wanted.add(column);
  }
  return variables.filter((variable) => wanted.has(variable.name)).map((variable) => variable.name);
}
