import { basename, dirname, extname, join } from 'node:path';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';

/**
 * Who is acting in a vault: the ID-keeper's name given when the vault was created, unlocked or
 * recovered, or chosen later from the vault's short list of ID-keepers (table `keeper`, vault
 * migration 0060). appendAudit() stamps every entry with the acting keeper's number; the name
 * stays in the keeper table, which is append-only, so the chain never holds free text.
 *
 * The acting keeper is kept per vault file (its path), not per connection: a change of secrets or
 * a restore reopens the file, and the entries written right after must still name the same person.
 * The session forgets it when the vault locks.
 */
const acting = new Map<string, string>();

export const KEEPER_NAME_MAX = 100;

/** A keeper's name as stored: spaces trimmed and collapsed; refused when empty or too long. */
export function keeperName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length === 0) {
    throw new MixwiseError('INVALID_INPUT', 'Enter your name: the audit log notes who does what in the vault.', {
      field: 'keeper',
      key: 'keeperNameMissing',
    });
  }
  if (name.length > KEEPER_NAME_MAX) {
    throw new MixwiseError('INVALID_INPUT', `A name has at most ${KEEPER_NAME_MAX} characters.`, {
      field: 'keeper',
      key: 'keeperNameTooLong',
      params: { max: KEEPER_NAME_MAX },
    });
  }
  return name;
}

export function setActingKeeper(vaultPath: string, name: string): void {
  acting.set(vaultPath, keeperName(name));
}

export function forgetActingKeeper(vaultPath: string): void {
  acting.delete(vaultPath);
}

export function actingKeeperName(vaultPath: string): string | null {
  return acting.get(vaultPath) ?? null;
}

/** The keeper's number, adding them to the list the first time (names compare without case). */
export function keeperIdFor(db: Db, name: string): number {
  db.prepare('INSERT INTO keeper (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, new Date().toISOString());
  return db.prepare('SELECT id FROM keeper WHERE name = ?').pluck().get(name) as number;
}

/**
 * Makes this person the one acting in the vault open on `db`, under the name the list already has
 * for them ("amina" typed acts as the "Amina" listed); returns that name.
 */
export function actAs(db: Db, name: string): string {
  const stored = db.prepare('SELECT name FROM keeper WHERE id = ?').pluck().get(keeperIdFor(db, keeperName(name))) as string;
  acting.set(db.name, stored);
  return stored;
}

/**
 * Who acts on this file: named for the vault itself, or, for a backup in `<vault>-backups/` (an
 * erasure carried into every backup), whoever acts in that vault.
 */
function actingOn(path: string): string | undefined {
  const direct = acting.get(path);
  if (direct !== undefined) return direct;
  const folder = dirname(path);
  const stem = basename(folder).replace(/-backups$/, '');
  return stem === basename(folder) ? undefined : acting.get(join(dirname(folder), `${stem}${extname(path)}`));
}

/** The acting keeper's number for this connection's file, or null when nobody was named (the CLI, older callers). */
export function actingKeeperId(db: Db): number | null {
  const name = actingOn(db.name);
  return name === undefined ? null : keeperIdFor(db, name);
}

export interface Keeper {
  id: number;
  name: string;
  createdAt: string;
  lastActive: string | null;
}

/** The vault's ID-keepers, the one who acted last first. */
export function listKeepers(db: Db): Keeper[] {
  return db
    .prepare(
      `SELECT k.id, k.name, k.created_at AS createdAt,
              (SELECT max(a.at) FROM audit a WHERE json_extract(a.detail, '$.keeper') = k.id) AS lastActive
         FROM keeper k ORDER BY lastActive IS NULL, lastActive DESC, k.name`,
    )
    .all() as Keeper[];
}

/** Every keeper's name by number, to read the log with. */
export function keeperNames(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM keeper').all() as { id: number; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}
