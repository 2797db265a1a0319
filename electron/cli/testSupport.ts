import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Helpers for the CLI tests, which run the real `mixwise` launcher in a child process: the same
 * tsx loading, argument parsing, passphrase handling and exit codes a user or script gets.
 */

export const BIN = fileURLToPath(new URL('../../bin/mixwise.mjs', import.meta.url));
export const PASSPHRASE = 'cli-test-passphrase';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** MIXWISE_PASSPHRASE for the child; null leaves it unset. */
  passphrase?: string | null;
  /** Extra variables for the child, e.g. MIXWISE_DEBUG. */
  env?: Record<string, string>;
}

/** Runs `node bin/mixwise.mjs ...args` with stdin a pipe (not a terminal). */
export function runCli(args: string[], options: RunOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: { ...childEnv(options.passphrase === undefined ? PASSPHRASE : options.passphrase), ...options.env },
    encoding: 'utf8',
    input: '',
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that signal it while it works. */
export function startCli(args: string[], options: RunOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: childEnv(options.passphrase === undefined ? PASSPHRASE : options.passphrase),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function childEnv(passphrase: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The test process's own settings must not leak into what is being tested.
  delete env.MIXWISE_PASSPHRASE;
  delete env.MIXWISE_DEBUG;
  delete env.MIXWISE_CLI_FROM_SOURCE;
  if (passphrase !== null) env.MIXWISE_PASSPHRASE = passphrase;
  return env;
}

/** A fresh temp folder per test; call the returned cleanup in afterEach. */
export function tempFolders() {
  const made: string[] = [];
  return {
    make(): string {
      const folder = mkdtempSync(join(tmpdir(), 'mixwise-cli-'));
      made.push(folder);
      return folder;
    },
    cleanup(): void {
      for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Errors are one plain sentence on stderr, nothing on stdout, and never a stack trace. */
export function expectOneSentenceError(result: CliResult, exitCode: number): string {
  expect(result.status, result.stderr).toBe(exitCode);
  expect(result.stdout).toBe('');
  const message = result.stderr.trim();
  expect(message.split('\n')).toHaveLength(1);
  expect(message).toMatch(/^\S.*[.]$/);
  expect(message).not.toMatch(/\n\s+at |Error:/);
  expect(message).not.toContain(PASSPHRASE);
  return message;
}
