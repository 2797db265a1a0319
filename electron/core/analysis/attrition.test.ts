import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { alarmSentence, distinctAlarms, estimateSentence, introSentence } from '../../shared/analysis/attritionWords';
import { points } from '../../shared/analysis/headline';
import { attritionAlarms, attritionRows } from './attrition';
import { pluralT } from './attritionSheet';
import { namesFor } from './names';
import { reportT } from './reportWords';
import { analysisWorkbook } from './xlsx';
import { FIXTURES, readFixture } from './readFixture';
import { analyse } from './report';

/**
 * The attrition-aware estimate against R (fixtures/make-attrition.R: glm binomial response model,
 * lm with weights 1/p, sandwich HC1) on a dataset where minority members and those low at baseline
 * leave more before the post-test (an alarm) and everyone alike before the follow-up (none).
 */

const TOLERANCE = 1e-9;
type Row = Record<string, unknown>;
const expected = JSON.parse(readFileSync(join(FIXTURES, 'attrition.expected.json'), 'utf8')) as {
  settings: { minAnsweredShare: number; programmeArm: string; waves: string[] };
  alarms: Record<string, Row[]>;
  attrition: Row[];
};
const { settings } = expected;
const data = readFixture('attrition', settings.minAnsweredShare);
const report = analyse(data, { waves: settings.waves, programmeArm: settings.programmeArm });
const keyOf = (row: Row) => JSON.stringify(['scale', 'group', 'model', 'to', 'comparisonArm'].map((field) => row[field] ?? null));

describe('attrition-aware estimate', () => {
  it('raises the tracking alarm where R does: at the post-test, not at the follow-up', () => {
    for (const to of ['post', 'fu']) {
      const ours = attritionAlarms(data, 'pre', to, ['programme', 'comparison']);
      expect(ours.length).toBe(expected.alarms[to]!.length);
      expected.alarms[to]!.forEach((alarm, i) => {
        const mine = ours[i]! as unknown as Row;
        for (const field of ['dimension', 'withinArm', 'points']) expect(mine[field]).toEqual(alarm[field]);
        for (const end of ['higher', 'lower']) {
          const [r, m] = [alarm[end] as Row, mine[end] as Row];
          expect([m.code, m.enrolled, m.matched]).toEqual([r.code, r.enrolled, r.matched]);
          expect(Math.abs((m.rate as number) - (r.rate as number))).toBeLessThan(TOLERANCE);
        }
      });
    }
  });

  it('gives the weighted estimate, robust SE, CI and p of R to 1e-9, for exactly the rows R has', () => {
    const ours = new Map(report.attrition.map((row) => [keyOf(row as unknown as Row), row as unknown as Row]));
    expect([...ours.keys()].sort()).toEqual(expected.attrition.map(keyOf).sort());
    for (const row of expected.attrition) {
      const mine = ours.get(keyOf(row))!;
      for (const field of ['nBaseline', 'nAnswered', 'df']) expect(mine[field], `${keyOf(row)} ${field}`).toBe(row[field]);
      for (const field of ['observed', 'estimate', 'stderr', 'ciLow', 'ciHigh', 'p']) {
        expect(Math.abs((mine[field] as number) - (row[field] as number)), `${keyOf(row)} ${field}`).toBeLessThan(TOLERANCE);
      }
      expect(mine.bySite).toBe(true);
    }
  });

  it('compares with the unweighted estimate the ANCOVA table shows', () => {
    for (const row of report.attrition) {
      const ancova = report.ancova.find(
        (entry) =>
          entry.scale === row.scale && entry.group === row.group && entry.model === row.model && entry.to === row.to &&
          entry.comparisonArm === row.comparisonArm,
      )!;
      expect(Math.abs(row.observed! - ancova.estimate!)).toBeLessThan(TOLERANCE);
    }
  });

  it('words the sentence from the same numbers as the row', () => {
    for (const row of report.attrition) {
      expect(row.sentence.key).toBe('analysis.attrition.estimate');
      const { params } = row.sentence;
      expect([params.estimate, params.ciLow, params.ciHigh, params.observed]).toEqual([row.estimate, row.ciLow, row.ciHigh, row.observed]);
      expect(params.count).toBe(row.nBaseline - row.nAnswered);
      expect(row.alarms.length).toBeGreaterThan(0);
    }
  });

  it('reports nothing where no alarm is on', () => {
    expect(report.attrition.some((row) => row.to === 'fu')).toBe(false);
    expect(attritionRows(data, data.scales, ['pre', 'fu'], 'programme', settings.minAnsweredShare)).toEqual([]);
    // Read against the follow-up alone, the run has effects but no alarm, and so no attrition rows.
    const followUp = analyse(data, { waves: ['pre', 'fu'], programmeArm: settings.programmeArm });
    expect(followUp.ancova.filter((row) => row.estimate !== null).length).toBeGreaterThan(0);
    expect(followUp.attrition).toEqual([]);
  });

  it('says the alarm once and each effect in words, with the numbers of the row', () => {
    const names = namesFor(report);
    const post = report.attrition.filter((row) => row.to === 'post' && row.scale === 'attitudes');
    // The minority answered less overall and within both arms: said once, overall.
    const alarms = distinctAlarms(post);
    expect(alarms).toHaveLength(1);
    expect(alarmSentence(alarms[0]!, 'pre', 'post', pluralT, names)).toBe(
      'Of minority, 64 % answered at both pre and post, against 79 % of host (15 points apart).',
    );
    const pooled = post.find((row) => row.group === null)!;
    const lost = pooled.nBaseline - pooled.nAnswered;
    expect(introSentence(pooled, pluralT)).toBe(
      'If those lost had answered like those who stayed with the same baseline score, arm, identity group and site, the effects would be:',
    );
    const numbers = [pooled.estimate, pooled.ciLow, pooled.ciHigh, pooled.observed];
    const [estimate, low, high, observed] = numbers.map((value) => points(value!, 'en'));
    expect(estimateSentence(pooled, pluralT, names, 'en')).toBe(
      `${names.group(null)}: ${estimate} (95 % CI ${low} to ${high}), against ${observed} from those who answered (the table above); ` +
        `${lost} of ${pooled.nBaseline} people with a baseline score have no score at post.`,
    );
    const one = { ...pooled, sentence: { ...pooled.sentence, params: { ...pooled.sentence.params, count: 1 } } };
    expect(estimateSentence(one, pluralT, names, 'en')).toMatch(/; 1 of \d+ people with a baseline score has no score at post\.$/);
  });

  it('writes an Attrition sheet at full precision, with the same sentence', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await analysisWorkbook(report, data, 'Fixture')) as never);
    const sheet = workbook.getWorksheet('Attrition')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(report.attrition.length + 1);
    report.attrition.forEach((row, i) => {
      const cells = sheet.getRow(i + 2);
      expect(cells.getCell(column(reportT('analysis.col.estimate'))).value).toBe(row.estimate);
      expect(cells.getCell(column(reportT('analysis.attrition.sentence'))).value).toBe(
        `${introSentence(row, pluralT)} ${estimateSentence(row, pluralT, namesFor(report), 'en')}`,
      );
    });
    // No alarm, no sheet.
    const quiet = analyse(data, { waves: ['pre', 'fu'], programmeArm: settings.programmeArm });
    const none = new ExcelJS.Workbook();
    await none.xlsx.load(Buffer.from(await analysisWorkbook(quiet, data, 'Fixture')) as never);
    expect(none.getWorksheet('Attrition')).toBeUndefined();
  });

  it('gives no weighted estimate, and says why, when answering is fully predicted (every host answered)', () => {
    const post = data.responses.filter((response) => response.wave === 'post');
    const answeredPost = new Set(post.map((response) => response.participant));
    const hosts = new Set(data.respondents.filter((respondent) => respondent.group === 'host').map((respondent) => respondent.id));
    const copies = data.responses
      .filter((response) => response.wave === 'pre' && hosts.has(response.participant) && !answeredPost.has(response.participant))
      .map((response) => ({ ...response, wave: 'post' }));
    const separated = { ...data, responses: [...data.responses, ...copies] };
    const rows = attritionRows(separated, separated.scales, ['pre', 'post'], 'programme', settings.minAnsweredShare);
    const pooled = rows.find((row) => row.scale === 'attitudes' && row.group === null)!;
    expect(pooled.alarms.length).toBeGreaterThan(0);
    expect([pooled.estimate, pooled.ciLow, pooled.ciHigh]).toEqual([null, null, null]);
    expect(pooled.observed).not.toBeNull();
    expect(pooled.sentence.key).toBe('analysis.attrition.noEstimate');
    const words = estimateSentence(pooled, pluralT, namesFor(report), 'en');
    expect(words).toMatch(/^All groups: no estimate, as who answered could not be modelled/);
  });
});
