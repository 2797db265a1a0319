import { expect } from 'vitest';
import type { Db } from '../../db/open';

/**
 * What the migration tests (migrations.test.ts) seed and compare with: test support, not part of
 * the app, so the digests test's search for code that writes answers leaves it out.
 */

/** Every table's rows at a moment, as sorted JSON strings. */
export type TableDump = Record<string, string[]>;

/** A small study as a version-10 file holds it: two groups, two waves, answers of every kind. */
export function seedAtVersion10(db: Db): void {
  db.exec(`
    INSERT INTO study (id, uuid, name, country, created_at, match_target, match_stretch)
      VALUES (1, '6f1c2a52-5b1e-4c55-9a57-0d8f5c0c7e11', 'Migration study', 'Kosovo', '2026-01-01T09:00:00.000Z', 0.8, 0.85);
    INSERT INTO identity_group (id, code, name, label_for_others, position) VALUES
      (1, 'albanian', 'K-Albanian', 'K-Albanians', 1),
      (2, 'serbian', 'K-Serbian', 'K-Serbians', 2);
    INSERT INTO arm (id, code, name, position) VALUES (1, 'programme', 'Programme', 1), (2, 'comparison', 'Comparison', 2);
    INSERT INTO site (id, code, name, position) VALUES (1, 'north', 'North Mitrovica', 1);
    INSERT INTO cohort (id, code, name, position) VALUES (1, 'c2026', 'Tech Heroes 2026', 1);
    INSERT INTO wave (id, code, label, position, window_start, window_end) VALUES
      (1, 'pre', 'Before the programme', 1, '2026-01-05', '2026-01-31'),
      (2, 'post', 'Right after the programme', 2, NULL, NULL);
    INSERT INTO item (code, concept, kind, min_value, max_value, reverse_keyed, source) VALUES
      ('att1', 'attitudes', 'likert', 1, 5, 0, 'toolkit'),
      ('anx1', 'anxiety', 'likert', 1, 5, 1, 'toolkit'),
      ('note', 'own', 'text', NULL, NULL, 0, '');
    INSERT INTO questionnaire_version (id, code, label, identity_group_id, language, created_at) VALUES
      (1, 'albanian_sq', 'K-Albanian (Shqip)', 1, 'sq', '2026-01-02T09:00:00.000Z'),
      (2, 'serbian_sr', 'K-Serbian (Srpski)', 2, 'sr', '2026-01-02T09:00:00.000Z');
    INSERT INTO version_item (version_id, position, item_code, wording, anchors) VALUES
      (1, 1, 'att1', 'Si ndiheni për K-Serbët?', '["1","2","3","4","5"]'),
      (1, 2, 'anx1', 'Sa të shqetësuar do të ishit?', '["1","2","3","4","5"]'),
      (1, 3, 'note', 'Diçka tjetër?', '[]'),
      (2, 1, 'att1', 'Како се осећате према К-Албанцима?', '["1","2","3","4","5"]'),
      (2, 2, 'anx1', 'Колико бисте били забринути?', '["1","2","3","4","5"]');
    INSERT INTO participant (id, identity_group_id, arm_id, site_id, cohort_id, status, legacy_id, enrolled_at) VALUES
      ('1000001', 1, 1, 1, 1, 'active', 0, '2026-01-03T09:00:00.000Z'),
      ('1000002', 2, 2, 1, 1, 'withdrawn', 0, '2026-01-03T09:05:00.000Z'),
      ('4321', 2, NULL, NULL, NULL, 'active', 1, '2026-01-04T09:00:00.000Z');
    INSERT INTO response (id, participant_id, wave_id, version_id, source, created_at) VALUES
      (1, '1000001', 1, 1, 'paper', '2026-01-10T10:00:00.000Z'),
      (2, '1000001', 2, 1, 'paper', '2026-04-10T10:00:00.000Z'),
      (3, '1000002', 1, 2, 'paper', '2026-01-11T10:00:00.000Z');
    INSERT INTO answer (response_id, item_code, value, missing, text_value) VALUES
      (1, 'att1', 4, NULL, NULL),
      (1, 'anx1', NULL, 'refused', NULL),
      (1, 'note', NULL, NULL, 'Ishte mirë'),
      (2, 'att1', 5, NULL, NULL),
      (2, 'anx1', NULL, 'dont_know', NULL),
      (3, 'att1', NULL, 'skipped', NULL),
      (3, 'anx1', 2, NULL, NULL);
  `);
}

export function tableNames(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/** Every table's rows as sorted JSON strings (sorting in JS also covers WITHOUT ROWID tables). */
export function dumpTables(db: Db): TableDump {
  return Object.fromEntries(
    tableNames(db).map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort()]),
  );
}

export function expectTablesUnchanged(db: Db, before: TableDump): void {
  const after = dumpTables(db);
  for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
}
