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

  const variables = dataset.variables.filter((variable) => !droppedNames.has(variable.name)).map((variable) => ({ ...variable, valueLabels: [...variable.valueLabels] }));
  const rows: ExportRow[] = dataset.rows.map((row) => {
    const values = { ...row.values };
    for (const name of droppedNames) delete values[name];
    return { ...row, values, missing: new Set([...row.missing].filter((name) => !droppedNames.has(name))) };
  });
  const plain: Row[] = rows.map((row) => row.values);

  for (const step of options.generalise) {
    const variable = variables.find((entry) => entry.name === step.variable);
    if (!variable || !generalisations(variable).includes(step.how)) {
      throw invalid(`${step.variable} cannot be generalised by ${step.how === 'bands' ? 'age bands' : 'merging categories'}.`, 'generalise');
    }
    if (step.how === 'bands') {
      bandColumn(plain, variable.name, (index) => rows[index]!.missing.has(variable.name));
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
    for (const index of check.riskyRows) for (const name of options.quasiIdentifiers) rows[index]!.missing.delete(name);
    check = checkK(plain, options.quasiIdentifiers, options.k);
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
