/**
 * One value outside React state (the current notice, the cursor's column), read through
 * useSyncExternalStore: setting it re-renders only the small strip that shows it, never the grid.
 */
export class ValueStore<T> {
  private readonly listeners = new Set<() => void>();
  constructor(private value: T) {}
  readonly get = (): T => this.value;
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}
