import type { ExportOptions, RiskReport } from '../../api/contracts/exports';
import { MixwiseError } from '../errors';
import type { ExportDataset, ExportRow, ExportVariable } from './dataset';
import { AGE_BANDS, bandColumn, checkK, mergeSmallCategories, OTHER, suppressRows, type Row } from './kanon';

/**
 * Applies the export's anonymisation, always: free-text items dropped unless kept by name, then
 * the chosen generalisations, then the k-anonymity check over the chosen quasi-identifiers and,
 * when asked, suppression of the rows still at risk. Works on copies; the dataset is untouched.
 */

export interface PreparedExport {
  variables: ExportVariable[];
  rows: ExportRow[];
  report: RiskReport;
}

/** What each kind of column can be generalised by: bands only make sense for numbers (ages). */
export function generalisations(variable: ExportVariable): ('bands' | 'merge')[] {
  if (variable.role === 'id') return [];
  return variable.kind === 'number' ? ['bands', 'merge'] : ['merge'];
}

function invalid(message: string, field: string): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field });
}

export function prepareExport(dataset: ExportDataset, options: ExportOptions): PreparedExport {
  const byName = new Map(dataset.variables.map((variable) => [variable.name, variable]));
  const textItems = new Set(dataset.variables.filter((variable) => variable.kind === 'text').map((variable) => variable.item));
  for (const item of options.keepText) {
    if (!textItems.has(item)) throw invalid(`${item} is not a free-text item of this study.`, 'keepText');
  }
  const dropped = dataset.variables.filter((variable) => variable.kind === 'text' && !options.keepText.includes(variable.item!));
  const droppedNames = new Set(dropped.map((variable) => variable.name));
  for (const name of options.quasiIdentifiers) {
    const variable = byName.get(name);
    if (!variable || variable.role === 'id') throw invalid(`${name} is not a column of this export.`, 'quasiIdentifiers');
    if (droppedNames.has(name)) throw invalid(`${name} is free text that is not kept; keep it to use it as a quasi-identifier.`, 'quasiIdentifiers');
  }

  // Copies of the kept columns only: generalising, suppressing and re-keying change the copies.
  const kept = dataset.variables.flatMap((variable, index) => (droppedNames.has(variable.name) ? [] : [index]));
  const variables = kept.map((index) => ({ ...dataset.variables[index]!, valueLabels: [...dataset.variables[index]!.valueLabels] }));
  const all = kept.length === dataset.variables.length;
  const rows: ExportRow[] = dataset.rows.map((row) => ({
    participant: row.participant,
    waves: row.waves,
    values: all ? row.values.slice() : kept.map((index) => row.values[index]!),
    missing: all ? row.missing.slice() : Uint8Array.from(kept, (index) => row.missing[index]!),
  }));
  const column = new Map(variables.map((variable, index) => [variable.name, index]));

  // The k-anonymity rules work on rows keyed by name: only the columns they touch are handed over,
  // and written back after, rather than every cell of every row.
  const touched = [...new Set([...options.generalise.map((step) => step.variable), ...options.quasiIdentifiers])].filter((name) => column.has(name));
  const plain: Row[] = rows.map((row) => Object.fromEntries(touched.map((name) => [name, row.values[column.get(name)!]!])));

  for (const step of options.generalise) {
    const variable = variables.find((entry) => entry.name === step.variable);
    if (!variable || !generalisations(variable).includes(step.how)) {
      throw invalid(`${step.variable} cannot be generalised by ${step.how === 'bands' ? 'age bands' : 'merging categories'}.`, 'generalise');
    }
    if (step.how === 'bands') {
      const index = column.get(variable.name)!;
      bandColumn(plain, variable.name, (rowIndex) => rows[rowIndex]!.missing[index] === 1);
      variable.generalised = 'age bands';
      variable.valueLabels = AGE_BANDS.map((band) => ({ value: band.label, label: band.label }));
    } else {
      const merged = mergeSmallCategories(plain, variable.name, options.k);
      if (merged.length === 0) continue;
      // Once merged the column may mix codes and "Other": it is exported as text, so the missing
      // codes kept in it stay recognisable by the codebook's list.
      variable.generalised = `categories with fewer than ${options.k} respondents merged into "${OTHER}"`;
      variable.valueLabels = [...variable.valueLabels.filter((entry) => !merged.includes(String(entry.value))), { value: OTHER, label: merged.join(', ') }];
    }
  }

  let check = checkK(plain, options.quasiIdentifiers, options.k);
  let suppressedRows = 0;
  if (options.suppress && check.riskyRows.length > 0) {
    suppressedRows = suppressRows(plain, options.quasiIdentifiers, check.riskyRows);
    for (const index of check.riskyRows) for (const name of options.quasiIdentifiers) rows[index]!.missing[column.get(name)!] = 0;
    check = checkK(plain, options.quasiIdentifiers, options.k);
  }
  for (const name of touched) {
    const index = column.get(name)!;
    plain.forEach((values, rowIndex) => (rows[rowIndex]!.values[index] = values[name] ?? null));
  }
  return {
    variables,
    rows,
    report: {
      k: options.k,
      respondents: rows.length,
      quasiIdentifiers: options.quasiIdentifiers,
      risky: check.risky,
      riskyRows: check.riskyRows.length,
      suppressedRows,
      passed: check.risky.length === 0,
      droppedText: dropped.map((variable) => variable.name),
    },
  };
}
