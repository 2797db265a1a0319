import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { createCore, type HandlerDeps } from '../handlers';
import { createNodePrinter, type ClosablePrinter } from '../forms/nodePrinter';
import { countPdfPages } from '../forms/printer';
import { pdfText } from '../forms/testPdf';
import { createStudyFile } from '../study/file';
import { design, people } from './fixtures';
import { buildTrackingReport, trackingReport } from './report';
import { buildStatusHtml, DEFAULT_STATUS_PDF_LABELS, statusReportHtml } from './statusPdf';
import { weeklyView } from './weekly';
import trackingStrings from '../../../resources/locales/en/tracking.json';

let folder: string;
let db: Db;
let printer: ClosablePrinter;
const AS_OF = '2026-11-01T12:00:00.000Z';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-status-pdf-'));
  db = createStudyFile(join(folder, 'demo.mixwise'), 'status-pdf-passphrase', { name: 'x' });
  generateDemoStudy(db, { seed: 5 });
  printer = createNodePrinter();
});
afterAll(async () => {
  await printer.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** pdftotext's words on one line, with runs of spaces (table cells in -layout mode) as one space. */
const squeeze = (text: string) => text.replace(/[ \t]+/g, ' ');

describe('one-page status report (PDF)', () => {
  it('prints the demo study on exactly one A4 page with the numbers of buildTrackingReport', async () => {
    const html = buildStatusHtml(db, { asOf: AS_OF });
    expect(html.match(/<svg/g)).toHaveLength(2);
    // The demo fits at full size; only bigger designs are zoomed out to keep to one page.
    expect(html).not.toContain('zoom');
    const pdf = await printer.print(html);
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(1);

    const report = buildTrackingReport(db, { asOf: AS_OF });
    const { overall } = report;
    // The headline wraps in the PDF; join the lines before looking for the sentence.
    const flowing = pdfText(pdf).replace(/\s+/g, ' ');
    expect(flowing).toContain(`${overall.matched} of ${overall.enrolled} participants are matched (${(overall.rate! * 100).toFixed(1)} %)`);
    expect(flowing).toContain(overall.met ? 'target is met' : `${overall.neededForTarget} more matched respondents are needed`);
    expect(flowing).toContain('Demo: Neighbourhood football league');
    expect(flowing).toContain('2026-11-01');

    const lines = pdfText(pdf, true).split('\n').map(squeeze);
    for (const wave of report.waves) {
      // "Pre 2026-01-05 – 2026-01-31 120 120 120 117 –": the wave's row in the per-wave table.
      const row = lines.find((line) => line.trim().startsWith(`${wave.label} ${wave.windowStart}`));
      expect(row, wave.label).toBeDefined();
      const numbers = row!.trim().slice(`${wave.label} ${wave.windowStart} – ${wave.windowEnd}`.length).trim().split(' ');
      expect(numbers).toEqual(
        [wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing, wave.verified ?? '–'].map(String),
      );
    }
    for (const rate of report.byArmGroup) {
      const row = lines.find(
        (line) =>
          /^\s*(Programme|Comparison) · /.test(line) &&
          line.includes(`${rate.matched} ${rate.enrolled} ${(rate.rate! * 100).toFixed(1)} %`),
      );
      expect(row, JSON.stringify(rate.key)).toBeDefined();
    }
    // The differential-attrition alarm in words, and the charts' labels drawn as SVG text.
    expect(report.alarms.length).toBeGreaterThan(0);
    // Groups are named as people in the sentence (their plural), not by their label (issue 24).
    expect(report.alarms[0]!.higher.people).toBe('newcomers');
    expect(flowing).toContain(`points below newcomers (`);
    expect(flowing).toMatch(/ % of long-?time residents are missing/);
    expect(flowing).not.toContain('of Long-time residents are');
    // The per-wave bars (no funnel from enrolment): the post wave's count beside its bar.
    expect(flowing).not.toContain(`Enrolled: ${overall.enrolled}`);
    expect(flowing).toContain('Forms per wave');
    expect(flowing).toContain(`${report.byArmGroup[0]!.matched}/${report.byArmGroup[0]!.enrolled}`);
  });

  it('keeps to one page and escapes every text when the study has many strata, sites, waves, alarms and odd names', async () => {
    const sites = Array.from({ length: 20 }, (_, index) => ({ code: `s${index}`, name: `<i>Site</i> ${index} & "co"` }));
    const groups = [
      { code: 'a', name: '<script>alert(1)</script>' },
      { code: 'b', name: 'B & B' },
      { code: 'c', name: 'Third identity group with a long name' },
    ];
    const arms = [
      { code: 'programme', name: 'Programme' },
      { code: 'comparison', name: 'Comparison' },
      { code: 'waiting', name: 'Waiting list' },
    ];
    const waves = Array.from({ length: 6 }, (_, index) => ({
      code: `w${index}`,
      label: `Wave ${index + 1}, a long label for the time point`,
      position: index + 1,
      windowStart: `2026-0${index + 1}-01`,
      windowEnd: `2026-0${index + 1}-28`,
    }));
    const shaky = design({ sites, groups, arms, waves });
    const answered = (count: number) =>
      Object.fromEntries(waves.slice(0, count).map((wave) => [wave.code, `${wave.windowStart}T10:00:00Z`]));
    const participants = sites.flatMap((site, index) =>
      groups.flatMap((group, g) =>
        people(
          6,
          { group: group.code, site: site.code, arm: arms[(index + g) % 3]!.code },
          answered([6, index % 2 ? 6 : 1, index % 4 ? 6 : 0][g]!),
        ),
      ),
    );
    const report = trackingReport(shaky, participants, { asOf: AS_OF });
    expect(report.byArmGroup).toHaveLength(9);
    expect(report.alarms.length).toBeGreaterThan(4);
    const weekly = weeklyView(shaky, participants, report.comparison, report.asOf);
    const meta = {
      study: 'Study <b>bold</b>',
      names: {
        group: Object.fromEntries(groups.map((group) => [group.code, group.name])),
        arm: Object.fromEntries(arms.map((arm) => [arm.code, arm.name])),
        site: Object.fromEntries(sites.map((site) => [site.code, site.name])),
        cohort: { c1: 'Cohort 1' },
      },
      waveLabels: Object.fromEntries(waves.map((wave) => [wave.code, wave.label])),
    };
    const html = statusReportHtml(report, weekly, meta);
    expect(html).not.toMatch(/<script|<i>|<b>bold/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const pdf = await printer.print(html);
    expect(countPdfPages(pdf)).toBe(1);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('<i>Site</i> 0 & "co"');
    expect(text).toContain(`and ${20 - 8} more in the weekly status workbook`);
  });

  it('takes translated labels from the app, falling back to English for blank or unknown ones', () => {
    const html = buildStatusHtml(db, { asOf: AS_OF, labels: { title: 'Rapport <hebdomadaire>', perWave: ' ', nonsense: 'x' } });
    expect(html).toContain('<h1>Rapport &lt;hebdomadaire&gt;</h1>');
    expect(html).toContain(`<h2>${DEFAULT_STATUS_PDF_LABELS.perWave}</h2>`);
    // English comes from the dashboard's own locale file, so paper and screen use the same words.
    expect(DEFAULT_STATUS_PDF_LABELS).toEqual(trackingStrings.pdf);
  });

  it('reads nothing from the vault: no module it loads, directly or not, is in core/vault', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const match of readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '(\.[^']+)'/gm)) {
        const target = resolve(dirname(file), match[1]!);
        if (target.endsWith('.json')) continue;
        visit(`${target}.ts`);
      }
    };
    visit(resolve(__dirname, 'statusPdf.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].filter((file) => file.includes('/vault/'))).toEqual([]);
  });
});

describe('tracking.savePdf', () => {
  const saveTo: { path: string | null } = { path: null };
  const deps = (printing: boolean): HandlerDeps => ({
    dataDir: mkdtempSync(join(folder, 'app-')),
    appVersion: '0.0.0-test',
    emit: () => undefined,
    dialogs: { chooseNewStudyPath: async () => null, chooseStudyFile: async () => null, chooseSavePath: async () => saveTo.path },
    printer: printing ? printer : undefined,
  });

  it('asks where to save, prints the translated report through the shell printer and writes the PDF', async () => {
    const core = createCore(deps(true));
    try {
      core.handlers['demo.open']({});
      saveTo.path = join(folder, 'saved.pdf');
      const result = await dispatch(core.handlers, 'tracking.savePdf', {
        comparison: ['pre', 'post', 'fu'],
        labels: { title: 'Statusbericht' },
      });
      expect(result).toEqual({ ok: true, value: { path: saveTo.path } });
      const pdf = readFileSync(saveTo.path);
      expect(countPdfPages(pdf)).toBe(1);
      const text = pdfText(pdf).replace(/\s+/g, ' ');
      expect(text).toContain('Statusbericht');
      expect(text).toMatch(/Matched means answered at .+ \+ .+ \+ Follow-up/);
      saveTo.path = null;
      expect(await dispatch(core.handlers, 'tracking.savePdf', {})).toEqual({ ok: true, value: { path: null } });
    } finally {
      await core.dispose();
    }
  });

  it('refuses clearly when the shell has no printer, before asking where to save', async () => {
    const core = createCore(deps(false));
    try {
      core.handlers['demo.open']({});
      saveTo.path = join(folder, 'never.pdf');
      const result = await dispatch(core.handlers, 'tracking.savePdf', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', key: 'tracking.noPrinter' } });
      expect(existsSync(saveTo.path)).toBe(false);
    } finally {
      await core.dispose();
    }
  });
});
