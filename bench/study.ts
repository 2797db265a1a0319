/**
 * The 10 000-respondent study (issue 9): generated through the core, then timed step by step, with
 * pandas + openpyxl as the peer for the workbook steps.
 *
 *   npm run bench -- study                       (or: node --import tsx bench/study.ts)
 *   options: --participants N (10000)  --items N (60)  --runs N (5)  --skip-ui  --skip-peer
 *            --out DIR (where results/study.json and RESULTS.md go; default bench/)
 *            --keys N (UI keystrokes, 1000)
 *
 * Every figure is the median of --runs runs (the keystroke figures are percentiles over --keys
 * keys). The UI figures (first grid paint, keystroke to committed cell, keys per 40-item form)
 * come from bench/entry-latency.ts, run as a child with the same row count. Prints the figures,
 * writes bench/results/study.json and bench/RESULTS.md. Never a pass/fail on time: each goal is
 * reported as met or missed.
 */
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { AnswerReader } from '../electron/core/analysis/answerReader';
import { loadAnalysisData, loadAnalysisDataWith } from '../electron/core/analysis/load';
import { analyse, analyseInSteps } from '../electron/core/analysis/report';
import { refreshDigests } from '../electron/core/responses/digests';
import { openStudyFile } from '../electron/core/study/file';
import { buildTrackingReport } from '../electron/core/tracking/report';
import { exchangeSteps, type ExchangeSteps } from './exchange';
import type { Fixtures } from './fixtures';
import { median } from './peer';
import { writeResultsMarkdown, type Goal } from './resultsMarkdown';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const PARTICIPANTS = option('participants', 10_000);
const ITEMS = option('items', 60);
const RUNS = Math.max(1, option('runs', 5));
const KEYS = option('keys', 1000);
const SKIP_UI = args.includes('--skip-ui');
const SKIP_PEER = args.includes('--skip-peer');
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]! : __dirname;
const HERE = __dirname;


/**
 * Runs work RUNS times; the median of its wall-clock times, in ms. Work that needs setting up
 * each run (a fresh copy of the study) times itself and returns {ms}.
 */
async function timed(work: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await work();
    const own = (result as { ms?: unknown } | null)?.ms;
    samples.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return median(samples);
}

/**
 * Peak resident memory of this process so far, in MB (the kernel's high-water mark). This process
 * only opens the study and runs the core's steps; the fixtures are made in a child.
 */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function entryLatency(): Record<string, unknown> | { skipped: string } {
  if (SKIP_UI) return { skipped: '--skip-ui' };
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'entry-latency.ts'), '--rows', String(PARTICIPANTS), '--keys', String(KEYS), '--commits', '1000', '--paints', String(RUNS)], {
    cwd: join(HERE, '..'),
    stdio: 'inherit',
  });
  if (child.status !== 0) return { skipped: 'bench/entry-latency.ts failed' };
  return JSON.parse(readFileSync(join(HERE, 'results', 'entry-latency.json'), 'utf8')) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'mixwise-bench-study-'));
  // A fresh random passphrase per run: the bench never holds a secret worth keeping.
  const passphrase = `bench-${randomBytes(8).toString('hex')}`;
  const path = join(folder, 'bench.mixwise');
  try {
    // The study and the peer's files are made in a child process (bench/fixtures.ts), so that this
    // process's peak memory is the core's work alone. The passphrase goes by environment, never argv.
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures.ts'), folder, String(PARTICIPANTS), String(ITEMS)], {
      cwd: join(HERE, '..'),
      env: { ...process.env, MIXWISE_BENCH_PASSPHRASE: passphrase },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error('bench/fixtures.ts failed');
    const fixtures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Fixtures;
    const { answers, generateMs } = fixtures;
    console.log(`generated ${PARTICIPANTS} participants x 3 waves x ${ITEMS} items (${answers} answers) in ${generateMs} ms`);

    // SQLCipher 4's key derivation on its own: PBKDF2-HMAC-SHA512, 256 000 iterations, 32 bytes.
    const salt = randomBytes(16);
    const keyDerivationMs = await timed(() => pbkdf2Sync(passphrase, salt, 256_000, 32, 'sha512'));
    const openMs = await timed(() => {
      const db = openStudyFile(path, passphrase);
      db.prepare('SELECT count(*) FROM participant').get();
      db.close();
    });
    console.log(`open study: ${openMs} ms (key derivation ${keyDerivationMs} ms of it)`);

    const db = openStudyFile(path, passphrase);
    try {
      // The high-water mark after each step: which step sets the peak.
      const peaks: Record<string, number> = { open: peakRssMb() };
      // The study as generated has no answer digests yet: the dashboard then reads the answers.
      const recomputeFromAnswersMs = await timed(() => buildTrackingReport(db));
      // The app writes them in the background once a study is open (app/session.ts); here at once.
      const started = performance.now();
      const digests = refreshDigests(db);
      const upkeepMs = Math.round(performance.now() - started);
      console.log(`answer digests written after opening (the app's background upkeep, once): ${digests} in ${upkeepMs} ms`);
      const recomputeMs = await timed(() => buildTrackingReport(db));
      peaks.recompute = peakRssMb();
      console.log(`match and attrition recompute: ${recomputeMs} ms (before the digests, from the answers: ${recomputeFromAnswersMs} ms)`);
      // As the app runs it (analysis/handlers.ts): the answers read and the scales computed on two
      // threads, the study's reader thread being ready (it starts when the study opens). The
      // one-thread figure is the CLI's.
      const reader = new AnswerReader(path, passphrase);
      await reader.whenStarted();
      const analysisMs = await timed(async () => analyseInSteps(await loadAnalysisDataWith(db, reader), {}, () => undefined, undefined, reader));
      peaks.analysis = peakRssMb();
      const analysisOneThreadMs = await timed(() => analyse(loadAnalysisData(db)));
      await reader.close();
      console.log(`full analysis: ${analysisMs} ms (on one thread ${analysisOneThreadMs} ms)`);
      const exchange: ExchangeSteps = await exchangeSteps({ db, folder, passphrase, path, timed, skipPeer: SKIP_PEER, fixtures });
      for (const line of exchange.lines) console.log(line);
      Object.assign(peaks, exchange.peaks);
      const memoryMb = peakRssMb();
      console.log(`peak memory after each step (MB): ${Object.entries(peaks).map(([step, mb]) => `${step} ${mb}`).join(', ')}`);
      console.log(`peak memory (this process): ${memoryMb} MB`);
      db.close();

      const ui = entryLatency();
      const uiFigures = 'skipped' in ui ? null : (ui as { ui?: Record<string, unknown> }).ui ?? null;
      const keystroke = (uiFigures?.keystrokeToSaved ?? null) as { p50: number; p95: number; p99: number } | null;
      const formKeys = (uiFigures?.keysPerForm ?? null) as { items: number; keys: number } | null;
      const goals: Goal[] = [
        { name: 'Keystroke to committed cell p95', value: keystroke?.p95 ?? null, unit: 'ms', limit: 16 },
        { name: 'Open study', value: openMs, unit: 'ms', limit: 1500 },
        { name: 'Wide xlsx export / pandas', value: exchange.exportRatio, unit: '×', limit: 0.5 },
        { name: 'xlsx import of one wave / pandas', value: exchange.importRatio, unit: '×', limit: 0.5 },
        { name: 'Match and attrition recompute', value: recomputeMs, unit: 'ms', limit: 50 },
        { name: 'Full analysis', value: analysisMs, unit: 'ms', limit: 500 },
        { name: 'Peak memory', value: memoryMb, unit: 'MB', limit: 500 },
        { name: `Keys for one ${formKeys?.items ?? 40}-item form with an 8-digit ID`, value: formKeys?.keys ?? null, unit: 'keys', limit: 49 },
      ];
      const result = {
        bench: 'study',
        date: new Date().toISOString(),
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
        size: { participants: PARTICIPANTS, waves: 3, items: ITEMS, answers },
        runs: RUNS,
        generateMs,
        openMs,
        keyDerivationMs,
        recomputeMs,
        recomputeFromAnswersMs,
        upkeepMs,
        analysisMs,
        analysisOneThreadMs,
        exchange: exchange.figures,
        peakMemoryMb: memoryMb,
        peakMemoryAfterMb: peaks,
        ui: uiFigures ?? ui,
        goals: goals.map((goal) => ({ ...goal, met: goal.value === null ? null : goal.value <= goal.limit })),
      };
      mkdirSync(join(OUT, 'results'), { recursive: true });
      writeFileSync(join(OUT, 'results', 'study.json'), `${JSON.stringify(result, null, 2)}\n`);
      writeResultsMarkdown(join(OUT, 'RESULTS.md'), result);
      for (const goal of result.goals) {
        console.log(`${goal.met === null ? 'not measured' : goal.met ? 'met    ' : 'MISSED '}  ${goal.name}: ${goal.value ?? '-'} ${goal.unit} (goal <= ${goal.limit})`);
      }
      console.log(`wrote ${join(OUT, 'results', 'study.json')} and ${join(OUT, 'RESULTS.md')}`);
    } finally {
      if (db.open) db.close();
    }
  } finally {
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
