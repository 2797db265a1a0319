// Builds the `mixwise` command line into out/cli/ with esbuild: the CLI and the two worker threads it
// may start (the analysis's reader, the parse thread of imported files), each one self-contained
// CommonJS file, so that their `__dirname` is out/cli/ and each finds the others beside it
// (analysis/answerReader.ts, workbook/offThread.ts). Packages stay in node_modules, as for the app.
// Run by electron-vite's main build (electron.vite.config.ts) and by itself: `node scripts/buildCli.mjs`.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export async function buildCli() {
  await build({
    entryPoints: {
      cli: join(root, 'electron/cli/main.ts'),
      readerThread: join(root, 'electron/core/analysis/readerThread.ts'),
      parseThread: join(root, 'electron/core/workbook/parseThread.ts'),
    },
    outdir: join(root, 'out/cli'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

/** The vite plugin that builds the CLI after the app's main process bundle. */
export function cliBuildPlugin() {
  return { name: 'mixwise-cli', apply: 'build', closeBundle: buildCli };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
