import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor } from './exitCodes';
import { UsageError } from './args';
import { MixwiseError } from '../core/errors';
import { expectOneSentenceError, runCli, tempFolders } from './testSupport';

const folders = tempFolders();
afterEach(() => folders.cleanup());

describe('mixwise help and usage', () => {
  it('prints the overall usage for --help and help, listing every command', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = runCli(args);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Usage: mixwise <command>/);
      expect(result.stdout).toMatch(/^ {2}demo /m);
      expect(result.stdout).toMatch(/^ {2}info /m);
      expect(result.stdout).toContain('MIXWISE_PASSPHRASE');
      expect(result.stderr).toBe('');
    }
  });

  it('prints a command\'s usage for `<command> --help` and `help <command>`, without needing a passphrase', () => {
    for (const args of [['demo', '--help'], ['help', 'demo'], ['demo', '--out', 'x.mixwise', '-h']]) {
      const result = runCli(args, { passphrase: null });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Usage: mixwise demo --out FILE/);
      expect(result.stdout).toMatch(/--participants N/);
      expect(result.stdout).toMatch(/--seed S/);
    }
    const infoHelp = runCli(['info', '--help']);
    expect(infoHelp.status).toBe(0);
    expect(infoHelp.stdout).toMatch(/^Usage: mixwise info --study FILE/);
  });

  it('exits 2 with the usage on stderr when no command is given', () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: mixwise/);
  });

  it('rejects an unknown command with exit 2', () => {
    expect(expectOneSentenceError(runCli(['frobnicate']), 2)).toMatch(/"frobnicate" is not a mixwise command/);
    expect(expectOneSentenceError(runCli(['help', 'frobnicate']), 2)).toMatch(/not a mixwise command/);
  });

  it('refuses a passphrase on the command line in every spelling, pointing to MIXWISE_PASSPHRASE', () => {
    const folder = folders.make();
    for (const flag of [['--passphrase', 'x'], ['--passphrase=secret-words'], ['--password', 'x']]) {
      const result = runCli(['demo', '--out', 'x.mixwise', ...flag], { cwd: folder });
      const message = expectOneSentenceError(result, 2);
      expect(message).toContain('MIXWISE_PASSPHRASE');
      expect(message).not.toContain('secret-words');
    }
    expectOneSentenceError(runCli(['info', '--study', 'x.mixwise', '--passphrase', 'x'], { cwd: folder }), 2);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('shows the stack only with MIXWISE_DEBUG=1', () => {
    const folder = folders.make();
    const quiet = runCli(['info', '--study', 'missing.mixwise'], { cwd: folder });
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = runCli(['info', '--study', 'missing.mixwise'], { cwd: folder, env: { MIXWISE_DEBUG: '1' } });
    expect(debug.status).toBe(4);
    expect(debug.stderr.split('\n')[0]).toBe(quiet.stderr.trim());
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('exit codes', () => {
  it('maps each kind of failure to its documented code', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new MixwiseError('WRONG_PASSPHRASE', 'x'))).toBe(3);
    for (const code of ['NOT_FOUND', 'NOT_MIXWISE', 'NEWER_VERSION', 'DAMAGED', 'ALREADY_EXISTS'] as const) {
      expect(exitCodeFor(new MixwiseError(code, 'x'))).toBe(4);
    }
    expect(exitCodeFor(new MixwiseError('INVALID_INPUT', 'x', { field: 'path' }))).toBe(4);
    expect(exitCodeFor(new MixwiseError('INVALID_INPUT', 'x', { field: 'participants' }))).toBe(2);
    expect(exitCodeFor(new MixwiseError('CANCELLED', 'x'))).toBe(130);
    expect(exitCodeFor(new Error('driver exploded'))).toBe(1);
    expect(exitCodeFor('thrown string')).toBe(1);
  });
});
