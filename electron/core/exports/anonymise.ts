import type { ExportOptions, RiskReport, RiskStatus } from '../../api/contracts/exports';
import { MixwiseError } from '../errors';
import type { ExportDataset, ExportRow, ExportVariable } from './dataset';
import { AGE_BANDS, bandColumn, checkK, mergeSmallCategories, OTHER, suppressRows, type Row } from './kanon';
import { columnsOf, generalisations, quasiColumns } from './quasi';

/**
 * Applies the export's anonymisation, always: free-text items dropped unless kept by name, then
 * the chosen generalisations, then the k-anonymity check over the quasi-identifiers (the chosen
 * ones, or by default the design columns and demographic items, quasi.ts) and, when asked,
 * suppression of the rows still at risk. Works on copies; the dataset is untouched.
 */

export interface PreparedExport {
  variables: ExportVariable[];
  rows: ExportRow[];
  report: RiskReport;
}

/**
 * The largest share of rows whose quasi-identifiers suppression may blank before an export no
 * longer counts as "passed": 10 %. Suppression blanks the design columns of those rows too (group,
 * arm, site), so they drop out of every comparison the toolkit's evaluation rests on, and not at
 * random: the rare combinations are the ones removed. The toolkit already tolerates losing 15-20 %
 * of respondents to attrition (its 80-85 % match target); a release that silently loses another
 * tenth or more to suppression could no longer be defended as the study's sample. Above this share
 * the export needs a reason kept in the vault (as an override does) rather than being refused:
 * the evaluator can still release it, but only on the record.
 */
export const SUPPRESSION_LIMIT = 0.1;

function invalid(message: string, field: string): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field });
}

/** The status of a check: only "passed" may be exported without a recorded reason. */
export function riskStatus(skipped: boolean, riskyRows: number, suppressedRows: number, respondents: number): RiskStatus {
  if (skipped) return 'unchecked';
  if (riskyRows > 0) return 'atRisk';
  return suppressedRows > SUPPRESSION_LIMIT * respondents ? 'overSuppressed' : 'passed';
}

/** Why an export that did not pass needs an override with a reason (counts only, never a value). */
export function notPassedError(report: RiskReport): MixwiseError {
  const limit = Math.round(report.suppressionLimit * 100);
  switch (report.status) {
    case 'unchecked':
      return new MixwiseError('FORBIDDEN', 'Exporting without the k-anonymity check needs a reason, recorded in the vault.', {
        key: 'exports.uncheckedNeedsReason',
      });
    case 'overSuppressed':
      return new MixwiseError(
        'FORBIDDEN',
        `Suppression blanked the quasi-identifiers of ${report.suppressedRows} of ${report.respondents} rows, above the ${limit} % limit; generalise instead, or export with a reason.`,
        { key: 'exports.overSuppressed', params: { rows: report.suppressedRows, total: report.respondents, limit } },
      );
    default:
      return new MixwiseError(
        'FORBIDDEN',
        `${report.riskyRows} respondents share their quasi-identifiers with fewer than ${report.k - 1} others; generalise, suppress or override with a reason.`,
        { key: 'exports.notAnonymous', params: { rows: report.riskyRows, k: report.k } },
      );
  }
}

export function prepareExport(dataset: ExportDataset, options: ExportOptions): PreparedExport {
  const textItems = new Set(dataset.variables.filter((variable) => variable.kind === 'text').map((variable) => variable.item));
  for (const item of options.keepText) {
    if (!textItems.has(item)) throw invalid(`${item} is not a free-text item of this study.`, 'keepText');
  }
  const dropped = dataset.variables.filter((variable) => variable.kind === 'text' && !options.keepText.includes(variable.item!));
  const droppedNames = new Set(dropped.map((variable) => variable.name));
  if (options.skipKanonCheck && options.quasiIdentifiers.length > 0) {
    throw invalid('Choose quasi-identifiers or skip the k-anonymity check, not both.', 'skipKanonCheck');
  }
  const quasi = options.skipKanonCheck ? [] : quasiColumns(dataset.variables, options.quasiIdentifiers, options.keepText);
  // A generalisation named by item code applies at every wave, as a quasi-identifier does.
  const steps = options.generalise.flatMap((step) => {
    const columns = columnsOf(dataset.variables, step.variable).filter((name) => !droppedNames.has(name));
    return columns.length > 0
      ? columns.map((variable) => ({ variable, how: step.how, named: step.variable }))
      : [{ ...step, named: step.variable }];
  });

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
  const touched = [...new Set([...steps.map((step) => step.variable), ...quasi])].filter((name) => column.has(name));
  const plain: Row[] = rows.map((row) => Object.fromEntries(touched.map((name) => [name, row.values[column.get(name)!]!])));

  for (const step of steps) {
    const variable = variables.find((entry) => entry.name === step.variable);
    if (!variable || !generalisations(variable).includes(step.how)) {
      throw invalid(`${step.named} cannot be generalised by ${step.how === 'bands' ? 'age bands' : 'merging categories'}.`, 'generalise');
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
      variable.valueLabels = [
        ...variable.valueLabels.filter((entry) => !merged.includes(String(entry.value))),
        { value: OTHER, label: merged.join(', ') },
      ];
    }
  }

  let check = checkK(plain, quasi, options.k);
  let suppressedRows = 0;
  if (options.suppress && check.riskyRows.length > 0) {
    suppressedRows = suppressRows(plain, quasi, check.riskyRows);
    for (const index of check.riskyRows) for (const name of quasi) rows[index]!.missing[column.get(name)!] = 0;
    check = checkK(plain, quasi, options.k);
  }
  const status = riskStatus(options.skipKanonCheck, check.riskyRows.length, suppressedRows, rows.length);
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
      quasiIdentifiers: quasi,
      defaultQuasi: !options.skipKanonCheck && options.quasiIdentifiers.length === 0,
      status,
      risky: check.risky,
      riskyRows: check.riskyRows.length,
      suppressedRows,
      suppressionLimit: SUPPRESSION_LIMIT,
      passed: status === 'passed',
      droppedText: dropped.map((variable) => variable.name),
    },
  };
}
