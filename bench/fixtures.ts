/**
 * The benchmark's fixtures, made in a child process of bench/study.ts so that the figure for peak
 * memory is the core's own work (open, recompute, analysis, export, import) and not the making of
 * the test data: generating 1.37 M answers, the long CSV the pandas peer reads, and one wave's
 * workbook as an online survey would deliver it.
 *
 *   node --import tsx bench/fixtures.ts FOLDER PARTICIPANTS ITEMS
 *
 * The study's passphrase comes in MIXWISE_BENCH_PASSPHRASE (never on a command line). Writes
 * FOLDER/bench.mixwise, FOLDER/long.csv and FOLDER/wave.xlsx, and prints one JSON line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Db } from '../electron/core/db/open';
import { generateDemoStudy } from '../electron/core/demo/generate';
import { createStudyFile } from '../electron/core/study/file';

/** The wave and version one wave's workbook holds. */
export const WAVE = 'fu';
export const VERSION = 'newcomer_en';

export interface Fixtures {
  answers: number;
  generateMs: number;
  wave: { items: string[]; rows: number };
}

/** The study's answers one per line, for the pandas peer to build the same wide table from. */
export function writeLongCsv(db: Db, path: string): void {
  const rows = db
    .prepare(
      `SELECT p.id, g.code AS "group", ar.code AS arm, w.code AS wave, w.position AS wave_order,
              a.item_code AS item, vi.position AS item_order, a.value
         FROM answer a JOIN response r ON r.id = a.response_id JOIN participant p ON p.id = r.participant_id
         JOIN identity_group g ON g.id = p.identity_group_id LEFT JOIN arm ar ON ar.id = p.arm_id
         JOIN wave w ON w.id = r.wave_id JOIN version_item vi ON vi.version_id = r.version_id AND vi.item_code = a.item_code`,
    )
    .all();
  writeFileSync(path, Papa.unparse(rows));
}

/** One wave of one version as an online survey's export would come: ID then item codes. */
export async function writeWaveWorkbook(db: Db, path: string): Promise<{ items: string[]; rows: number }> {
  // The version's items the wave asks (the bank asks some at the first wave only).
  const items = db
    .prepare(
      `SELECT vi.item_code FROM version_item vi JOIN questionnaire_version v ON v.id = vi.version_id
        WHERE v.code = ? AND EXISTS (SELECT 1 FROM answer a JOIN response r ON r.id = a.response_id JOIN wave w ON w.id = r.wave_id
                                      WHERE w.code = ? AND r.version_id = v.id AND a.item_code = vi.item_code)
        ORDER BY vi.position`,
    )
    .pluck()
    .all(VERSION, WAVE) as string[];
  const responses = db
    .prepare(
      `SELECT r.id, r.participant_id AS pid FROM response r JOIN wave w ON w.id = r.wave_id JOIN questionnaire_version v ON v.id = r.version_id
        WHERE w.code = ? AND v.code = ? ORDER BY r.participant_id`,
    )
    .all(WAVE, VERSION) as { id: number; pid: string }[];
  const answers = db.prepare('SELECT item_code AS item, value FROM answer WHERE response_id = ?');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(['id', ...items]);
  for (const response of responses) {
    const values = new Map((answers.all(response.id) as { item: string; value: number | null }[]).map((row) => [row.item, row.value]));
    sheet.addRow([response.pid, ...items.map((item) => values.get(item) ?? null)]);
  }
  await workbook.xlsx.writeFile(path);
  return { items, rows: responses.length };
}

async function main(): Promise<void> {
  const [folder, participants, items] = process.argv.slice(2);
  const passphrase = process.env.MIXWISE_BENCH_PASSPHRASE;
  if (!folder || !passphrase) throw new Error('usage: MIXWISE_BENCH_PASSPHRASE=... fixtures.ts FOLDER PARTICIPANTS ITEMS');
  const started = performance.now();
  const db = createStudyFile(join(folder, 'bench.mixwise'), passphrase, { name: 'Bench study' });
  try {
    generateDemoStudy(db, { participants: Number(participants), items: Number(items), seed: 9 });
    const answers = db.prepare('SELECT count(*) FROM answer').pluck().get() as number;
    const generateMs = Math.round(performance.now() - started);
    writeLongCsv(db, join(folder, 'long.csv'));
    const wave = await writeWaveWorkbook(db, join(folder, 'wave.xlsx'));
    const fixtures: Fixtures = { answers, generateMs, wave };
    process.stdout.write(`${JSON.stringify(fixtures)}\n`);
  } finally {
    db.close();
  }
}

if (process.argv[1]?.endsWith('fixtures.ts')) {
  void main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
