#!/usr/bin/env node
// The test command (npm test): type-check, build the app, then run every unit and e2e test with
// Vitest, and finish with one line "N passed, N failed[, N skipped]" counting them all. A failed
// type-check or build counts as one failed test, so it can never hide behind a green count.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

let extraFailures = 0;
console.log('\n== type-check ==');
if (run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) extraFailures++;
console.log('\n== build (electron-vite) ==');
if (run(bin('electron-vite'), ['build']) !== 0) extraFailures++;

console.log('\n== unit and e2e tests (vitest) ==');
const reportDir = join(root, '.tmp');
const report = join(reportDir, 'vitest-report.json');
mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });
const vitestStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
  // A file that fails to load has no tests to count but is still a failure.
  failed += results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
} catch {
  failed += 1;
}
if (vitestStatus !== 0 && failed === 0) failed = 1;
failed += extraFailures;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
