import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisData } from '../core/analysis/load';
import { analyse } from '../core/analysis/report';
import { countPdfPages } from '../core/forms/printer';
import { openStudyFile } from '../core/study/file';
import { readWorkbookWithOpenpyxl } from '../core/testing/openpyxl';
import { expectOneSentenceError, PASSPHRASE, runCli } from './testSupport';

let folder: string;
let study: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-analyse-'));
  study = join(folder, 'demo.mixwise');
  expect(runCli(['demo', '--out', study, '--seed', '5']).status).toBe(0);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The core's report on the same file, read in this process. */
function coreReport(options: Parameters<typeof analyse>[1] = {}) {
  const db = openStudyFile(study, PASSPHRASE);
  try {
    return analyse(loadAnalysisData(db), options);
  } finally {
    db.close();
  }
}

describe('mixwise analyse', () => {
  it('prints the whole report as JSON, equal to the core\'s', () => {
    const result = runCli(['analyse', '--study', study, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    const expected = coreReport();
    expect({ ...report, generatedAt: null }).toEqual(JSON.parse(JSON.stringify({ ...expected, generatedAt: null })));
    expect(report.settings.waves).toEqual(['pre', 'post', 'fu']);
    expect(report.scales).toHaveLength(6);
    // Issue 26: the ANCOVA headline, Morris's d on the baseline SD and Holm's p are in the JSON.
    expect(report.settings).toMatchObject({ reliabilityMinimum: 10, multiplicity: 'holm' });
    const pooled = report.ancova.filter((row: { model: string }) => row.model === 'pooled');
    expect(pooled).toHaveLength(6 * 2);
    for (const row of [...report.ancova, ...report.programmeEffect, ...report.change]) {
      expect(typeof row.p).toBe('number');
      expect(row.pHolm).toBeGreaterThanOrEqual(row.p);
    }
    expect(report.programmeEffect.every((row: { dppc2: unknown }) => typeof row.dppc2 === 'number')).toBe(true);
    // The demo's long-time residents answer less often after baseline (the tracking's alarm): the
    // attrition-aware estimate of every scale, pooled and per group, is in the JSON too.
    const attrition = report.attrition as { scale: string; group: string | null; alarms: unknown[]; estimate: number | null }[];
    expect(attrition.filter((row) => row.group === null)).toHaveLength(6 * 2);
    expect(attrition.every((row) => row.alarms.length > 0 && typeof row.estimate === 'number')).toBe(true);
  });

  it('takes scales, waves, the programme arm and the share', () => {
    const result = runCli(['analyse', '--study', study, '--json', '--scale', 'trust,empathy', '--waves', 'pre,fu', '--programme', 'comparison', '--min-share', '1']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.settings).toMatchObject({ scales: ['trust', 'empathy'], waves: ['pre', 'fu'], programmeArm: 'comparison', minAnsweredShare: 1 });
    expect(report.programmeEffect.every((row: { comparisonArm: string }) => row.comparisonArm === 'programme')).toBe(true);
  });

  it('writes the xlsx report and prints the headline numbers as text', async () => {
    const out = join(folder, 'report.xlsx');
    const result = runCli(['analyse', '--study', study, '--scale', 'attitudes', '--xlsx', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Waves pre → post → fu; programme arm programme/);
    expect(result.stdout).toContain('Attitudes (att1 att2 att3 att4)');
    expect(result.stdout).toMatch(/Programme − Comparison pre→post: -?\d\.\d\d \[/);
    expect(existsSync(out)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet('Programme vs comparison')!.rowCount).toBe(1 + coreReport({ scales: ['attitudes'] }).programmeEffect.length);
    expect(result.stdout).toMatch(/ANCOVA Programme − Comparison pre→post: -?\d\.\d\d \[/);
    expect(result.stdout).toMatch(/d on the SD of the changes -?\d\.\d\d, d on the baseline SD -?\d\.\d\d/);
  });

  it('the workbook carries ANCOVA, Holm and Morris\'s d at full precision, as openpyxl reads it', () => {
    const out = join(folder, 'report-ancova.xlsx');
    expect(runCli(['analyse', '--study', study, '--xlsx', out]).status).toBe(0);
    const sheets = readWorkbookWithOpenpyxl(out);
    const expected = coreReport();
    const column = (rows: unknown[][], header: string) => {
      const at = rows[0]!.indexOf(header);
      expect(at, header).toBeGreaterThanOrEqual(0);
      return rows.slice(1).map((row) => row[at]);
    };
    const ancova = sheets['ANCOVA (headline)']!;
    expect(ancova).toHaveLength(1 + expected.ancova.length);
    expect(column(ancova, 'Adjusted difference')).toEqual(expected.ancova.map((row) => row.estimate));
    expect(column(ancova, 'p (Holm)')).toEqual(expected.ancova.map((row) => row.pHolm));
    expect(column(ancova, 'Model')).toContain('All groups (average effect)');
    // The demo has two sites: the clustered SE is there, on 1 df.
    expect(column(ancova, 'SE by site')).toEqual(expected.ancova.map((row) => row.bySite?.stderr ?? null));
    expect(column(ancova, 'p by site')).toEqual(expected.ancova.map((row) => row.bySite?.p ?? null));
    expect(expected.ancova.every((row) => row.sites === 2 && row.bySite?.df === 1)).toBe(true);
    const effect = sheets['Programme vs comparison']!;
    expect(column(effect, 'd on the baseline SD')).toEqual(expected.programmeEffect.map((row) => row.dppc2));
    expect(column(effect, 'd on the SD of the changes')).toEqual(expected.programmeEffect.map((row) => row.d));
    expect(column(sheets['Change within arms']!, 'p (Holm)')).toEqual(expected.change.map((row) => row.pHolm));
    expect(column(sheets['Baseline balance']!, 'p (Holm)')).toEqual(expected.balance.map((row) => row.pHolm));
  });

  it('writes the PDF report with its charts through Chromium', () => {
    const out = join(folder, 'report.pdf');
    const result = runCli(['analyse', '--study', study, '--scale', 'trust', '--pdf', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Settings and warnings, then the scale's figures and tables: more than one page.
    expect(countPdfPages(pdf)).toBeGreaterThan(1);
  });

  it('refuses bad options with one sentence', () => {
    expect(expectOneSentenceError(runCli(['analyse', '--study', study, '--min-share', '2']), 2)).toMatch(/--min-share/);
    expect(expectOneSentenceError(runCli(['analyse', '--study', study, '--xlsx', join(folder, 'x.csv')]), 2)).toMatch(/\.xlsx/);
    expect(expectOneSentenceError(runCli(['analyse', '--study', study, '--scale', 'nope']), 4)).toMatch(/no scale "nope"/);
    expect(runCli(['analyse', '--study', study], { passphrase: 'wrong-passphrase' }).status).toBe(3);
  });

  it('never overwrites an existing workbook or PDF: exit 4, the file byte for byte as it was, nothing else written', () => {
    const own = Buffer.from('an analysis someone annotated\n');
    for (const [flag, name] of [['--xlsx', 'taken-report.xlsx'], ['--pdf', 'taken-report.pdf']]) {
      const out = join(folder, name!);
      writeFileSync(out, own);
      const before = readdirSync(folder).sort();
      expect(expectOneSentenceError(runCli(['analyse', '--study', study, '--scale', 'trust', flag!, out]), 4)).toContain('already exists');
      expect(readFileSync(out).equals(own)).toBe(true);
      expect(readdirSync(folder).sort()).toEqual(before);
    }
  });
});
