import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './command';
import { readPassphrase } from './passphrase';

/** A passphrase read from the environment leaves it at once (issue 22, point 7). */
describe('a passphrase from the environment', () => {
  it('is removed from the environment once read, so no child process or later dump finds it', async () => {
    const env: NodeJS.ProcessEnv = {
      MIXWISE_PASSPHRASE: 'study secret words',
      MIXWISE_VAULT_PASSPHRASE: 'vault secret words',
      PATH: '/usr/bin',
    };
    const io: CliIo = {
      stdin: new PassThrough() as unknown as NodeJS.ReadStream,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env,
      cwd: '/',
    };
    expect(await readPassphrase(io, { subject: 'the study', isNew: false })).toBe('study secret words');
    expect(await readPassphrase(io, { subject: 'the vault', isNew: false, variable: 'MIXWISE_VAULT_PASSPHRASE' })).toBe(
      'vault secret words',
    );
    expect(env).toEqual({ PATH: '/usr/bin' });
  });
});
