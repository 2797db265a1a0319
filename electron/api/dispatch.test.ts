import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreApp } from '../core/handlers';
import { testCore } from '../core/testSupport';
import { contract, methodNames, type Handlers } from './contract';
import { dispatch } from './dispatch';

let folder: string;
let core: CoreApp;
const events: unknown[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-dispatch-'));
  events.length = 0;
  core = testCore(folder, { emit: (event, payload) => events.push({ event, payload }) });
});
afterEach(async () => {
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('dispatch: the boundary every renderer call crosses', () => {
  it('implements every method of the contract', () => {
    expect(Object.keys(core.handlers).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) expect(contract[name].input).toBeDefined();
  });

  it('refuses names outside the contract, including prototype names', async () => {
    for (const name of ['nope', 'toString', '__proto__', 42, null]) {
      const result = await dispatch(core.handlers, name, {});
      expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown method.' } });
    }
  });

  it('validates input with the method schema and names the bad field', async () => {
    const relative = await dispatch(core.handlers, 'study.open', { path: 'relative.mixwise', passphrase: 'x' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'path' } });
    const extra = await dispatch(core.handlers, 'study.close', { surprise: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const wrongType = await dispatch(core.handlers, 'study.create', { path: join(folder, 'a.mixwise'), name: 5, passphrase: 'long enough' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'name' } });
  });

  it('returns core errors as data with code, message and field', async () => {
    const result = await dispatch(core.handlers, 'study.create', { path: join(folder, 'a.mixwise'), name: 'A', passphrase: 'short' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The passphrase needs at least 8 characters.', field: 'passphrase', key: 'passphraseTooShort', params: { min: 8 } },
    });
    const closed = await dispatch(core.handlers, 'study.summary', {});
    expect(closed).toMatchObject({ ok: false, error: { code: 'NO_STUDY_OPEN' } });
  });

  it('hides the message of an unexpected error and strips undeclared output fields', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const leaky = {
      ...core.handlers,
      'study.current': () => {
        throw new Error('SQLITE_ERROR near "Amina Hoxha"');
      },
      'app.info': () => ({ version: '1', studyExtension: '.mixwise', minPassphraseLength: 8, demoPassphrase: 'd', firstRun: false, secret: 'x' }),
    } as Handlers;
    const failed = await dispatch(leaky, 'study.current', {});
    expect(failed).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Mixwise.' } });
    expect(JSON.stringify(spy.mock.calls)).not.toContain('Amina');
    spy.mockRestore();
    const info = await dispatch(leaky, 'app.info', {});
    expect(info.ok && 'secret' in (info.value as object)).toBe(false);
  });
});

describe('study lifecycle through the handlers', () => {
  it('creates, locks, unlocks, closes and lists the study as recent', async () => {
    const path = join(folder, 'pilot.mixwise');
    const created = await dispatch(core.handlers, 'study.create', { path, name: ' Pilot ', passphrase: 'pilot-passphrase' });
    expect(created).toMatchObject({ ok: true, value: { status: 'open', fileName: 'pilot.mixwise', summary: { name: 'Pilot' } } });
    const again = await dispatch(core.handlers, 'study.create', { path, name: 'Other', passphrase: 'pilot-passphrase' });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS', field: 'path' } });

    expect(await dispatch(core.handlers, 'study.lock', {})).toMatchObject({ ok: true, value: { status: 'locked', path } });
    expect(events).toEqual([{ event: 'lock', payload: { target: 'study', reason: 'user' } }]);
    expect(await dispatch(core.handlers, 'study.summary', {})).toMatchObject({ ok: false, error: { code: 'NO_STUDY_OPEN' } });
    expect(await dispatch(core.handlers, 'study.open', { path, passphrase: 'wrong-passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await dispatch(core.handlers, 'study.open', { path, passphrase: 'pilot-passphrase' })).toMatchObject({ ok: true, value: { status: 'open' } });
    expect(await dispatch(core.handlers, 'study.close', {})).toEqual({ ok: true, value: { status: 'closed' } });
    expect(await dispatch(core.handlers, 'recent.list', {})).toMatchObject({ ok: true, value: [{ path, fileName: 'pilot.mixwise', exists: true }] });
    expect(await dispatch(core.handlers, 'recent.forget', { path })).toEqual({ ok: true, value: null });
    expect(await dispatch(core.handlers, 'recent.list', {})).toEqual({ ok: true, value: [] });
  });

  it('lockAll (idle, OS lock, suspend) drops the open study and says why', async () => {
    await dispatch(core.handlers, 'study.create', { path: join(folder, 'b.mixwise'), name: 'B', passphrase: 'b-passphrase' });
    core.lockAll('os');
    expect(events).toEqual([{ event: 'lock', payload: { target: 'study', reason: 'os' } }]);
    expect(await dispatch(core.handlers, 'study.current', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
  });

  it('generates the demo once on first use and reopens the same file afterwards', async () => {
    const info = await dispatch(core.handlers, 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { firstRun: true } });
    const first = await dispatch(core.handlers, 'demo.open', {});
    expect(first).toMatchObject({ ok: true, value: { state: { status: 'open', summary: { participants: { total: 120 } } } } });
    await dispatch(core.handlers, 'study.close', {});
    const second = await dispatch(core.handlers, 'demo.open', {});
    expect(second.ok && second.value).toEqual(first.ok && first.value);
    expect(await dispatch(core.handlers, 'app.info', {})).toMatchObject({ ok: true, value: { firstRun: false } });
  });
});
