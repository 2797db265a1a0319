#!/usr/bin/env node
// Launcher for the `mixwise` command: runs electron/cli/main.ts under tsx, so the CLI uses the very
// same TypeScript core as the app without a separate build step.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

// tsImport keeps the TypeScript hooks scoped to this import, and the explicit tsconfig makes the
// compile settings the repository's own whatever the current folder is.
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

try {
  const { main } = await tsImport('../electron/cli/main.ts', { parentURL: import.meta.url, tsconfig });
  // exitCode rather than process.exit(): output still being written to a pipe is not cut off.
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Only a failure to load the CLI itself gets here; main() reports everything else.
  process.stderr.write('mixwise could not start; run it again with MIXWISE_DEBUG=1 to see the details.\n');
  if (process.env.MIXWISE_DEBUG === '1') process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
}
