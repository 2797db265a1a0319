import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db, OpenOptions } from '../db/open';
import { appendAudit } from '../vault/audit';
import { forgetActingKeeper, setActingKeeper } from '../vault/keepers';
import { keysPathFor } from '../vault/kind';
import { closeVault, createVaultFile, keyFileUuid, studyUuidOf } from '../vault/vaultFile';

/**
 * The demo's vault (issue 25, point 6): made-up people for the demo study's roster, so that every
 * ID-keeper screen can be seen and tried on a fresh install. Like the demo study it holds nothing
 * of anyone's, so its passphrase is public and shown where it is asked for. Names come from a
 * fixed list and read as invented ("Amara Example"); phones use +000, which no country has, and
 * e-mails example.org, reserved for examples (RFC 2606). It is made only when the ID-keeper area
 * asks for it, never when the demo study first opens, so the demo starts as fast as before.
 */
export const DEMO_VAULT_PASSPHRASE = 'mixwise-demo-vault';
/** The made-up ID-keeper who put the made-up people in; the audit log names them. */
export const DEMO_KEEPER = 'Demo Keeper';

export const DEMO_FIRST_NAMES = [
  'Amara', 'Bodhi', 'Cleo', 'Darius', 'Elif', 'Farah', 'Goran', 'Hana', 'Idris', 'Jana', 'Kofi', 'Lina',
  'Malik', 'Nadia', 'Omar', 'Petra', 'Quinn', 'Rasa', 'Samir', 'Tove', 'Umar', 'Vesna', 'Wale', 'Yara',
] as const;
export const DEMO_LAST_NAMES = ['Example', 'Sample', 'Testperson', 'Madeup', 'Placeholder'] as const;

export function demoPersonName(index: number): string {
  const first = DEMO_FIRST_NAMES[index % DEMO_FIRST_NAMES.length]!;
  const last = DEMO_LAST_NAMES[Math.floor(index / DEMO_FIRST_NAMES.length) % DEMO_LAST_NAMES.length]!;
  return `${first} ${last}`;
}

const CHANNELS = ['phone', 'sms', 'email'] as const;
const MARKER = 'demo-vault.json';

/** Whether the vault at this path is the demo vault Mixwise made (not one someone created for the demo study). */
export function isDemoVault(vaultPath: string): boolean {
  const marker = join(dirname(vaultPath), MARKER);
  if (!existsSync(marker) || !existsSync(vaultPath)) return false;
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { vaultUuid?: string }).vaultUuid === keyFileUuid(vaultPath);
  } catch {
    return false;
  }
}

export interface DemoRoster {
  studyUuid: string;
  people: { id: string; enrolledAt: string }[];
}

/** What the demo vault is made from, read at once: the study may lock while the vault's keys are derived. */
export function demoRoster(study: Db): DemoRoster {
  const rows = study.prepare('SELECT id, enrolled_at AS enrolledAt FROM participant ORDER BY enrolled_at, id').all();
  const people = rows as DemoRoster['people'];
  return { studyUuid: studyUuidOf(study), people };
}

/**
 * Makes the demo vault beside the demo study: one made-up person per roster ID, with consent on
 * the day they joined, then closes it; the ID-keeper unlocks it with its public passphrase.
 */
export async function createDemoVault(input: DemoRoster, vaultPath: string, openOptions: OpenOptions = {}): Promise<void> {
  setActingKeeper(vaultPath, DEMO_KEEPER);
  try {
    const { vault } = await createVaultFile(vaultPath, DEMO_VAULT_PASSPHRASE, input.studyUuid, { ...openOptions, client: 'app' });
    try {
      const roster = input.people;
      vault.db.transaction(() => {
        const issue = vault.db.prepare('INSERT INTO issued_id (id, legacy, issued_at) VALUES (?, 0, ?)');
        const add = vault.db.prepare(
          `INSERT INTO person (participant_id, name, birth_year, phone, email, address, preferred_channel, consent_date,
                               consent_form_version, consent_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'demo-v1', 'participant', ?, ?)`,
        );
        roster.forEach(({ id, enrolledAt }, index) => {
          const number = String(index + 1).padStart(4, '0');
          issue.run(id, enrolledAt);
          add.run(
            id,
            demoPersonName(index),
            1960 + ((index * 7) % 46),
            `+000 555 ${number}`,
            `person${number}@example.org`,
            `${(index % 90) + 1} Example Street, Demo Town`,
            CHANNELS[index % CHANNELS.length],
            enrolledAt.slice(0, 10),
            enrolledAt,
            enrolledAt,
          );
        });
        appendAudit(vault.db, 'imported', { what: 'demo_people', count: roster.length, client: 'app' });
      })();
      writeFileSync(join(dirname(vaultPath), MARKER), JSON.stringify({ vaultUuid: vault.vaultUuid }));
      closeVault(vault);
    } catch (error) {
      // Half a demo vault is no use: removed, so the next try starts clean.
      closeVault(vault);
      for (const file of [vaultPath, `${vaultPath}-wal`, `${vaultPath}-shm`, keysPathFor(vaultPath)]) rmSync(file, { force: true });
      throw error;
    }
  } finally {
    forgetActingKeeper(vaultPath);
  }
}
