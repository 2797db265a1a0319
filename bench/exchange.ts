import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportOptionsSchema } from '../electron/api/contracts/exports';
import { AnswerReader } from '../electron/core/analysis/answerReader';
import { withCheckpointElsewhere } from '../electron/core/db/checkpoint';
import type { Db } from '../electron/core/db/open';
import { runExport } from '../electron/core/exports/save';
import { commitImport } from '../electron/core/imports/commit';
import { readImportTable } from '../electron/core/imports/table';
import { openStudyFile } from '../electron/core/study/file';
import { VERSION, WAVE, type Fixtures } from './fixtures';
import { PandasPeer } from './peer';

/**
 * The workbook steps of bench/study.ts, each beside its pandas peer on the same data: the wide
 * export (Mixwise: the anonymised xlsx with its Codebook; pandas: pivot + to_excel with openpyxl),
 * and one wave's workbook read in (Mixwise: read, checked as if keyed and committed to a copy of
 * the study without that wave, its checkpoint handed to the reader thread as the app does;
 * pandas: read_excel). The ratio is Mixwise's time over pandas'. Each of Mixwise's runs is followed
 * by one of the peer's (bench/peer.ts), so the two meet the same moments of the machine.
 */

export interface ExchangeSteps {
  lines: string[];
  figures: Record<string, number | string | null>;
  exportRatio: number | null;
  importRatio: number | null;
  /** Peak resident memory (MB) after the export's runs and after the import's. */
  peaks: Record<string, number>;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface Options {
  db: Db;
  folder: string;
  passphrase: string;
  path: string;
  timed(work: () => unknown): Promise<number>;
  skipPeer: boolean;
  /** What bench/fixtures.ts wrote beside the study: long.csv and wave.xlsx. */
  fixtures: Fixtures;
}

export async function exchangeSteps(options: Options): Promise<ExchangeSteps> {
  const { folder } = options;
  // Debian's Python, which has pandas and openpyxl (python3-pandas, python3-openpyxl).
  let peer: PandasPeer | null = null;
  let peerFailure: string | null = null;
  if (!options.skipPeer) {
    try {
      peer = await PandasPeer.start(join(__dirname, 'peer_pandas.py'), [join(folder, 'long.csv'), join(folder, 'pandas-wide.xlsx'), join(folder, 'wave.xlsx')]);
    } catch (error) {
      peerFailure = (error as Error).message;
    }
  }
  try {
    return await measure(options, peer, peerFailure);
  } finally {
    await peer?.close();
  }
}

async function measure(options: Options, peer: PandasPeer | null, peerFailure: string | null): Promise<ExchangeSteps> {
  const { db, folder, timed } = options;
  const lines: string[] = [];
  const wavePath = join(folder, 'wave.xlsx');
  const exportPath = join(folder, 'export.xlsx');
  let exportRun = 0;
  const exportMs = await timed(async () => {
    const started = performance.now();
    // A new name each run: an export never overwrites a file.
    await runExport(db, null, exportOptionsSchema.parse({ format: 'xlsx' }), exportPath.replace('.xlsx', `-${exportRun++}.xlsx`), 'cli');
    const ms = performance.now() - started;
    await peer?.run('export');
    return { ms };
  });
  lines.push(`wide xlsx export (with Codebook): ${exportMs} ms`);
  const peaks: Record<string, number> = { export: peakRssMb() };

  const wave = options.fixtures.wave;
  const content = readFileSync(wavePath);
  const mapping = { versionCode: VERSION, idColumn: 'id', skipRows: 0, columns: Object.fromEntries(wave.items.map((item) => [item, item])), recode: {}, match: {} };
  // Each run imports into a fresh copy of the study with the wave's questionnaires removed.
  let importRun = 0;
  const importMs = await timed(async () => {
    const copy = join(folder, `import-${importRun++}.mixwise`);
    copyFileSync(options.path, copy);
    const target = openStudyFile(copy, options.passphrase);
    // As the app does: the study's reader thread is running (started when the study opened), and
    // the commit's checkpoint is handed to it (imports/handlers.ts).
    const reader = new AnswerReader(copy, options.passphrase);
    let ms: number;
    try {
      target
        .prepare(`DELETE FROM response WHERE wave_id = (SELECT id FROM wave WHERE code = ?) AND version_id = (SELECT id FROM questionnaire_version WHERE code = ?)`)
        .run(WAVE, VERSION);
      target.pragma('wal_checkpoint(TRUNCATE)');
      await reader.whenStarted();
      const started = performance.now();
      const table = await readImportTable('wave.xlsx', content);
      const result = withCheckpointElsewhere(target, reader, () =>
        commitImport(target, { fileName: 'wave.xlsx', content, table, waveCode: WAVE, mapping, actor: 'bench' }),
      );
      if (result.imported !== wave.rows) throw new Error(`imported ${result.imported} of ${wave.rows} rows`);
      ms = performance.now() - started;
    } finally {
      // The thread finishes the checkpoint before it closes, outside the timed part.
      await reader.close();
      target.close();
    }
    await peer?.run('import');
    return { ms };
  });
  lines.push(`xlsx import of one wave (${wave.rows} forms x ${wave.items.length} items): ${importMs} ms`);
  peaks.import = peakRssMb();

  const figures: ExchangeSteps['figures'] = { 'Wide xlsx export (ms)': exportMs, [`xlsx import of one wave, ${wave.rows} forms (ms)`]: importMs };
  if (options.skipPeer) return { lines, figures, exportRatio: null, importRatio: null, peaks };
  const pandas = { pandas: peer?.version, exportMs: peer?.median('export') ?? null, importMs: peer?.median('import') ?? null };
  peerFailure ??= peer?.failed ?? null;
  if (peerFailure || pandas.exportMs === null || pandas.importMs === null) {
    lines.push(`pandas peer failed: ${peerFailure ?? 'no runs'}`);
    return { lines, figures, exportRatio: null, importRatio: null, peaks };
  }
  const exportRatio = Math.round((exportMs / pandas.exportMs) * 100) / 100;
  const importRatio = Math.round((importMs / pandas.importMs) * 100) / 100;
  lines.push(`pandas ${pandas.pandas}: wide xlsx ${pandas.exportMs} ms, read one wave ${pandas.importMs} ms; Mixwise / pandas: export ${exportRatio}, import ${importRatio}`);
  Object.assign(figures, {
    'pandas: wide xlsx (ms)': pandas.exportMs,
    'pandas: read one wave (ms)': pandas.importMs,
    'Mixwise / pandas, export': exportRatio,
    'Mixwise / pandas, import': importRatio,
  });
  return { lines, figures, exportRatio, importRatio, peaks };
}
