import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { readWorkbookWithOpenpyxl } from '../testing/openpyxl';

/**
 * The follow-up list with names, through the real API on the demo study with a real vault: the
 * same IDs as the name-free tracking list, names only while the vault is open, every view, print
 * and export audited, and the workbook read back by openpyxl.
 */

let folder: string;
let core: CoreApp;
let savePath: string | null;
let canary: string;

async function call(name: MethodName, input: unknown = {}) {
  return dispatch(core.handlers, name, input);
}
async function ok<T = unknown>(name: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Named {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  state: string;
  daysOverdue: number;
  group: string | null;
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-follow-up-'));
  savePath = null;
  canary = `Canary${randomBytes(5).toString('hex')}`;
  core = testCore(folder, { dialogs: { chooseSavePath: async () => savePath } });
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

async function demoWithVault(): Promise<string> {
  await ok('demo.open');
  await ok('vault.create', { passphrase: 'follow-up-vault-passphrase' });
  const enrolled = await ok<{ id: string }>('vault.enrol', {
    name: `${canary} <b>Person</b>`,
    identityGroup: 'newcomer',
    site: 'north',
    phone: '+41 79 555 00 11',
    email: 'person@example.org',
    // Consented in January, typed in later: due for the post wave like the demo's own participants.
    consentDate: '2026-01-03',
    consentBy: 'participant',
    consentFormVersion: 'v1',
  });
  return enrolled.id;
}

async function auditOf(action: string): Promise<{ detail: Record<string, unknown> }[]> {
  const { entries } = await ok<{ entries: { action: string; detail: Record<string, unknown> }[] }>('vault.audit.list', { limit: 1000 });
  return entries.filter((entry) => entry.action === action && entry.detail.what === 'follow_up_list');
}

describe('the follow-up list with names', () => {
  it('is the tracking list, joined with the names and contacts in the vault, and the view is audited', async () => {
    const id = await demoWithVault();
    const plain = (await ok<{ entries: { id: string; state: string; daysOverdue: number }[] }>('tracking.followUp', { wave: 'post' }))
      .entries;
    expect(JSON.stringify(plain)).not.toContain(canary);
    expect(plain.map((entry) => entry.id)).toContain(id);

    const named = await ok<{ waveLabel: string; entries: Named[] }>('vault.followUp.list', { wave: 'post' });
    expect(new Set(named.entries.map((entry) => entry.id))).toEqual(new Set(plain.map((entry) => entry.id)));
    const person = named.entries.find((entry) => entry.id === id)!;
    expect(person).toMatchObject({ name: `${canary} <b>Person</b>`, phone: '+41 79 555 00 11', email: 'person@example.org' });
    // The demo's own participants were never enrolled in this vault: their rows stay without names.
    expect(named.entries.filter((entry) => entry.id !== id).every((entry) => entry.name === null)).toBe(true);
    // The longest overdue first.
    const overdue = named.entries.map((entry) => entry.daysOverdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));

    const views = await auditOf('names_viewed');
    expect(views).toHaveLength(1);
    expect(views[0]!.detail).toMatchObject({ count: named.entries.length, wave_position: expect.any(Number) });
    expect(JSON.stringify(await ok('vault.audit.list', { limit: 1000 }))).not.toContain(canary);
  });

  it('prints with the names escaped and an empty notes column, and the print is audited', async () => {
    const id = await demoWithVault();
    const { html, count } = await ok<{ html: string; count: number }>('vault.followUp.print', {
      wave: 'post',
      labels: { followUpTitle: 'Liste de relance' },
    });
    expect(html).toContain(`${canary} &lt;b&gt;Person&lt;/b&gt;`);
    expect(html).not.toContain('<b>Person');
    expect(html).toContain('Liste de relance');
    expect(html).toContain(`${id.slice(0, 4)} ${id.slice(4)}`);
    expect((html.match(/<tr>/g) ?? []).length).toBe(count + 1);
    expect((html.match(/class="mw-notes"/g) ?? []).length).toBe(count);
    expect(await auditOf('printed')).toHaveLength(1);
  });

  it('exports a workbook openpyxl reads back row for row; a cancelled dialog writes and audits nothing', async () => {
    const id = await demoWithVault();
    expect(await ok('vault.followUp.export', { wave: 'post' })).toMatchObject({ path: null });
    expect(await auditOf('exported')).toHaveLength(0);

    savePath = join(folder, 'calls.xlsx');
    const saved = await ok<{ path: string; count: number }>('vault.followUp.export', { wave: 'post' });
    expect(saved.path).toBe(savePath);
    const rows = readWorkbookWithOpenpyxl(savePath)['CONFIDENTIAL']!;
    expect(String(rows[0]![0])).toContain('CONFIDENTIAL');
    const header = rows[4]!;
    expect(header.slice(0, 4)).toEqual(['ID', 'Name', 'Phone', 'E-mail']);
    const body = rows.slice(5);
    expect(body).toHaveLength(saved.count);
    const named = await ok<{ entries: Named[] }>('vault.followUp.list', { wave: 'post' });
    expect(body.map((row) => String(row[0]))).toEqual(named.entries.map((entry) => entry.id));
    const row = body.find((entry) => entry[0] === id)!;
    expect(row.slice(1, 4)).toEqual([`${canary} <b>Person</b>`, '+41 79 555 00 11', 'person@example.org']);
    expect(await auditOf('exported')).toHaveLength(1);
  });

  it('leaves out someone enrolled after the window closed, and lists them once their earlier consent date is entered', async () => {
    await ok('demo.open');
    await ok('vault.create', { passphrase: 'follow-up-vault-passphrase' });
    const today = new Date().toISOString().slice(0, 10);
    const consent = { consentBy: 'participant', consentFormVersion: 'v1' };
    const { id } = await ok<{ id: string }>('vault.enrol', {
      name: canary,
      identityGroup: 'newcomer',
      site: 'north',
      consentDate: today,
      ...consent,
    });
    // The demo's post window closed on 30 April 2026: enrolled today, this person was never due for it.
    const asOf = '2026-12-07T10:00:00.000Z';
    const before = await ok<{ entries: Named[]; notExpected: number }>('vault.followUp.list', { wave: 'post', asOf });
    expect(before.entries.map((entry) => entry.id)).not.toContain(id);
    // Counted apart as not expected: the demo's own participants all joined in January.
    expect(before.notExpected).toBe(1);
    // The study side (IDs only) says the same: not in the list, counted apart.
    const plain = await ok<{ entries: { id: string }[]; notExpected: number }>('tracking.followUp', { wave: 'post', asOf });
    expect(plain.entries.map((entry) => entry.id)).not.toContain(id);
    expect(plain.notExpected).toBe(1);
    // Their consent was really given in January (entered retrospectively): overdue from the window's end, not from today.
    await ok('vault.person.update', { id, consentDate: '2026-01-03' });
    const after = await ok<{ entries: Named[]; notExpected: number }>('vault.followUp.list', { wave: 'post', asOf });
    expect(after.notExpected).toBe(0);
    expect(after.entries.find((entry) => entry.id === id)).toMatchObject({ name: canary, state: 'missing', daysOverdue: 221 });
    expect(after.entries).toHaveLength(before.entries.length + 1);
  });

  it('gives nothing once the vault is locked; the tracking list still works without names', async () => {
    await demoWithVault();
    await ok('vault.lock', {});
    for (const name of ['vault.followUp.list', 'vault.followUp.print', 'vault.followUp.export'] as const) {
      const result = await call(name, { wave: 'post' });
      expect(result).toMatchObject({ ok: false, error: { key: 'vaultLocked' } });
      expect(JSON.stringify(result)).not.toContain(canary);
    }
    savePath = join(folder, 'locked.xlsx');
    await call('vault.followUp.export', { wave: 'post' });
    expect(existsSync(savePath)).toBe(false);
    expect((await ok<{ entries: unknown[] }>('tracking.followUp', { wave: 'post' })).entries.length).toBeGreaterThan(0);
  });

  it('refuses an unknown wave with a message', async () => {
    await demoWithVault();
    expect(await call('vault.followUp.list', { wave: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'wave' } });
    // And the xlsx never held the wrong wave's people: no file for a refused call.
    savePath = join(folder, 'nope.xlsx');
    await call('vault.followUp.export', { wave: 'nope' });
    expect(existsSync(savePath) && readFileSync(savePath).length > 0).toBe(false);
  });
});
