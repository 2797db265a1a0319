#!/usr/bin/env node
// npm run bench [-- NAME [options]]: runs bench/NAME.ts under tsx (every bench/*.ts when no name is
// given). Benchmarks print figures and write bench/results/NAME.json; they never pass or fail on
// timing, so a slow machine cannot turn the test suite red.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const here = resolve(import.meta.dirname);
const [name, ...options] = process.argv.slice(2);
// The benchmarks; the other files here are their parts (fixtures, exchange steps, the results page).
const all = ['study', 'entry-latency'].filter((name) => readdirSync(here).includes(`${name}.ts`));
const chosen = name && !name.startsWith('--') ? [name] : all;
const extra = name && name.startsWith('--') ? [name, ...options] : options;
if (name && !name.startsWith('--') && !all.includes(name)) {
  console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const bench of chosen) {
  console.log(`\n== ${bench} ==`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${bench}.ts`), ...extra], { cwd: join(here, '..'), stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
