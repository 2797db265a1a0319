// Vitest global set-up for the unit tests: builds the `mixwise` command (scripts/buildCli.mjs, under a
// second) so the CLI tests run today's code built, which starts in a second where tsx takes nine. If
// the build fails, the launcher finds it older than the sources and runs them under tsx instead.
import { buildCli } from './buildCli.mjs';

export default async function setup() {
  try {
    await buildCli();
  } catch (error) {
    console.warn(`The CLI could not be built; its tests run it from source. ${error?.message ?? error}`);
  }
}
