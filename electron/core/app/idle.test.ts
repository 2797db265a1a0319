import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../api/dispatch';
import type { EventName, Handlers } from '../../api/contract';
import { IdleLock } from './idle';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';

const PASSPHRASE = 'idle-lock-study-passphrase';
const VAULT_PASSPHRASE = 'idle-lock-vault-passphrase';

let folder: string;
let core: CoreApp;
let events: { event: EventName; payload: unknown }[];

async function ok<T = unknown>(name: string, input: unknown = {}): Promise<T> {
  const result = await dispatch(core.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-idle-'));
  events = [];
  core = testCore(folder, { emit: (event, payload) => events.push({ event, payload }) });
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('the study idle lock', () => {
  it('is 15 minutes unless this computer says otherwise, kept in the data folder with numbers only', async () => {
    expect(await ok('app.settings.get')).toEqual({ studyIdleLockSeconds: 900, entrySound: false });
    expect(await ok('app.settings.set', { studyIdleLockSeconds: 120 })).toEqual({ studyIdleLockSeconds: 120, entrySound: false });
    expect(await ok('app.settings.set', { entrySound: true })).toEqual({ studyIdleLockSeconds: 120, entrySound: true });
    expect(JSON.parse(readFileSync(join(folder, 'app-settings.json'), 'utf8'))).toEqual({ studyIdleLockSeconds: 120, entrySound: true });
    // A new core on the same computer (the app started again) keeps it.
    expect(await dispatch(testCore(folder).handlers, 'app.settings.get', {})).toEqual({
      ok: true,
      value: { studyIdleLockSeconds: 120, entrySound: true },
    });
    const refused = await dispatch(core.handlers, 'app.settings.set', { studyIdleLockSeconds: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('locks the study after the timeout without a call, closing its connection, and tells the renderer', async () => {
    await ok('app.settings.set', { studyIdleLockSeconds: 1 });
    const path = join(folder, 'idle.mixwise');
    await ok('study.create', { path, name: 'Idle study', passphrase: PASSPHRASE });
    // Calls from the person keep it open past the timeout...
    for (let step = 0; step < 4; step += 1) {
      await wait(400);
      await ok('study.touch');
    }
    // ...but the renderer asking which screen to show does not.
    expect(await ok('study.current')).toMatchObject({ status: 'open' });
    await wait(1500);
    expect(await ok('study.current')).toEqual({ status: 'locked', path, fileName: 'idle.mixwise' });
    expect(events).toContainEqual({ event: 'lock', payload: { target: 'study', reason: 'idle' } });
    expect(await dispatch(core.handlers, 'study.summary', {})).toMatchObject({ ok: false, error: { code: 'NO_STUDY_OPEN' } });
    // Every connection to the file has closed: the last one to close removed the -wal and -shm files.
    await core.dispose();
    expect(readdirSync(folder).filter((name) => name.startsWith('idle'))).toEqual(['idle.mixwise']);
    // The passphrase opens it again.
    await ok('study.open', { path, passphrase: PASSPHRASE });
    expect(existsSync(path)).toBe(true);
  });
});

describe('opening another study', () => {
  it('locks the vault unlocked for the previous study, which asks for its passphrase again', async () => {
    const studyA = join(folder, 'a.mixwise');
    const studyB = join(folder, 'b.mixwise');
    await ok('study.create', { path: studyB, name: 'Study B', passphrase: PASSPHRASE });
    await ok('study.create', { path: studyA, name: 'Study A', passphrase: PASSPHRASE });
    await ok('vault.create', { passphrase: VAULT_PASSPHRASE });
    expect(await ok('vault.status')).toMatchObject({ status: 'open', fileName: 'a.mixvault' });
    events.length = 0;

    await ok('study.open', { path: studyB, passphrase: PASSPHRASE });
    expect(events).toContainEqual({ event: 'lock', payload: { target: 'vault', reason: 'user' } });
    // Back to study A: its vault is locked, nothing of it can be read without the vault passphrase.
    await ok('study.open', { path: studyA, passphrase: PASSPHRASE });
    expect(await ok('vault.status')).toMatchObject({ status: 'locked', fileName: 'a.mixvault' });
    const people = await dispatch(core.handlers, 'vault.people.list', {});
    expect(people).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Its connection is closed: the vault file stands alone, without -wal or -shm beside it.
    expect(readdirSync(folder).filter((name) => name.startsWith('a.mixvault'))).not.toContain('a.mixvault-wal');
    expect(await ok('vault.unlock', { passphrase: VAULT_PASSPHRASE })).toMatchObject({ status: 'open' });
  });
});

describe('IdleLock', () => {
  afterEach(() => vi.useRealTimers());

  it('never locks during a running call, and counts from the end of the last one', async () => {
    vi.useFakeTimers();
    let locks = 0;
    const idle = new IdleLock(900_000, () => true, () => (locks += 1));
    let finish: () => void = () => undefined;
    const handlers = idle.wrap({
      'study.touch': () => null,
      // A long import: it runs past the idle time.
      'imports.preview': () => new Promise<null>((resolve) => (finish = () => resolve(null))),
    } as unknown as Handlers);
    const running = (handlers['imports.preview'] as unknown as () => Promise<null>)();
    vi.advanceTimersByTime(3_600_000);
    expect(locks).toBe(0);
    finish();
    await running;
    vi.advanceTimersByTime(899_999);
    expect(locks).toBe(0);
    // A synchronous handler stays synchronous, and restarts the countdown.
    expect((handlers['study.touch'] as unknown as () => null)()).toBeNull();
    vi.advanceTimersByTime(899_999);
    expect(locks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(locks).toBe(1);
  });
});
