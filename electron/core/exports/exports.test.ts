import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportOptionsSchema, type ExportOptionsInput } from '../../api/contracts/exports';
import { isMixwiseError } from '../errors';
import { bankItem } from '../instruments/itemBank';
import { readWorkbookWithOpenpyxl } from '../testing/openpyxl';
import { listAudit } from '../vault/audit';
import { containsText } from '../vault/testSupport';
import { checkExport, runExport } from './save';
import { makeExportFixture, REVERSE_ITEM, type ExportFixture } from './testSupport';

let fixture: ExportFixture;
beforeEach(async () => {
  fixture = await makeExportFixture();
});
afterEach(() => fixture.cleanup());

/**
 * Options for the tests of layout, files and re-keying: k-anonymity over the cohort, which all 12
 * share, so the check passes and the files are what is tested (the default set, with every exact
 * age, would refuse the fixture; anonymise.test.ts tests it).
 */
const options = (input: ExportOptionsInput = {}) => exportOptionsSchema.parse({ quasiIdentifiers: ['cohort'], ...input });

/** Every byte of a file; an xlsx (a zip) unzipped by Python's zipfile, every member concatenated. */
function plainBytes(path: string): Buffer {
  if (!path.endsWith('.xlsx')) return readFileSync(path);
  const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist(): sys.stdout.buffer.write(z.read(n))';
  const result = spawnSync('/usr/bin/python3', ['-c', script, path]);
  expect(result.status, String(result.stderr)).toBe(0);
  expect(result.stdout.length).toBeGreaterThan(1000);
  return result.stdout;
}

async function expectRefused(work: Promise<unknown>, key: string): Promise<void> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isMixwiseError(error) ? error.details.key : error).toBe(key);
}

const WIDE_HEADER = [
  'id',
  'group',
  'arm',
  'site',
  'cohort',
  'pre_dem1',
  'pre_nat1',
  'pre_att1',
  'pre_att2',
  `pre_${REVERSE_ITEM}`,
  'post_att1',
  'post_att2',
  `post_${REVERSE_ITEM}`,
  'fu_att1',
  'fu_att2',
  `fu_${REVERSE_ITEM}`,
];

/** The wide rows as the fixture saved them, built from its own record, not from the export code. */
/** An answer as exported: missing reasons as the study's default codes. */
const code = (answer: unknown) =>
  typeof answer === 'object' && answer !== null && 'missing' in answer
    ? { skipped: 97, refused: 98, dont_know: 99 }[(answer as { missing: 'skipped' }).missing]
    : (answer ?? null);

function expectedWideRows(): unknown[][] {
  return [...fixture.ids].sort().map((id) => {
    const [group, arm, site] = fixture.roster.get(id)!;
    const pre = fixture.answers.get(id)!.get('pre')!;
    const post = fixture.answers.get(id)!.get('post');
    return [
      id,
      group,
      arm,
      site,
      '2026 round',
      pre.dem1,
      pre.nat1,
      pre.att1,
      code(pre.att2),
      code(pre[REVERSE_ITEM]),
      code(post?.att1),
      code(post?.att2),
      code(post?.[REVERSE_ITEM]),
      null,
      null,
      null,
    ];
  });
}

describe('anonymised export', () => {
  it('writes the toolkit wide layout with a codebook, and openpyxl reads back the study data', async () => {
    const out = join(fixture.folder, 'pilot-export.xlsx');
    const { paths } = await runExport(fixture.study, null, options(), out, 'cli');
    expect(paths).toEqual([out]);
    const book = readWorkbookWithOpenpyxl(out);
    expect(Object.keys(book)).toEqual(['Data', 'Codebook']);
    expect(book.Data![0]).toEqual(WIDE_HEADER);
    expect(book.Data!.slice(1)).toEqual(expectedWideRows());

    const codebook = book.Codebook!;
    expect(codebook[0]).toEqual(['variable', 'wording', 'wave', 'concept', 'values and labels', 'reverse-keyed', 'missing codes']);
    expect(codebook.slice(1).map((row) => row[0])).toEqual(WIDE_HEADER);
    // Each group's version names the other group: the shared column shows the toolkit's wording.
    const att1 = codebook.find((row) => row[0] === 'post_att1')!;
    expect(att1[1]).toBe(bankItem('att1').wording.replace(/<\/?u>/g, ''));
    expect(att1[1]).toContain('[group]');
    expect(codebook.find((row) => row[0] === 'pre_dem1')![1]).toBe('How old are you?');
    expect(att1.slice(2)).toEqual([
      'Right after the programme (post)',
      'Attitudes (attitudes)',
      '1 = very negative; 2 = negative; 3 = neither; 4 = positive; 5 = very positive',
      'no',
      "97 = skipped; 98 = refused; 99 = don't know",
    ]);
    expect(codebook.find((row) => row[0] === `pre_${REVERSE_ITEM}`)![5]).toBe('yes');
    expect(codebook.find((row) => row[0] === 'pre_nat1')![4]).toBe('1 = Host Society; 0 = Other Country');
    expect(codebook.find((row) => row[0] === 'group')!.slice(4)).toEqual(
      ['Migrants = migrant; Host society = host', '', null].map((value) => value ?? ''),
    );
  });

  it('keeps a canary name of the vault out of every byte of every file, unless its free text is kept', async () => {
    const { paths } = await runExport(
      fixture.study,
      fixture.vault.db,
      options({ syntax: ['spss', 'stata', 'r'] }),
      join(fixture.folder, 'out.xlsx'),
      'app',
    );
    expect(paths.map((path) => path.slice(fixture.folder.length + 1))).toEqual(['out.xlsx', 'out.csv', 'out.sps', 'out.do', 'out.R']);
    const long = await runExport(
      fixture.study,
      fixture.vault.db,
      options({ format: 'long', syntax: ['r'] }),
      join(fixture.folder, 'long.csv'),
      'app',
    );
    for (const path of [...paths, ...long.paths]) {
      const bytes = plainBytes(path);
      expect(containsText(bytes, fixture.canary), path).toBe(false);
      // Nor a phone number from the vault.
      expect(containsText(bytes, '555 00'), path).toBe(false);
    }
    // The check can fail: keeping the free-text item lets the name through.
    const kept = await runExport(
      fixture.study,
      null,
      options({ format: 'csv', keepText: ['dem5'] }),
      join(fixture.folder, 'kept.csv'),
      'cli',
    );
    expect(containsText(readFileSync(kept.paths[0]!), fixture.canary)).toBe(true);
  });

  it('writes the long layout, one row per respondent and wave with a usable response', async () => {
    const { paths } = await runExport(fixture.study, null, options({ format: 'long' }), join(fixture.folder, 'long.csv'), 'cli');
    const lines = readFileSync(paths[0]!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(`id,group,arm,site,cohort,wave,dem1,nat1,att1,att2,${REVERSE_ITEM}`);
    const withPost = fixture.ids.filter((_, n) => n % 3 !== 2).length;
    expect(lines).toHaveLength(1 + fixture.ids.length + withPost);
    const first = [...fixture.ids].sort()[0]!;
    const [group, arm, site] = fixture.roster.get(first)!;
    const pre = fixture.answers.get(first)!.get('pre')!;
    expect(lines[1]).toBe(
      [first, group, arm, site, '2026 round', 'pre', pre.dem1, pre.nat1, pre.att1, code(pre.att2), code(pre[REVERSE_ITEM])].join(','),
    );
  });

  it('refuses an export with risky quasi-identifier combinations, unless generalised, suppressed or overridden with the vault', async () => {
    const risky = { quasiIdentifiers: ['group', 'pre_dem1'], k: 3 };
    const report = checkExport(fixture.study, options(risky)).prepared.report;
    // Every age is different: all 12 respondents are alone with theirs.
    expect(report).toMatchObject({ passed: false, riskyRows: 12, respondents: 12, droppedText: ['pre_dem2', 'pre_dem5'] });
    expect(report.risky).toHaveLength(12);
    expect(report.risky).toContainEqual({ values: { group: 'Migrants', pre_dem1: 19 }, count: 1 });
    const out = join(fixture.folder, 'risky.csv');
    await expectRefused(runExport(fixture.study, null, options({ ...risky, format: 'csv' }), out, 'cli'), 'exports.notAnonymous');
    const override = { reason: 'Shared with the ethics board only, under contract' };
    await expectRefused(
      runExport(fixture.study, null, options({ ...risky, format: 'csv', override }), out, 'cli'),
      'exports.overrideNeedsVault',
    );
    expect(existsSync(out)).toBe(false);

    // Ages 19, 23 … 63 in bands: migrants 18-24 (2), 25-34 (2), 35-44 (3), 45-54 (1); hosts 45-54 (1), 55-64 (3).
    const generalised = options({ ...risky, format: 'csv', generalise: [{ variable: 'pre_dem1', how: 'bands' }] });
    const after = checkExport(fixture.study, generalised).prepared.report;
    expect(after.risky).toEqual([
      { values: { group: 'Host society', pre_dem1: '45-54' }, count: 1 },
      { values: { group: 'Migrants', pre_dem1: '45-54' }, count: 1 },
      { values: { group: 'Migrants', pre_dem1: '18-24' }, count: 2 },
      { values: { group: 'Migrants', pre_dem1: '25-34' }, count: 2 },
    ]);
    // Suppressing 6 of 12 rows leaves no combination below k, but half the sample loses its group:
    // above the 10 % limit that is not "passed", and it is written only with a reason, in the vault.
    const suppressed = checkExport(fixture.study, { ...generalised, suppress: true }).prepared.report;
    expect(suppressed).toMatchObject({ passed: false, status: 'overSuppressed', suppressedRows: 6, riskyRows: 0, suppressionLimit: 0.1 });
    await expectRefused(runExport(fixture.study, null, { ...generalised, suppress: true }, out, 'cli'), 'exports.overSuppressed');
    expect(existsSync(out)).toBe(false);
    const suppressedOut = join(fixture.folder, 'suppressed.csv');
    const written = await runExport(fixture.study, fixture.vault.db, { ...generalised, suppress: true, override }, suppressedOut, 'app');
    const rows = readFileSync(written.paths[0]!, 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(rows[0]!.slice(0, 6)).toEqual(['id', 'group', 'arm', 'site', 'cohort', 'pre_dem1']);
    const kept = rows
      .slice(1)
      .map((row) => `${row[1]}/${row[5]}`)
      .sort();
    expect(kept).toEqual([
      '/',
      '/',
      '/',
      '/',
      '/',
      '/',
      'Host society/55-64',
      'Host society/55-64',
      'Host society/55-64',
      'Migrants/35-44',
      'Migrants/35-44',
      'Migrants/35-44',
    ]);

    // Overridden with the vault unlocked: written, the reason kept in the vault, the audit entry without it.
    await runExport(fixture.study, fixture.vault.db, options({ ...risky, format: 'csv', override }), out, 'app');
    expect(existsSync(out)).toBe(true);
    const runs = fixture.vault.db
      .prepare(
        'SELECT format, k, risky_rows AS riskyRows, override_reason AS reason, quasi_identifiers AS quasi FROM export_run ORDER BY id',
      )
      .all();
    expect(runs).toEqual([
      { format: 'csv', k: 3, riskyRows: 0, reason: override.reason, quasi: '["group","pre_dem1"]' },
      { format: 'csv', k: 3, riskyRows: 12, reason: override.reason, quasi: '["group","pre_dem1"]' },
    ]);
    const entries = listAudit(fixture.vault.db).entries.filter((candidate) => candidate.action === 'exported');
    expect(entries.map((entry) => entry.detail).sort((a, b) => Number(a.export_run) - Number(b.export_run))).toEqual(
      [1, 2].map((run) => ({ export_run: run, format: 'csv', rekeyed: false, respondents: 12, overridden: true, client: 'app' })),
    );
  });

  it('re-keys IDs to fresh pseudonyms kept only in the vault, and refuses without the vault', async () => {
    const out = join(fixture.folder, 'rekeyed.csv');
    await expectRefused(runExport(fixture.study, null, options({ format: 'csv', rekey: true }), out, 'cli'), 'exports.rekeyNeedsVault');
    await runExport(fixture.study, fixture.vault.db, options({ format: 'csv', rekey: true }), out, 'app');
    const text = readFileSync(out, 'utf8');
    for (const id of fixture.ids) expect(text).not.toContain(id);
    const mapping = fixture.vault.db.prepare('SELECT participant_id AS id, pseudonym FROM export_pseudonym ORDER BY pseudonym').all() as {
      id: string;
      pseudonym: string;
    }[];
    expect(mapping.map((row) => row.id).sort()).toEqual([...fixture.ids].sort());
    const rows = text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    // Sorted by pseudonym, and each row is its participant's data.
    expect(rows.map((row) => row[0])).toEqual(mapping.map((row) => row.pseudonym));
    for (const [index, row] of rows.entries()) {
      expect(row[0]).toMatch(/^X\d{8}$/);
      expect(Number(row[5])).toBe(fixture.answers.get(mapping[index]!.id)!.get('pre')!.dem1);
    }
  });

  it('syntax for R reads the CSV and applies labels and missing codes', async () => {
    const rscript = spawnSync('Rscript', ['--version']);
    if (rscript.error) {
      // CI installs R (.ci/run), so there a missing R fails; elsewhere the check is left out, loudly.
      if (process.env.CI) throw new Error('Rscript is not installed (apt-get install r-base-core).');
      console.warn('Rscript is not installed: the R syntax was not run (apt-get install r-base-core).');
      return;
    }
    await runExport(fixture.study, null, options({ syntax: ['r', 'stata', 'spss'] }), join(fixture.folder, 'data.xlsx'), 'cli');
    const probe = [
      'source("data.R", encoding = "UTF-8")',
      'cat(nrow(data), class(data$id), attr(data$post_att1, "label"), sep = "\\n")',
      'cat(names(attr(data$post_att1, "labels")), sep = "|"); cat("\\n")',
      'cat(sum(is.na(data$post_att2)), sum(!is.na(data$pre_att1)), max(data$pre_dem1), sep = "\\n")',
    ].join('\n');
    const result = spawnSync('Rscript', ['-e', probe], { cwd: fixture.folder, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const [rows, idClass, label, labels, naPost, answeredPre, maxAge] = result.stdout.trim().split('\n');
    expect(rows).toBe('12');
    expect(idClass).toBe('character');
    expect(label).toContain('When you think about people who are [group]');
    expect(labels).toBe('very negative|negative|neither|positive|very positive');
    // post_att2 was "skipped" (97) for all who answered post, and blank for the others.
    expect(naPost).toBe('12');
    expect(answeredPre).toBe('12');
    expect(Number(maxAge)).toBe(19 + 11 * 4);
    const stata = readFileSync(join(fixture.folder, 'data.do'), 'utf8');
    expect(stata).toContain('mvdecode post_att2, mv(97=.a \\ 98=.b \\ 99=.c)');
    const spss = readFileSync(join(fixture.folder, 'data.sps'), 'utf8');
    expect(spss).toContain("/FILE='data.csv'");
    expect(spss).toMatch(/MISSING VALUES .*post_att2.* \(97, 98, 99\)\./);
  });

  it('syntax for SPSS runs in PSPP: labels, string and numeric columns, missing codes declared', async () => {
    if (spawnSync('pspp', ['--version']).error) {
      if (process.env.CI) throw new Error('PSPP is not installed (apt-get install pspp).');
      console.warn('PSPP is not installed: the SPSS syntax was not run (apt-get install pspp).');
      return;
    }
    await runExport(fixture.study, null, options({ syntax: ['spss'] }), join(fixture.folder, 'data.xlsx'), 'cli');
    const probe = [
      "INCLUDE FILE='data.sps'.",
      'COMPUTE missing2 = MISSING(post_att2).',
      'COMPUTE valid1 = NOT MISSING(pre_att1).',
      'AGGREGATE /OUTFILE=* /BREAK=group /n=N /missing2=SUM(missing2) /valid1=SUM(valid1) /maxage=MAX(pre_dem1).',
      'LIST.',
    ].join('\n');
    writeFileSync(join(fixture.folder, 'probe.sps'), probe);
    const result = spawnSync('pspp', ['probe.sps', '-O', 'format=csv', '-o', 'probe.csv'], { cwd: fixture.folder, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const output = readFileSync(join(fixture.folder, 'probe.csv'), 'utf8');
    expect(output).not.toMatch(/error|warning/i);
    // Per group: respondents, post_att2 missing (every one: 97 "skipped" is declared missing, or no
    // post response at all), pre_att1 answered, the oldest age.
    expect(output).toContain('group,n,missing2,valid1,maxage\nHost society,4,4.00,4.00,63\nMigrants,8,8.00,8.00,47\n');

    // The long layout with an age-banded (text) column and kept free text reads too.
    const long = options({
      format: 'long',
      syntax: ['spss'],
      keepText: ['dem2'],
      quasiIdentifiers: ['pre_dem1'],
      k: 2,
      generalise: [{ variable: 'pre_dem1', how: 'bands' }],
    });
    await runExport(fixture.study, null, long, join(fixture.folder, 'long.csv'), 'cli');
    writeFileSync(join(fixture.folder, 'probe2.sps'), "INCLUDE FILE='long.sps'.\nAGGREGATE /OUTFILE=* /BREAK=wave dem1 /n=N.\nLIST.\n");
    const second = spawnSync('pspp', ['probe2.sps', '-O', 'format=csv', '-o', 'probe2.csv'], { cwd: fixture.folder, encoding: 'utf8' });
    expect(second.status, second.stdout + second.stderr).toBe(0);
    const lines = readFileSync(join(fixture.folder, 'probe2.csv'), 'utf8');
    expect(lines).not.toMatch(/error|warning/i);
    expect(lines).toContain('wave,dem1,n\npost,,8\npre,18-24,2\npre,25-34,2\npre,35-44,3\npre,45-54,2\npre,55-64,3\n');
  });
});
