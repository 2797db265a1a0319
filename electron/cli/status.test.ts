import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPdfPages } from '../core/forms/printer';
import { pdfText } from '../core/forms/testPdf';
import { openStudyFile } from '../core/study/file';
import { readWorkbookWithOpenpyxl } from '../core/testing/openpyxl';
import { expectOneSentenceError, PASSPHRASE, runCli } from './testSupport';

let folder: string;
let study: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-status-'));
  study = join(folder, 'demo.mixwise');
  expect(runCli(['demo', '--out', study, '--seed', '3']).status).toBe(0);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Matched pre+post per group counted straight from the tables, independently of the tracking code. */
function sqlMatched(): Map<string, { enrolled: number; matched: number }> {
  const db = openStudyFile(study, PASSPHRASE);
  try {
    const rows = db
      .prepare(
        `SELECT g.code AS grp, count(*) AS enrolled,
                sum((SELECT count(DISTINCT w.code) FROM response r JOIN wave w ON w.id = r.wave_id
                      WHERE r.participant_id = p.id AND w.code IN ('pre', 'post')
                        AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND a.value IS NOT NULL)) = 2) AS matched
           FROM participant p JOIN identity_group g ON g.id = p.identity_group_id GROUP BY g.code`,
      )
      .all() as { grp: string; enrolled: number; matched: number }[];
    return new Map(rows.map((row) => [row.grp, { enrolled: row.enrolled, matched: row.matched }]));
  } finally {
    db.close();
  }
}

describe('mixwise status', () => {
  it('prints the report as JSON with per-wave counts, rates per stratum and the alarms', () => {
    const result = runCli(['status', '--study', study, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.comparison).toEqual(['pre', 'post']);
    expect(report.waves.map((wave: { wave: string }) => wave.wave)).toEqual(['pre', 'post', 'fu']);
    const expected = sqlMatched();
    for (const rate of report.byGroup) {
      expect({ enrolled: rate.enrolled, matched: rate.matched }).toEqual(expected.get(rate.key.group));
    }
    expect(report.byStratum.reduce((sum: number, rate: { enrolled: number }) => sum + rate.enrolled, 0)).toBe(120);
    expect(report.overall.matched).toBe([...expected.values()].reduce((sum, group) => sum + group.matched, 0));
    // The demo's residents drop out faster, so the differential-attrition alarm is raised.
    expect(report.alarms.some((alarm: { lower: { code: string } }) => alarm.lower.code === 'resident')).toBe(true);
  });

  it('takes the comparison waves, a report date and the alarm threshold', () => {
    const all = JSON.parse(runCli(['status', '--study', study, '--json', '--waves', 'pre,post,fu']).stdout);
    const two = JSON.parse(runCli(['status', '--study', study, '--json']).stdout);
    expect(all.overall.matched).toBeLessThan(two.overall.matched);
    const early = JSON.parse(runCli(['status', '--study', study, '--json', '--as-of', '2026-02-15']).stdout);
    expect(early.overall.matched).toBe(0);
    expect(early.waves[1].due).toBe(0);
    const quiet = JSON.parse(runCli(['status', '--study', study, '--json', '--alarm-points', '99']).stdout);
    expect(quiet.alarms).toEqual([]);
  });

  it('prints a readable table without --json and refuses bad options', () => {
    const text = runCli(['status', '--study', study]);
    expect(text.stdout).toMatch(/^Match rate \(pre \+ post\), target 80\.0 %/);
    expect(text.stdout).toContain('programme × newcomer');
    expect(runCli(['status', '--study', study, '--waves', 'pre']).status).toBe(2);
    expect(runCli(['status', '--study', study, '--as-of', 'yesterday']).status).toBe(2);
    expect(runCli(['status', '--study', study, '--waves', 'pre,nope', '--json']).status).toBe(4);
    expect(runCli(['status', '--study', study], { passphrase: 'wrong-passphrase' }).status).toBe(3);
  });

  it('writes the weekly status workbook with --xlsx', () => {
    const out = join(folder, 'status.xlsx');
    expect(runCli(['status', '--study', study, '--xlsx', out]).status).toBe(0);
    const book = readWorkbookWithOpenpyxl(out);
    expect(Object.keys(book)).toEqual(['Status', 'Follow-up']);
  });

  it('writes the one-page status report with --pdf, with the numbers of --json', () => {
    const out = join(folder, 'status.pdf');
    const result = runCli(['status', '--study', study, '--as-of', '2026-11-01', '--pdf', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(1);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain(`Status on: 2026-11-01`);
    expect(text).toContain(`${report.overall.matched} of ${report.overall.enrolled} participants are matched (${(report.overall.rate * 100).toFixed(1)} %)`);
    // Row by row as laid out (the flowing text may read a short label's row out of order).
    const rows = pdfText(pdf, true).split('\n').map((line) => line.replace(/[ \t]+/g, ' ').trim());
    for (const wave of report.waves) {
      const counts = [wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing].join(' ');
      expect(rows).toContain(`${wave.label} ${wave.windowStart} – ${wave.windowEnd} ${counts} ${wave.verified}`);
    }
    const refused = join(folder, 'status.txt');
    expect(runCli(['status', '--study', study, '--pdf', refused]).status).toBe(2);
    expect(existsSync(refused)).toBe(false);
  });

  it('never overwrites an existing workbook or PDF: exit 4, the file byte for byte as it was, nothing else written', () => {
    const own = Buffer.from('last week\'s status, kept by hand\n');
    for (const [flag, name] of [['--xlsx', 'taken-status.xlsx'], ['--pdf', 'taken-status.pdf']]) {
      const out = join(folder, name!);
      writeFileSync(out, own);
      const before = readdirSync(folder).sort();
      expect(expectOneSentenceError(runCli(['status', '--study', study, flag!, out]), 4)).toContain('already exists');
      expect(readFileSync(out).equals(own)).toBe(true);
      expect(readdirSync(folder).sort()).toEqual(before);
    }
    // With both, one taken name stops both: nothing is half done.
    const fresh = join(folder, 'fresh-status.xlsx');
    expectOneSentenceError(runCli(['status', '--study', study, '--xlsx', fresh, '--pdf', join(folder, 'taken-status.pdf')]), 4);
    expect(existsSync(fresh)).toBe(false);
  });
});
