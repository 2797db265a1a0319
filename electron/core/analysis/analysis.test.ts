import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { Db } from '../db/open';
import { DEMO_PASSPHRASE } from '../demo/generate';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { openStudyFile } from '../study/file';
import { suggestedName } from './handlers';
import { loadAnalysisData } from './load';
import { analyse } from './report';
import { scaleScore, scoreTable } from './scores';

/** The analysis on a real encrypted study (the demo), through the contract as the window calls it. */

let folder: string;
let core: CoreApp;
let studyPath: string;
const events: EventPayload<'progress'>[] = [];
const saveTo: { path: string | null } = { path: null };
const printed: string[] = [];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-analysis-'));
  core = testCore(folder, {
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event === 'progress') events.push(payload as EventPayload<'progress'>);
    },
    dialogs: { chooseSavePath: async () => saveTo.path },
    // Records the document instead of starting Chromium; the forms' tests cover the real printer.
    printer: { print: async (html) => (printed.push(html), new TextEncoder().encode('%PDF-1.4 test')) },
  });
  const opened = core.handlers['demo.open']({}) as { state: { path: string } };
  studyPath = opened.state.path;
});
afterAll(async () => {
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

function withStudy<T>(work: (db: Db) => T): T {
  const db = openStudyFile(studyPath, DEMO_PASSPHRASE);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('scale scores', () => {
  const scale = {
    concept: 'hope',
    name: 'Hope',
    highScoreMeans: null,
    items: [
      { code: 'h1', min: 1, max: 5, reverseKeyed: true },
      { code: 'h2', min: 1, max: 5, reverseKeyed: false },
      { code: 'h3', min: 1, max: 7, reverseKeyed: false },
    ],
  };

  it('reverse-keys (min + max - value) and averages the answered items', () => {
    expect(
      scaleScore(
        scale,
        new Map([
          ['h1', 1],
          ['h2', 4],
          ['h3', 6],
        ]),
        0.5,
      ),
    ).toBe((5 + 4 + 6) / 3);
    expect(
      scaleScore(
        scale,
        new Map([
          ['h1', 2],
          ['h3', 7],
        ]),
        0.5,
      ),
    ).toBe((4 + 7) / 2);
  });

  it('needs the configured share of the items, rounded up: half of 3 is 2, two thirds is 2, 0.67 is 3', () => {
    const one = new Map([['h2', 4]]);
    const two = new Map([
      ['h2', 4],
      ['h3', 2],
    ]);
    expect(scaleScore(scale, one, 0.5)).toBeNull();
    expect(scaleScore(scale, two, 0.5)).toBe(3);
    expect(scaleScore(scale, two, 2 / 3)).toBe(3);
    expect(scaleScore(scale, two, 0.67)).toBeNull();
    expect(scaleScore(scale, one, 0.3)).toBe(4);
  });
});

describe('analysis of the demo study', () => {
  it('reads only valid answers: missing codes, refusals and out-of-range values are not averaged', () => {
    const [participant, responseId] = withStudy((db) => {
      const row = db
        .prepare(
          `SELECT r.participant_id AS id, r.id AS response FROM response r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'pre' ORDER BY r.participant_id LIMIT 1`,
        )
        .get() as { id: string; response: number };
      // A missing code keyed as a value (as an import might), and a refusal.
      db.prepare("UPDATE answer SET value = 98, missing = NULL WHERE response_id = ? AND item_code = 'att1'").run(row.response);
      db.prepare("UPDATE answer SET value = NULL, missing = 'refused' WHERE response_id = ? AND item_code = 'att2'").run(row.response);
      return [row.id, row.response];
    });
    const data = withStudy(loadAnalysisData);
    const response = data.responses.find((entry) => entry.participant === participant && entry.wave === 'pre')!;
    expect(response.answers.has('att1')).toBe(false);
    expect(response.answers.has('att2')).toBe(false);
    const expected = withStudy((db) =>
      db
        .prepare(
          "SELECT avg(value) FROM answer WHERE response_id = ? AND item_code IN ('att1','att2','att3','att4') AND value BETWEEN 1 AND 5",
        )
        .pluck()
        .get(responseId),
    ) as number;
    const attitudes = data.scales.find((scale) => scale.concept === 'attitudes')!;
    expect(scoreTable(data, attitudes, 0.5).get(participant)?.get('pre')).toBeCloseTo(expected, 12);
  });

  it('reads negative and several-digit answers, and drops a missing code only where the range holds it', () => {
    const responses = withStudy((db) => {
      const ids = db
        .prepare("SELECT r.id FROM response r JOIN answer a ON a.response_id = r.id AND a.item_code = 'att3' ORDER BY r.id LIMIT 5")
        .pluck()
        .all() as number[];
      // A scale item with a wide range (as a study's own 0-100 thermometer would have).
      db.prepare("UPDATE item SET min_value = -10, max_value = 120 WHERE code = 'att3'").run();
      const set = db.prepare("UPDATE answer SET value = ?, missing = NULL WHERE response_id = ? AND item_code = 'att3'");
      [-7, 105, 97, 121, 2.5].forEach((value, index) => set.run(value, ids[index]));
      return ids;
    });
    try {
      const data = withStudy(loadAnalysisData);
      const value = (response: number) => {
        const found = withStudy((db) =>
          db
            .prepare('SELECT participant_id AS participant, w.code AS wave FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.id = ?')
            .get(response),
        ) as { participant: string; wave: string };
        return data.responses.find((entry) => entry.participant === found.participant && entry.wave === found.wave)!.answers.get('att3');
      };
      // Kept: -7 and 105 are in range. Dropped: 97 (a missing code inside the range), 121 (out of
      // range) and 2.5 (not a whole number, which keying never stores).
      expect(responses.map(value)).toEqual([-7, 105, undefined, undefined, undefined]);
    } finally {
      withStudy((db) => db.prepare("UPDATE item SET min_value = 1, max_value = 5 WHERE code = 'att3'").run());
    }
  });

  it('reads a questionnaire whose item code or value has a comma in it (a file made elsewhere) answer by answer', () => {
    const [withCode, withValue, plain] = withStudy((db) => {
      const ids = db
        .prepare(
          "SELECT r.id FROM response r WHERE (SELECT count(*) FROM answer a WHERE a.response_id = r.id AND a.item_code LIKE 'att_' AND a.value BETWEEN 1 AND 5) = 4 ORDER BY r.id LIMIT 3",
        )
        .pluck()
        .all() as number[];
      // Sorted before att1 in the answer table's key: a naive split would shift every answer after it.
      db.prepare("INSERT INTO answer (response_id, item_code, value) VALUES (?, 'att,x', 5)").run(ids[0]);
      db.prepare("UPDATE answer SET value = '1,2', missing = NULL WHERE response_id = ? AND item_code = 'att2'").run(ids[1]);
      return ids;
    });
    try {
      const data = withStudy(loadAnalysisData);
      const attitudes = ['att1', 'att2', 'att3', 'att4'];
      const read = (response: number) => {
        const found = withStudy((db) =>
          db
            .prepare('SELECT participant_id AS participant, w.code AS wave FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.id = ?')
            .get(response),
        ) as { participant: string; wave: string };
        const answers = data.responses.find((entry) => entry.participant === found.participant && entry.wave === found.wave)!.answers;
        return attitudes.map((code) => answers.get(code) ?? null);
      };
      const stored = (response: number) =>
        withStudy((db) =>
          attitudes.map(
            (code) =>
              db
                .prepare("SELECT value FROM answer WHERE response_id = ? AND item_code = ? AND typeof(value) = 'integer'")
                .pluck()
                .get(response, code) ?? null,
          ),
        );
      expect(read(withCode!)).toEqual(stored(withCode!));
      expect(read(withValue!)).toEqual(stored(withValue!));
      expect(stored(withValue!)[1]).toBeNull();
      expect(read(plain!)).toEqual(stored(plain!));
      expect(read(plain!).every((value) => value !== null)).toBe(true);
    } finally {
      withStudy((db) => {
        db.prepare("DELETE FROM answer WHERE item_code = 'att,x'").run();
        db.prepare("UPDATE answer SET value = 2 WHERE response_id = ? AND item_code = 'att2'").run(withValue);
      });
    }
  });

  it('reads the same answers from the digests as from the answer table, and a change at once', () => {
    const rows = (data: ReturnType<typeof loadAnalysisData>) =>
      data.responses.map((response) => `${response.participant} ${response.wave} ${[...response.answers].join(' ')}`);
    // No digests, on a connection that may not write them: every questionnaire read from its answers.
    withStudy((db) => db.prepare('DELETE FROM answer_digest').run());
    const fromAnswers = withStudy((db) => {
      db.pragma('query_only = ON');
      return rows(loadAnalysisData(db));
    });
    expect(withStudy((db) => db.prepare('SELECT count(*) FROM answer_digest').pluck().get())).toBe(0);
    // The analysis writes them, and reads them.
    const fromDigests = rows(withStudy(loadAnalysisData));
    const [digested, questionnaires] = withStudy((db) => [
      db.prepare('SELECT count(*) FROM answer_digest').pluck().get(),
      db.prepare('SELECT count(*) FROM response').pluck().get(),
    ]);
    expect(digested).toBe(questionnaires);
    expect(fromDigests).toEqual(fromAnswers);
    expect(fromDigests.filter((row) => row.includes('att1,')).length).toBeGreaterThan(100);
    // A corrected answer drops that questionnaire's digest: the next analysis reads the new value.
    const [participant, wave, before] = withStudy((db) => {
      const row = db
        .prepare(
          "SELECT r.id, r.participant_id AS participant, w.code AS wave, a.value FROM answer a JOIN response r ON r.id = a.response_id JOIN wave w ON w.id = r.wave_id WHERE a.item_code = 'att1' AND a.value BETWEEN 1 AND 4 ORDER BY r.id LIMIT 1",
        )
        .get() as { id: number; participant: string; wave: string; value: number };
      db.prepare("UPDATE answer SET value = value + 1 WHERE response_id = ? AND item_code = 'att1'").run(row.id);
      return [row.participant, row.wave, row.value];
    });
    const attitude = () =>
      withStudy(loadAnalysisData)
        .responses.find((response) => response.participant === participant && response.wave === wave)!
        .answers.get('att1');
    try {
      expect(attitude()).toBe(before + 1);
    } finally {
      withStudy((db) =>
        db
          .prepare(
            "UPDATE answer SET value = ? WHERE item_code = 'att1' AND response_id = (SELECT id FROM response WHERE participant_id = ? AND wave_id = (SELECT id FROM wave WHERE code = ?))",
          )
          .run(before, participant, wave),
      );
    }
    expect(attitude()).toBe(before);
  });

  it('gives the same report from the compact answer rows as from plain Maps of the same answers', () => {
    const loaded = withStudy(loadAnalysisData);
    const asMaps = { ...loaded, responses: loaded.responses.map((response) => ({ ...response, answers: new Map(response.answers) })) };
    expect(asMaps.responses.some((response) => response.answers.size > 0)).toBe(true);
    // The rows read as Maps: same entries, in the scale items' order.
    const first = loaded.responses.find((response) => response.answers.size > 0)!;
    expect(
      [...first.answers.keys()].every(
        (code) => first.answers.get(code) === asMaps.responses[loaded.responses.indexOf(first)]!.answers.get(code),
      ),
    ).toBe(true);
    expect(analyse(loaded, {}, 'now')).toEqual(analyse(asMaps, {}, 'now'));
  });

  it('finds the six core scales and takes the share from the study setting', () => {
    withStudy((db) => db.prepare("UPDATE setting SET value = '0.75' WHERE key = 'scale.min_answered_share'").run());
    const data = withStudy(loadAnalysisData);
    expect(data.scales.map((scale) => scale.concept)).toEqual([
      'attitudes',
      'anxiety',
      'empathy',
      'trust',
      'metaperceptions',
      'willingness',
    ]);
    expect(data.minAnsweredShare).toBe(0.75);
    withStudy((db) => db.prepare("UPDATE setting SET value = '0.5' WHERE key = 'scale.min_answered_share'").run());
  });

  it('runs through the contract with progress events, the same numbers as the pure function', async () => {
    events.length = 0;
    const report = await call<ReturnType<typeof analyse>>('analysis.run', {});
    expect(events[0]).toEqual({ task: 'analysis', done: 0, total: 6 });
    expect(events.at(-1)).toEqual({ task: 'analysis', done: 6, total: 6 });
    const direct = analyse(withStudy(loadAnalysisData), {}, report.generatedAt);
    expect(report).toEqual(JSON.parse(JSON.stringify(direct)));
    // The demo's programme effect is built in: attitudes rise more in the programme arm.
    const effect = report.programmeEffect.find((row) => row.scale === 'attitudes' && row.group === null && row.to === 'post')!;
    expect(effect.changeProgramme!).toBeGreaterThan(effect.changeComparison!);
    expect(effect.difference!).toBeCloseTo(effect.changeProgramme! - effect.changeComparison!, 12);
    expect(report.descriptives).toHaveLength(6 * 2 * 3 * 3);
    // Residents drop out faster in the demo: their cells fall under 30 by the follow-up.
    expect(report.warnings.some((warning) => warning.kind === 'smallCell' && warning.params.group === 'resident')).toBe(true);
  });

  it('takes a scale, waves and a share, and refuses unknown codes as data', async () => {
    const report = await call<ReturnType<typeof analyse>>('analysis.run', { scales: ['trust'], waves: ['pre', 'fu'], minAnsweredShare: 1 });
    expect(report.settings).toMatchObject({ scales: ['trust'], waves: ['pre', 'fu'], baseline: 'pre', minAnsweredShare: 1 });
    expect(new Set(report.change.map((row) => `${row.from}>${row.to}`))).toEqual(new Set(['pre>fu']));
    const bad = await dispatch(core.handlers, 'analysis.run', { scales: ['nope'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'scales' } });
    const badWave = await dispatch(core.handlers, 'analysis.run', { waves: ['pre', 'pre'] });
    expect(badWave).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('saves an xlsx workbook with one sheet per table, atomically, where the dialog says', async () => {
    saveTo.path = join(folder, 'report.xlsx');
    expect(await call('analysis.exportXlsx', { scales: ['attitudes', 'trust'] })).toEqual({ path: saveTo.path });
    expect(readdirSync(folder).filter((name) => name.endsWith('.part'))).toEqual([]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saveTo.path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      // Attrition: the demo's differential-attrition alarm is on (attritionSheet.ts).
      'About',
      'Scales',
      'ANCOVA (headline)',
      'Attrition',
      'Reliability',
      'Item-total',
      'Descriptives',
      'Change within arms',
      'Programme vs comparison',
      'Baseline balance',
      'Percent agree',
      'Scale scores',
    ]);
    const report = await call<ReturnType<typeof analyse>>('analysis.run', { scales: ['attitudes', 'trust'] });
    const change = workbook.getWorksheet('Change within arms')!;
    expect(change.rowCount).toBe(report.change.length + 1);
    expect(change.getRow(2).getCell(9).value).toBe(report.change[0]!.meanChange);
    const ancova = workbook.getWorksheet('ANCOVA (headline)')!;
    expect(ancova.rowCount).toBe(report.ancova.length + 1);
    expect(ancova.getRow(2).getCell(11).value).toBe(report.ancova[0]!.estimate);
    const scores = workbook.getWorksheet('Scale scores')!;
    expect(scores.getRow(1).values).toEqual([
      undefined,
      'ID',
      'Identity group',
      'Arm',
      'pre_attitudes',
      'pre_trust',
      'post_attitudes',
      'post_trust',
      'fu_attitudes',
      'fu_trust',
    ]);
    saveTo.path = null;
    expect(await call('analysis.exportXlsx', {})).toEqual({ path: null });
  });

  it('prints a PDF with the toolkit figure per scale and group through the shell printer', async () => {
    saveTo.path = join(folder, 'report.pdf');
    expect(await call('analysis.exportPdf', { scales: ['empathy'] })).toEqual({ path: saveTo.path });
    expect(existsSync(saveTo.path)).toBe(true);
    const html = printed.at(-1)!;
    // All groups, newcomers and residents: three trajectory figures, and the percent-agree chart.
    expect(html.match(/<figure>/g)).toHaveLength(4);
    expect(html.match(/<svg /g)).toHaveLength(4);
    // "A high score means" speaks of every group at once: never an unfilled "[group]" (issue 24).
    expect(html).toContain('more empathy toward the other group');
    expect(html).not.toMatch(/\[[a-zA-Z: ]+\]/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/);
  });

  it('suggests a file name from the study name', () => {
    expect(suggestedName('Demo: Neighbourhood football league', 'xlsx')).toBe('Demo-Neighbourhood-football-league-analysis.xlsx');
    expect(suggestedName('///', 'pdf')).toBe('study-analysis.pdf');
  });
});
