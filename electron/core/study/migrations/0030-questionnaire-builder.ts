import type { Migration } from '../../db/migrate';

/**
 * What the questionnaire builder and the paper forms need:
 * - the builder's item selection, own items' definitions (answer codes, which waves ask them, the
 *   language they were written in, their skip rule) and
 *   translations per language under the items' stable codes, plus the form texts (introduction,
 *   consent line…) per language;
 * - per version, the placeholder values it was made with, the version it replaces, the form texts
 *   as printed, and per item the filled stem, instruction, response label and skip rule (showIf),
 *   so data entry applies exactly what the paper showed;
 * - per identity group, whether it is the host society or a migrant community (the toolkit asks
 *   some concepts of one side only).
 * Every column has a default that describes the versions made before this step truthfully: plain
 * items, no skip rules, all waves.
 */
export const questionnaireBuilder: Migration = {
  version: 30,
  name: '0030-questionnaire-builder',
  up(db) {
    db.exec(`
      ALTER TABLE identity_group ADD COLUMN audience TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'host', 'migrant'));

      ALTER TABLE item ADD COLUMN codes TEXT;
      ALTER TABLE item ADD COLUMN waves TEXT NOT NULL DEFAULT 'all' CHECK (waves IN ('all', 'pre', 'post_fu'));
      ALTER TABLE item ADD COLUMN own_language TEXT;
      ALTER TABLE item ADD COLUMN show_if TEXT;

      ALTER TABLE questionnaire_version ADD COLUMN placeholders TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE questionnaire_version ADD COLUMN form_texts TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE questionnaire_version ADD COLUMN based_on_id INTEGER REFERENCES questionnaire_version (id);

      ALTER TABLE version_item ADD COLUMN stem TEXT NOT NULL DEFAULT '';
      ALTER TABLE version_item ADD COLUMN instruction TEXT NOT NULL DEFAULT '';
      ALTER TABLE version_item ADD COLUMN response_label TEXT NOT NULL DEFAULT '';
      ALTER TABLE version_item ADD COLUMN show_if TEXT;

      CREATE TABLE questionnaire_item (
        position INTEGER PRIMARY KEY,
        item_code TEXT NOT NULL UNIQUE
      );
      CREATE TABLE item_translation (
        language TEXT NOT NULL,
        item_code TEXT NOT NULL,
        wording TEXT NOT NULL CHECK (length(trim(wording)) > 0),
        stem TEXT NOT NULL DEFAULT '',
        instruction TEXT NOT NULL DEFAULT '',
        response_label TEXT NOT NULL DEFAULT '',
        anchors TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (language, item_code)
      ) WITHOUT ROWID;
      CREATE TABLE form_text (
        language TEXT NOT NULL,
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (language, key)
      ) WITHOUT ROWID;
    `);
  },
};
