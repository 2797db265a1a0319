import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * The benchmark at a small size, to prove it runs end to end (fixtures in a child, every core step,
 * the pandas peer, the results files). It asserts what was measured and written, never a time.
 */
const out = mkdtempSync(join(tmpdir(), 'mixwise-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('runs the study benchmark at a small size and writes its results', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'study.ts'), '--participants', '120', '--items', '20', '--runs', '1', '--skip-ui', '--out', out], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const result = JSON.parse(readFileSync(join(out, 'results', 'study.json'), 'utf8'));
  expect(result.size).toMatchObject({ participants: 120, waves: 3, items: 20 });
  expect(result.size.answers).toBeGreaterThan(120 * 20);
  for (const figure of ['openMs', 'keyDerivationMs', 'recomputeMs', 'analysisMs', 'peakMemoryMb']) expect(result[figure], figure).toBeGreaterThan(0);
  // The peer ran on the same data: both ratios are there.
  expect(result.exchange['Mixwise / pandas, export']).toBeGreaterThan(0);
  expect(result.exchange['Mixwise / pandas, import']).toBeGreaterThan(0);
  const markdown = readFileSync(join(out, 'RESULTS.md'), 'utf8');
  expect(markdown).toContain('120 participants');
  expect(markdown).toMatch(/Peak memory \| \d+ MB/);
  // The passphrase is a secret of the run: never printed.
  expect(run.stdout).not.toMatch(/bench-[0-9a-f]{16}/);
}, 240_000);
