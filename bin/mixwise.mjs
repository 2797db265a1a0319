#!/usr/bin/env node
// Launcher for the `mixwise` command. It runs the CLI that the build puts in out/cli/ (scripts/buildCli.mjs)
// when that build is newer than every source it was made from, and otherwise electron/cli/main.ts from
// source under tsx, so an edited checkout never runs stale code. Both are the very same TypeScript core as
// the app; the build starts in about a second, where tsx takes nine (it compiles and resolves some 240
// files through Node's loader hooks at every start). MIXWISE_CLI_FROM_SOURCE=1 forces the source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'out', 'cli', 'cli.js');
// What the CLI bundle is made from: the TypeScript under electron/ (tests aside) and the JSON it imports.
const sources = [join(root, 'electron'), join(root, 'resources', 'locales'), join(root, 'resources', 'item-bank')];

/** The newest modification time of the files under the folders (a few hundred stat calls, ~10 ms). */
function newestSource(folders) {
  let newest = 0;
  const pending = folders.filter((folder) => existsSync(folder));
  while (pending.length > 0) {
    const folder = pending.pop();
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function builtIsCurrent() {
  if (process.env.MIXWISE_CLI_FROM_SOURCE === '1' || !existsSync(built)) return false;
  return statSync(built).mtimeMs >= newestSource(sources);
}

async function loadMain() {
  if (builtIsCurrent()) return createRequire(import.meta.url)(built).main;
  const { tsImport } = await import('tsx/esm/api');
  // tsImport keeps the TypeScript hooks scoped to this import, and the explicit tsconfig makes the
  // compile settings the repository's own whatever the current folder is.
  const tsconfig = join(root, 'tsconfig.json');
  return (await tsImport('../electron/cli/main.ts', { parentURL: import.meta.url, tsconfig })).main;
}

try {
  const main = await loadMain();
  // exitCode rather than process.exit(): output still being written to a pipe is not cut off.
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Only a failure to load the CLI itself gets here; main() reports everything else.
  process.stderr.write('mixwise could not start; run it again with MIXWISE_DEBUG=1 to see the details.\n');
  if (process.env.MIXWISE_DEBUG === '1') process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
}
