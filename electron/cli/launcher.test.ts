import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempFolders } from './testSupport';

/**
 * bin/mixwise.mjs runs the CLI built into out/cli/ (built before the unit tests, scripts/vitestBuildCli.mjs)
 * and falls back to the TypeScript source under tsx. Both must be the same program.
 */

const folders = tempFolders();
afterAll(() => folders.cleanup());
const OUT = fileURLToPath(new URL('../../out/cli/', import.meta.url));

describe('the mixwise launcher', () => {
  it('finds the built CLI with the worker threads it starts beside it, newer than its source', () => {
    for (const file of ['cli.js', 'readerThread.js', 'parseThread.js']) expect(existsSync(join(OUT, file)), file).toBe(true);
    const source = fileURLToPath(new URL('./main.ts', import.meta.url));
    expect(statSync(join(OUT, 'cli.js')).mtimeMs).toBeGreaterThanOrEqual(statSync(source).mtimeMs);
  });

  it('gives the same study from the build as from the source', () => {
    const folder = folders.make();
    const args = ['--participants', '12', '--seed', '5'];
    const built = runCli(['demo', '--out', join(folder, 'built.mixwise'), ...args]);
    const source = runCli(['demo', '--out', join(folder, 'source.mixwise'), ...args], { env: { MIXWISE_CLI_FROM_SOURCE: '1' } });
    expect(built.status, built.stderr).toBe(0);
    expect(source.status, source.stderr).toBe(0);
    expect(source.stdout.replace('source.mixwise', 'built.mixwise')).toBe(built.stdout);
    const summaries = ['built', 'source'].map((name) => runCli(['info', '--study', join(folder, `${name}.mixwise`)]));
    for (const summary of summaries) expect(summary.status, summary.stderr).toBe(0);
    const [fromBuilt, fromSource] = summaries.map((summary) => ({ ...JSON.parse(summary.stdout), createdAt: 'when it was made' }));
    expect(fromSource).toEqual(fromBuilt);
  });
});
