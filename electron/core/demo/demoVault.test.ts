import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { VaultPerson } from '../../api/contracts/vault';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { tempFolder } from '../vault/testSupport';
import { DEMO_FIRST_NAMES, DEMO_KEEPER, DEMO_LAST_NAMES, DEMO_VAULT_PASSPHRASE } from './demoVault';

/**
 * The demo vault (issue 25, point 6), through the API as the ID-keeper area calls it: made on
 * request beside the demo study, it opens with its public passphrase, holds one made-up person
 * per roster ID and nothing that looks real, and its audit log names the ID-keepers who acted.
 */

let core: CoreApp;
let folder: string;

async function call(name: MethodName, input: unknown = {}) {
  return dispatch(core.handlers, name, input);
}
async function ok<T = unknown>(name: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

beforeEach(() => {
  folder = tempFolder('mixwise-demo-vault-');
  core = testCore(folder);
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
});

const FIRST = new Set<string>(DEMO_FIRST_NAMES);
const LAST = new Set<string>(DEMO_LAST_NAMES);

describe('the demo vault', () => {
  it('opens with its shown passphrase, holds a made-up person for every roster ID and nothing real-looking', async () => {
    await ok('demo.open');
    expect(await ok('vault.status')).toMatchObject({ status: 'none', demoStudy: true });
    expect(await ok('vault.demo.create')).toEqual({ passphrase: DEMO_VAULT_PASSPHRASE });
    expect(await ok('vault.status')).toMatchObject({ status: 'locked', demoPassphrase: DEMO_VAULT_PASSPHRASE });
    expect(await call('vault.demo.create')).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });

    await ok('vault.unlock', { passphrase: DEMO_VAULT_PASSPHRASE, keeper: 'Keeper Trying' });
    const { people } = await ok<{ people: VaultPerson[] }>('vault.people.list', { status: 'all' });
    const roster = (await ok<{ participants: { total: number } }>('study.summary')).participants.total;
    expect(people).toHaveLength(roster);
    expect(roster).toBe(120);
    for (const person of people) {
      const [first, last, ...rest] = person.name!.split(' ');
      expect(FIRST.has(first!) && LAST.has(last!) && rest.length === 0, person.name!).toBe(true);
      expect(person.phone).toMatch(/^\+000 555 \d{4}$/);
      expect(person.email).toMatch(/^person\d{4}@example\.org$/);
      expect(person.address).toMatch(/ Example Street, Demo Town$/);
      // On the roster with its group, arm and site: the IDs are the demo study's.
      expect(person).toMatchObject({ rosterStatus: 'active', status: 'active' });
      expect(person.identityGroup && person.arm && person.site).toBeTruthy();
      expect(person.consentDate! <= person.createdAt.slice(0, 10)).toBe(true);
    }
    expect(new Set(people.map((person) => person.name)).size).toBe(120);

    const audit = await ok<{ entries: { action: string; keeper: string | null; detail: Record<string, unknown> }[] }>('vault.audit.list');
    expect(audit.entries.map((entry) => [entry.action, entry.keeper])).toEqual([
      ['names_viewed', 'Keeper Trying'],
      ['backup_made', 'Keeper Trying'],
      ['unlocked', 'Keeper Trying'],
      ['imported', DEMO_KEEPER],
      ['created', DEMO_KEEPER],
    ]);
    expect(audit.entries[3]!.detail).toMatchObject({ what: 'demo_people', count: 120 });
  });

  it('is offered for the demo study only, and a vault someone made for the demo is not taken for it', async () => {
    await ok('study.create', { path: join(folder, 'own.mixwise'), name: 'Own', passphrase: 'own-study-passphrase' });
    expect(await ok('vault.status')).toMatchObject({ status: 'none', demoStudy: false });
    expect(await call('vault.demo.create')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok('demo.open');
    await ok('vault.create', { passphrase: 'own-demo-vault-passphrase', keeper: 'Keeper Alpha' });
    await ok('vault.lock');
    expect(await ok('vault.status')).toMatchObject({ status: 'locked', demoPassphrase: null });
  });
});
