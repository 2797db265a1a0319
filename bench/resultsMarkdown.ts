import { writeFileSync } from 'node:fs';

/** One of issue 9's goals: met when the measured value is at most the limit. */
export interface Goal {
  name: string;
  value: number | null;
  unit: string;
  limit: number;
}

interface Result {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  loadAverage: number[];
  size: { participants: number; waves: number; items: number; answers: number };
  runs: number;
  generateMs: number;
  openMs: number;
  keyDerivationMs: number;
  recomputeMs: number;
  /** Before the answer digests were written: from the answers. */
  recomputeFromAnswersMs?: number;
  /** Writing every questionnaire's answer digest, once (the app's background upkeep after opening). */
  upkeepMs?: number;
  analysisMs: number;
  /** The same on one thread (the CLI; the app's reader thread not used). */
  analysisOneThreadMs?: number;
  exchange: Record<string, unknown>;
  peakMemoryMb: number;
  peakMemoryAfterMb?: Record<string, number>;
  ui: unknown;
  goals: (Goal & { met: boolean | null })[];
}

const cell = (value: unknown) => (value === null || value === undefined ? '–' : String(value));

/** bench/RESULTS.md: the machine, every figure, the ratios to pandas and each goal met or missed. */
export function writeResultsMarkdown(path: string, result: Result): void {
  const ui = (result.ui ?? {}) as Record<string, unknown>;
  const keystroke = ui.keystrokeToSaved as { p50: number; p95: number; p99: number; samples: number } | undefined;
  const paced = ui.keystrokePaced as { p50: number; p95: number; p99: number; samples: number } | undefined;
  const coreCommit = ui.coreCommit as { p50: number; p95: number } | undefined;
  const ping = ui.bridgePing as { p50: number; p95: number } | undefined;
  const main = ui.mainThreadPerKeyMs as { task: number; layout: number; style: number; script: number; other: number } | undefined;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench -- study\` on ${result.date.slice(0, 16).replace('T', ' ')} UTC. Regenerate it rather than edit it.`,
    '',
    '## Machine',
    '',
    `${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GB, Node ${result.machine.node} on ${result.machine.platform}; load average during the run ${result.loadAverage.join(' / ')} (1, 5, 15 min).`,
    '',
    `Study: ${result.size.participants} participants × ${result.size.waves} waves × ${result.size.items} items (${result.size.answers} answers), generated through the core in ${result.generateMs} ms. Figures are medians of ${result.runs} runs.`,
    '',
    '## Goals',
    '',
    '| Goal | Measured | Limit | |',
    '| --- | ---: | ---: | --- |',
    ...result.goals.map((goal) => `| ${goal.name} | ${cell(goal.value)} ${goal.unit} | ${goal.limit} ${goal.unit} | ${goal.met === null ? 'not measured' : goal.met ? 'met' : '**missed**'} |`),
    '',
    '## Figures',
    '',
    '| Step | Time |',
    '| --- | ---: |',
    `| Open study (passphrase to first query) | ${result.openMs} ms |`,
    `| of which key derivation (PBKDF2-HMAC-SHA512, 256 000 iterations) | ${result.keyDerivationMs} ms |`,
    `| Answer digests for every questionnaire, written once after opening (the app's background upkeep) | ${cell(result.upkeepMs)} ms |`,
    `| Match and attrition recompute (tracking report) | ${result.recomputeMs} ms |`,
    `| the same before the digests, from the answers | ${cell(result.recomputeFromAnswersMs)} ms |`,
    `| Full analysis (every scale, all tests; answers read on two threads, as the app does) | ${result.analysisMs} ms |`,
    `| the same on one thread (the CLI) | ${cell(result.analysisOneThreadMs)} ms |`,
    ...Object.entries(result.exchange).map(([name, value]) => `| ${name} | ${cell(value)} |`),
    `| First grid paint with ${result.size.participants} forms (Chromium) | ${cell(ui.gridPaintMs)} ms |`,
    `| Keystroke to committed cell p50 / p95 / p99 (${cell(keystroke?.samples)} keys, each the moment the last is saved) | ${cell(keystroke?.p50)} / ${cell(keystroke?.p95)} / ${cell(keystroke?.p99)} ms |`,
    `| the same with at most one key every ${cell(ui.paceMs)} ms (the page idle between keys) | ${cell(paced?.p50)} / ${cell(paced?.p95)} / ${cell(paced?.p99)} ms |`,
    `| of which the core's commit p50 / p95 | ${cell(coreCommit?.p50)} / ${cell(coreCommit?.p95)} ms |`,
    `| the bridge alone (page to core process and back, CDP binding) p50 / p95 | ${cell(ping?.p50)} / ${cell(ping?.p95)} ms |`,
    `| page main thread per key: all / layout / style / script / other (paint) | ${cell(main?.task)} / ${cell(main?.layout)} / ${cell(main?.style)} / ${cell(main?.script)} / ${cell(main?.other)} ms |`,
    `| Peak memory of the core process | ${result.peakMemoryMb} MB |`,
    `| the peak after each step (open / recompute / analysis / export / import) | ${['open', 'recompute', 'analysis', 'export', 'import'].map((step) => cell(result.peakMemoryAfterMb?.[step])).join(' / ')} MB |`,
    '',
    'The keystroke figures run the real renderer in Debian\'s Chromium (software rendering, --disable-gpu) against the real core,',
    'bridged by a CDP binding: one message each way, like the preload\'s IPC. The bridge alone is the ping line; the rest of a',
    "key's time is the page's main thread drawing the frame the key started (layout, style, paint) before it can take the",
    'answer. The grid brings the next screenful into view in the idle time after a key, so an answer key seldom waits for a',
    'scroll. See bench/results/entry-latency.json.',
    '',
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
}
