import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from './session';
import { makeFixture, type Fixture } from './testSupport';

let fixture: Fixture | null = null;
afterEach(() => fixture?.cleanup());

describe('locking the vault session', () => {
  // Opening another study locks the vault through this same lock (app/handlers.ts attach; the
  // core test in app/idle.test.ts sees its event): here, what the lock leaves behind.
  it('closes the connection, zeroes the data key this process held, and says so', async () => {
    fixture = await makeFixture();
    const events: unknown[] = [];
    const session = new VaultSession((event, payload) => events.push({ event, payload }));
    const key = fixture.vault.dataKey;
    expect(key.some((byte) => byte !== 0)).toBe(true);
    session.attach(fixture.vault);
    session.lock('user');
    expect(key.every((byte) => byte === 0)).toBe(true);
    expect(fixture.vault.db.open).toBe(false);
    expect(session.isOpen()).toBe(false);
    expect(events).toEqual([{ event: 'lock', payload: { target: 'vault', reason: 'user' } }]);
  });
});
