import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPdfPages } from '../core/forms/printer';
import { pdfText } from '../core/forms/testPdf';
import { expectOneSentenceError, runCli, tempFolders } from './testSupport';

const folders = tempFolders();
let studyPath = '';
let folder = '';

beforeAll(() => {
  folder = folders.make();
  studyPath = join(folder, 'study.mixwise');
  const demo = runCli(['demo', '--out', studyPath, '--participants', '8']);
  expect(demo.status, demo.stderr).toBe(0);
});
afterAll(() => folders.cleanup());

describe('mixwise forms', () => {
  it('prints a version\'s blank form for a wave', () => {
    const out = join(folder, 'pre.pdf');
    const result = runCli(['forms', '--study', studyPath, '--version', 'newcomer_en', '--wave', 'pre', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Wrote .*pre\.pdf: 1 form, \d+ pages \(version newcomer_en, wave pre\)\.\n$/);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('When you think about people who are long-time residents, how much do you feel negatively or positively toward them?');
    expect(text).toContain('living in the neighbourhood');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('prints one pre-filled copy per enrolled participant of the version\'s group', () => {
    const out = join(folder, 'ids.pdf');
    const result = runCli(['forms', '--study', studyPath, '--version', 'resident_en', '--wave', 'post', '--out', out, '--prefilled']);
    expect(result.status, result.stderr).toBe(0);
    const [, forms, pages] = /: (\d+) forms, (\d+) pages/.exec(result.stdout)!.map(Number);
    // The demo's 8 participants are 4 per group.
    expect(forms).toBe(4);
    expect(countPdfPages(readFileSync(out))).toBe(pages);
    const info = JSON.parse(runCli(['info', '--study', studyPath]).stdout) as { participants: { total: number } };
    expect(info.participants.total).toBe(8);
  });

  it('says what is wrong in one sentence and writes nothing', () => {
    const before = readdirSync(folder).sort();
    expect(expectOneSentenceError(runCli(['forms', '--study', studyPath, '--version', 'nope', '--wave', 'pre', '--out', join(folder, 'x.pdf')]), 4)).toBe(
      'There is no questionnaire version "nope".',
    );
    expect(expectOneSentenceError(runCli(['forms', '--study', studyPath, '--version', 'newcomer_en', '--wave', 'fu9', '--out', join(folder, 'x.pdf')]), 4)).toBe(
      'There is no wave "fu9".',
    );
    expectOneSentenceError(runCli(['forms', '--study', studyPath, '--version', 'newcomer_en', '--wave', 'pre', '--out', join(folder, 'x.txt')]), 2);
    expectOneSentenceError(runCli(['forms', '--study', studyPath, '--wave', 'pre', '--out', join(folder, 'x.pdf')]), 2);
    expectOneSentenceError(runCli(['forms', '--study', studyPath, '--version', 'newcomer_en', '--wave', 'pre', '--out', join(folder, 'x.pdf')], { passphrase: 'wrong-passphrase' }), 3);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('never overwrites an existing file', () => {
    const out = join(folder, 'kept.pdf');
    writeFileSync(out, 'keep me');
    expect(expectOneSentenceError(runCli(['forms', '--study', studyPath, '--version', 'newcomer_en', '--wave', 'pre', '--out', out]), 4)).toMatch(/already exists/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(existsSync(`${out}.part`)).toBe(false);
  });
});
