import type { MissingCodes } from '../../shared/entry/rules';
import { CSV_TEXT_GUARD, neutraliseText, type ExportTable, type TableColumn } from './tables';

/**
 * Syntax files that read the export's CSV (by its file name, from the folder they are run in) and
 * apply variable labels, value labels and the study's missing codes, for SPSS, Stata and R.
 * Labels are the questionnaire's wording; they never hold anything about a person.
 * The CSV writes text that a spreadsheet would run as a formula with one single quote in front
 * (tables.ts, neutraliseText); each syntax file takes exactly that one quote off every text cell
 * that starts with it, so the data read equal what was entered.
 */

const GUARD_COMMENT = "Text cells starting with ' had it added against spreadsheet formulas: it is taken off.";

export type SyntaxKind = 'spss' | 'stata' | 'r';
export const SYNTAX_EXTENSIONS: Record<SyntaxKind, string> = { spss: 'sps', stata: 'do', r: 'R' };

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const MISSING_ORDER: (keyof MissingCodes)[] = ['skipped', 'refused', 'dont_know'];
const MISSING_WORDS: Record<keyof MissingCodes, string> = { skipped: 'Skipped', refused: 'Refused', dont_know: "Don't know" };

function numericLabels(column: TableColumn): { value: number; label: string }[] {
  return column.valueLabels.filter((entry): entry is { value: number; label: string } => typeof entry.value === 'number');
}

/** Columns whose missing codes are declared: numeric ones (a merged, text column keeps them as text). */
const withMissing = (table: ExportTable) => table.columns.filter((column) => column.hasMissingCodes && column.numeric);

function spssString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const csvText = (value: string | number) => (typeof value === 'number' ? String(value) : neutraliseText(value));

function unguardSpss(table: ExportTable): string[] {
  const text = table.columns.filter((column) => !column.numeric);
  if (text.length === 0) return [];
  // SUBSTR counts bytes, which is right here: the quote is one byte in UTF-8. PSPP has no CHAR.SUBSTR.
  const guard = spssString(CSV_TEXT_GUARD);
  return [
    `* ${GUARD_COMMENT}`,
    ...text.map((column) => `IF (SUBSTR(${column.name}, 1, 1) = ${guard}) ${column.name} = SUBSTR(${column.name}, 2).`),
    'EXECUTE.',
  ];
}

export function spssSyntax(table: ExportTable, csvName: string, codes: MissingCodes): string {
  // The width of the text as the CSV holds it, a guarding quote included (else SPSS cuts the last byte).
  const width = (index: number) =>
    Math.max(1, ...table.rows.map((row) => (row[index] === null ? 0 : Buffer.byteLength(csvText(row[index]!), 'utf8'))));
  const decimals = (index: number) => (table.rows.some((row) => typeof row[index] === 'number' && !Number.isInteger(row[index])) ? 2 : 0);
  const lines = [
    '* Encoding: UTF-8.',
    `* Mixwise export: reads ${csvName} and applies labels and missing codes.`,
    '* Run it from the folder that holds the CSV (or add a CD command with that folder).',
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssString(csvName)}`,
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    '  /DELCASE=LINE',
    '  /FIRSTCASE=2',
    "  /DELIMITERS=','",
    `  /QUALIFIER='"'`,
    '  /VARIABLES=',
    ...table.columns.map((column, index) => `    ${column.name} ${column.numeric ? `F8.${decimals(index)}` : `A${width(index)}`}`),
    '.',
    'EXECUTE.',
    ...unguardSpss(table),
    'VARIABLE LABELS',
    table.columns.map((column) => `  ${column.name} ${spssString(clip(column.label, 250))}`).join('\n  /') + '.',
  ];
  const labelled = table.columns.filter((column) => column.numeric && numericLabels(column).length > 0);
  if (labelled.length > 0) {
    lines.push(
      'VALUE LABELS',
      labelled
        .map((column) => `  ${column.name}\n${numericLabels(column).map((entry) => `    ${entry.value} ${spssString(clip(entry.label, 120))}`).join('\n')}`)
        .join('\n  /') + '.',
    );
  }
  const missing = withMissing(table);
  if (missing.length > 0) {
    const list = MISSING_ORDER.map((reason) => codes[reason]).join(', ');
    lines.push(`MISSING VALUES ${missing.map((column) => column.name).join(' ')} (${list}).`);
    lines.push(
      'ADD VALUE LABELS',
      missing.map((column) => `  ${column.name} ${MISSING_ORDER.map((reason) => `${codes[reason]} ${spssString(MISSING_WORDS[reason])}`).join(' ')}`).join('\n  /') + '.',
    );
  }
  lines.push('EXECUTE.', '');
  return lines.join('\n');
}

/** Stata's compound quotes take any text but a line break. */
const stataString = (text: string) => `\`"${text.replace(/[\r\n]+/g, ' ')}"'`;

export function stataSyntax(table: ExportTable, csvName: string, codes: MissingCodes): string {
  const lines = [
    `* Mixwise export: reads ${csvName} and applies labels and missing codes.`,
    '* Run it from the folder that holds the CSV (cd to it first).',
    `import delimited using ${stataString(csvName)}, varnames(1) case(preserve) encoding("utf-8") stringcols(1) clear`,
    `* ${GUARD_COMMENT}`,
    'quietly ds, has(type string)',
    "foreach name in `r(varlist)' {",
    `  quietly replace \`name' = substr(\`name', 2, .) if substr(\`name', 1, 1) == char(${CSV_TEXT_GUARD.charCodeAt(0)})`,
    '}',
  ];
  // Stata names have at most 32 characters; import delimited would rename longer ones (v1, v2 …).
  const tooLong = table.columns.filter((column) => column.name.length > 32).map((column) => column.name);
  if (tooLong.length > 0) lines.push(`* Warning: Stata cannot hold these names (over 32 characters); shorten wave or item codes: ${tooLong.join(' ')}`);
  for (const column of table.columns) lines.push(`label variable ${column.name} ${stataString(clip(column.label, 80))}`);
  const missing = withMissing(table);
  const extended = ['.a', '.b', '.c'];
  // Missing codes become Stata's extended missing values (.a skipped, .b refused, .c don't know).
  for (const column of missing) {
    lines.push(`mvdecode ${column.name}, mv(${MISSING_ORDER.map((reason, index) => `${codes[reason]}=${extended[index]}`).join(' \\ ')})`);
  }
  table.columns.forEach((column, index) => {
    if (!column.numeric) return;
    const labels = numericLabels(column).map((entry) => `${entry.value} ${stataString(clip(entry.label, 80))}`);
    if (column.hasMissingCodes) labels.push(...MISSING_ORDER.map((reason, position) => `${extended[position]} ${stataString(MISSING_WORDS[reason])}`));
    if (labels.length === 0) return;
    const name = `lbl${index + 1}`;
    lines.push(`label define ${name} ${labels.join(' ')}, replace`, `label values ${column.name} ${name}`);
  });
  lines.push('');
  return lines.join('\n');
}

function rString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export function rSyntax(table: ExportTable, csvName: string, codes: MissingCodes): string {
  const missing = withMissing(table);
  const lines = [
    `# Mixwise export: reads ${csvName} and applies labels and missing codes (base R, no packages).`,
    '# Run it from the folder that holds the CSV: source("this file", encoding = "UTF-8").',
    `data <- read.csv(${rString(csvName)}, colClasses = c(${table.columns[0]!.name} = "character"), na.strings = "",`,
    '                 fileEncoding = "UTF-8", check.names = FALSE, stringsAsFactors = FALSE)',
    `# ${GUARD_COMMENT}`,
    `for (name in names(data)) if (is.character(data[[name]])) data[[name]] <- sub(${rString(`^${CSV_TEXT_GUARD}`)}, "", data[[name]])`,
    `missing_codes <- c(${MISSING_ORDER.map((reason) => `${reason} = ${codes[reason]}`).join(', ')})`,
    '# Missing codes become NA; which code a cell had is kept in the attribute "missing_codes".',
    `for (name in c(${missing.map((column) => rString(column.name)).join(', ')})) {`,
    '  column <- data[[name]]',
    '  column[column %in% missing_codes] <- NA',
    '  attr(column, "missing_codes") <- missing_codes',
    '  data[[name]] <- column',
    '}',
  ];
  for (const column of table.columns) {
    lines.push(`attr(data[[${rString(column.name)}]], "label") <- ${rString(column.label.replace(/\s+/g, ' ').trim())}`);
    const labels = column.numeric ? numericLabels(column) : [];
    if (labels.length > 0) {
      lines.push(`attr(data[[${rString(column.name)}]], "labels") <- c(${labels.map((entry) => `${rString(entry.label)} = ${entry.value}`).join(', ')})`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

export function syntaxFile(kind: SyntaxKind, table: ExportTable, csvName: string, codes: MissingCodes): string {
  if (kind === 'spss') return spssSyntax(table, csvName, codes);
  if (kind === 'stata') return stataSyntax(table, csvName, codes);
  return rSyntax(table, csvName, codes);
}
