import type { Emit } from '../../api/contract';
import { translateSqliteError } from '../db/open';
import { MixwiseError } from '../errors';
import { forgetActingKeeper } from './keepers';
import { readVaultSettings } from './settings';
import { closeVault, type OpenVault } from './vaultFile';

export type LockReason = 'user' | 'idle' | 'os';

/**
 * The vault a window has unlocked. Locking closes the database (SQLCipher drops its key), zeroes
 * the data key this process held for backups, and tells the renderer, which then clears every
 * name from the screen. The core keeps its own idle timer as well as the renderer's: should the
 * window stop reporting activity (hung, hidden), the key still leaves memory on time.
 */
export class VaultSession {
  private current: OpenVault | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idleMs = 300_000;

  constructor(private readonly emit: Emit) {}

  attach(open: OpenVault): void {
    this.lock('user', false);
    this.current = open;
    this.idleMs = readVaultSettings(open.db).idleLockSeconds * 1000;
    this.touch();
  }

  isOpen(): boolean {
    return this.current !== null;
  }

  /** The open vault's path, or null. */
  path(): string | null {
    return this.current?.path ?? null;
  }

  setIdleSeconds(seconds: number): void {
    this.idleMs = seconds * 1000;
    this.touch();
  }

  /** Restarts the idle countdown: called on every vault method and on the renderer's activity reports. */
  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.current) return;
    this.timer = setTimeout(() => this.lock('idle'), this.idleMs);
    // The timer must never keep a CLI or test process alive on its own.
    this.timer.unref?.();
  }

  lock(reason: LockReason, notify = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const open = this.current;
    if (!open) return;
    this.current = null;
    // Whoever unlocks next names themselves again.
    forgetActingKeeper(open.path);
    closeVault(open);
    if (notify) this.emit('lock', { target: 'vault', reason });
  }

  /** Swaps in a reopened vault (after a restore or a change of keys) without a lock event: the user did not lock it. */
  replace(open: OpenVault): void {
    this.current = open;
    this.touch();
  }

  use<T>(work: (open: OpenVault) => T): T {
    const open = this.current;
    if (!open) throw new MixwiseError('FORBIDDEN', 'The vault is locked.', { key: 'vaultLocked' });
    this.touch();
    try {
      return work(open);
    } catch (error) {
      throw translateSqliteError(error, { noun: 'vault' });
    }
  }
}
