import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisData, Coded, ResponseRecord, Scale } from './model';

/** Reads one of the R fixture datasets (fixtures/<name>.csv and <name>.items.csv) as AnalysisData. */

export const FIXTURES = join(__dirname, 'fixtures');

/** The fixtures are plain CSV written by R's write.csv: quoted strings, no commas inside values. */
function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',').map((name) => name.replace(/^"|"$/g, ''));
  return lines.map((line) => {
    const cells = line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    return Object.fromEntries(names.map((name, index) => [name, cells[index] ?? '']));
  });
}

const unique = (values: string[]) => [...new Set(values)];
const coded = (codes: string[]): Coded[] => codes.map((code) => ({ code, name: code }));

export function readFixture(name: string, minAnsweredShare: number): AnalysisData {
  const items = readCsv(join(FIXTURES, `${name}.items.csv`));
  const rows = readCsv(join(FIXTURES, `${name}.csv`));
  const scales: Scale[] = unique(items.map((item) => item.concept!)).map((concept) => ({
    concept,
    name: concept,
    highScoreMeans: null,
    items: items
      .filter((item) => item.concept === concept)
      .map((item) => ({ code: item.code!, min: Number(item.min), max: Number(item.max), reverseKeyed: item.reverse === '1' })),
  }));
  const responses: ResponseRecord[] = rows.map((row) => ({
    participant: row.id!,
    wave: row.wave!,
    version: row.version!,
    answers: new Map(items.filter((item) => row[item.code!] !== '' && row[item.code!] !== 'NA').map((item) => [item.code!, Number(row[item.code!])])),
  }));
  // A site column, where a fixture has one, for the standard errors clustered by site.
  const respondents = new Map(rows.map((row) => [row.id!, { id: row.id!, group: row.group!, arm: row.arm!, site: row.site || null }]));
  return {
    groups: coded(unique(rows.map((row) => row.group!))),
    arms: coded(unique(rows.map((row) => row.arm!))),
    waves: unique(rows.map((row) => row.wave!)).map((code) => ({ code, label: code })),
    scales,
    respondents: [...respondents.values()],
    responses,
    minAnsweredShare,
  };
}
