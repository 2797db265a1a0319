import type { Handlers, MethodName } from '../../api/contract';

/**
 * Calls that say nothing about a person at the keyboard: the renderer makes them by itself when it
 * starts and after every lock (to learn which screen to show), so they must not keep a study open.
 * Every other call through the contract is the person's doing (a key committed in the grid, a tab
 * opened, a report asked for) or the renderer's report of their keyboard and mouse use
 * (study.touch, vault.touch). The renderer polls nothing on a timer.
 */
export const NOT_ACTIVITY: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'app.settings.get',
  'study.current',
  'recent.list',
]);

/**
 * The study's idle lock: `onIdle` runs once `timeoutMs` have passed since the last call from the
 * person ended. A call still running (an import, an analysis) is never idle, so a lock never lands
 * in the middle of one; the countdown starts again when it ends. Armed only while `active()` says
 * a study is open. The timer never keeps a CLI or test process alive.
 */
export class IdleLock {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = 0;

  constructor(
    private timeoutMs: number,
    private readonly active: () => boolean,
    private readonly onIdle: () => void,
  ) {}

  setTimeoutMs(timeoutMs: number): void {
    this.timeoutMs = timeoutMs;
    this.arm();
  }

  /** A call from the person starts: no lock until it has ended. */
  begin(): void {
    this.running += 1;
    this.stop();
  }

  /** The call ended: the countdown starts from now. */
  end(): void {
    this.running = Math.max(0, this.running - 1);
    this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.stop();
    if (this.running > 0 || !this.active()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running === 0 && this.active()) this.onIdle();
    }, this.timeoutMs);
    this.timer.unref?.();
  }

  /**
   * The handlers with every call but NOT_ACTIVITY counted as activity. A synchronous handler stays
   * synchronous (what it returns or throws is passed on as it was).
   */
  wrap(handlers: Handlers): Handlers {
    const wrapped: Record<string, (input: unknown) => unknown> = {};
    for (const [name, handler] of Object.entries(handlers) as [MethodName, (input: unknown) => unknown][]) {
      if (NOT_ACTIVITY.has(name)) {
        wrapped[name] = handler;
        continue;
      }
      wrapped[name] = (input) => {
        this.begin();
        let result: unknown;
        try {
          result = handler(input);
        } catch (error) {
          this.end();
          throw error;
        }
        if (result instanceof Promise) return result.finally(() => this.end());
        this.end();
        return result;
      };
    }
    return wrapped as Handlers;
  }
}
