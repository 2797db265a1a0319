import { MixwiseError } from '../errors';
import type { Db } from './open';

/**
 * One schema step. Migrations are append-only: a released step is never edited, a change is a new
 * step. Names follow NNNN-kebab-name in steps of 10 and the number is the schema version the step
 * produces, stored in PRAGMA user_version.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

const NAME_PATTERN = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Throws if a migration list breaks the numbering rules; called by tests and at start-up. */
export function assertMigrationList(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    const match = NAME_PATTERN.exec(migration.name);
    if (!match || Number(match[1]) !== migration.version) {
      throw new Error(`Migration ${migration.name} must be named NNNN-kebab-name with NNNN = its version`);
    }
    if (migration.version !== previous + 10) {
      throw new Error(`Migration ${migration.name} must follow version ${previous} in a step of 10`);
    }
    previous = migration.version;
  }
}

/**
 * Runs every step newer than the file's user_version, each in its own transaction that also bumps
 * user_version, so a crash leaves the file at a whole version, never between two.
 */
export function migrate(db: Db, migrations: readonly Migration[], target = migrations.at(-1)?.version ?? 0): void {
  assertMigrationList(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new MixwiseError('NEWER_VERSION', 'This file was made by a newer version of Mixwise.');
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
