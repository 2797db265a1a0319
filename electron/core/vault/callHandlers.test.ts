import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';

/**
 * The call log's methods through the API boundary, as the renderer calls them: every input checked
 * by the contract (enums, real dates, the note's length) before the core sees it, and nothing
 * written for a refused call or while the vault is locked.
 */

let folder: string;
let core: CoreApp;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-calls-api-'));
  core = testCore(folder);
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const call = (name: MethodName, input: unknown = {}) => dispatch(core.handlers, name, input);
async function ok<T>(name: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function demoPerson(): Promise<string> {
  await ok('demo.open');
  await ok('vault.create', { passphrase: 'calls-api-vault-passphrase', keeper: 'Keeper Alpha' });
  const consent = { consentDate: '2026-01-03', consentBy: 'participant', consentFormVersion: 'v1' };
  return (await ok<{ id: string }>('vault.enrol', { name: 'Dana Fictional', identityGroup: 'newcomer', site: 'north', ...consent })).id;
}

describe('vault.calls.log through the API', () => {
  it('refuses what the contract does not allow, and writes nothing for it', async () => {
    const id = await demoPerson();
    const valid = { id, wave: 'post', calledOn: '2026-05-04', channel: 'phone', outcome: 'no_answer', nextAttempt: null, note: '' };
    for (const [field, value] of [
      ['channel', 'fax'],
      ['outcome', 'maybe'],
      ['calledOn', '2026-02-30'],
      ['calledOn', '4 May'],
      ['nextAttempt', '+3'],
      ['note', 'x'.repeat(281)],
      ['id', '5021 7164'],
      ['wave', ''],
    ] as const) {
      const result = await call('vault.calls.log', { ...valid, [field]: value });
      expect(result, `${field}: ${value}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await call('vault.calls.log', { ...valid, extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ok<{ entries: unknown[] }>('vault.calls.history', { id })).toEqual({ entries: [] });

    const logged = await ok<{ offerWithdrawal: string | null }>('vault.calls.log', { ...valid, note: 'x'.repeat(280) });
    expect(logged.offerWithdrawal).toBeNull();
    expect((await ok<{ entries: unknown[] }>('vault.calls.history', { id })).entries).toHaveLength(1);
  });

  it('answers nothing once the vault is locked', async () => {
    const id = await demoPerson();
    const first = { id, wave: 'post', calledOn: '2026-05-04', channel: 'sms', outcome: 'will_come', nextAttempt: null, note: '' };
    await ok('vault.calls.log', first);
    await ok('vault.lock', {});
    expect(await call('vault.calls.history', { id })).toMatchObject({ ok: false, error: { key: 'vaultLocked' } });
    const again = { id, wave: 'post', calledOn: '2026-05-05', channel: 'sms', outcome: 'reached', nextAttempt: null, note: '' };
    expect(await call('vault.calls.log', again)).toMatchObject({ ok: false, error: { key: 'vaultLocked' } });
  });
});
