import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { idByCode } from '../study/design';
import { definitionOf, type ItemDefinition } from './definitions';
import { ENGLISH_FORM_TEXTS, FORM_TEXT_KEYS, isLanguageCode, languageName, type FormTexts } from './formTexts';
import type { ShowIf } from './itemBank';
import { fillPlaceholders, missingPlaceholders, placeholdersIn, tokenFor, type PlaceholderKey, type PlaceholderValues } from './placeholders';
import { hasGaps, notReadyError, translationGaps, versionReadiness, type TranslationGaps } from './readiness';
import { readSelection } from './selection';
import { formTextsIn, itemTextIn } from './translations';

/**
 * Making a questionnaire version: the current selection, in one language, for one identity group,
 * with its placeholders filled. The version stores a snapshot of everything it prints (wording,
 * anchors, skip rules, form texts), so later edits to translations or the selection never change a
 * version that forms were printed from. Once answers exist for a version it is read-only: saving it
 * again makes a new version that names the one it replaces, and the answers keep pointing at the
 * text their respondents saw.
 */

export interface VersionInput {
  /** An existing version to change; omitted to make a new one. */
  code?: string;
  identityGroup: string;
  language: string;
  label?: string;
  placeholders: PlaceholderValues;
}

export interface VersionItemSnapshot {
  code: string;
  wording: string;
  stem: string;
  instruction: string;
  responseLabel: string;
  anchors: string[];
  showIf: ShowIf | null;
}

export interface VersionOutcome {
  code: string;
  label: string;
  outcome: 'created' | 'updated' | 'replaced' | 'unchanged';
  replaced?: string;
}

function fail(message: string, field: string, key: string, params?: Record<string, string | number>): never {
  throw new MixwiseError('INVALID_INPUT', message, { field, key: `questionnaires.${key}`, params });
}

/** Items the group's respondents are asked: host-only concepts are not put to migrants, and back. */
function forAudience(definitions: ItemDefinition[], audience: string): ItemDefinition[] {
  if (audience === 'all') return definitions;
  return definitions.filter((definition) => definition.audience === 'all' || definition.audience === audience);
}

/**
 * Builds what the version will print, and what its language still lacks (gaps), or says precisely
 * which input is missing. Writes nothing.
 */
export function composeVersion(
  db: Db,
  input: VersionInput,
): { groupId: number; items: VersionItemSnapshot[]; formTexts: FormTexts; gaps: TranslationGaps } {
  if (!isLanguageCode(input.language)) fail('Give a language code such as en, tr or ar.', 'language', 'badLanguage');
  const group = db.prepare('SELECT id, audience FROM identity_group WHERE code = ?').get(input.identityGroup) as
    | { id: number; audience: string }
    | undefined;
  if (!group) fail('Choose the identity group this version is for.', 'identityGroup', 'groupMissing');
  const definitions = forAudience(readSelection(db).items.map((code) => definitionOf(db, code)), group.audience);
  const kept = new Set(definitions.map((definition) => definition.code));

  // A missing translation prints the source wording in a draft; the gaps say which, and a draft never prints.
  const gaps = translationGaps(db, input.language, definitions.map((definition) => definition.code));
  const texts = definitions.map((definition) => itemTextIn(db, definition, input.language) ?? definition.source);
  const entered = formTextsIn(db, input.language);
  const formTextsRaw = Object.fromEntries(
    FORM_TEXT_KEYS.map((key) => [key, entered[key]?.trim() ? entered[key] : ENGLISH_FORM_TEXTS[key]]),
  ) as FormTexts;

  const needed = new Set<PlaceholderKey>();
  const everyText = [
    ...texts.flatMap((text) => [text.wording, text.stem, text.instruction, text.responseLabel, ...text.anchors]),
    ...Object.values(formTextsRaw),
  ];
  for (const text of everyText) for (const key of placeholdersIn(text ?? '')) needed.add(key);
  const missing = missingPlaceholders(needed, input.placeholders);
  if (missing.length > 0) {
    const token = tokenFor(missing[0]!);
    fail(`Fill in ${token}: this version's texts use it.`, `placeholders.${missing[0]}`, 'placeholderMissing', { token });
  }

  const fill = (text: string) => fillPlaceholders(text, input.placeholders);
  const items = definitions.map((definition, index) => {
    const text = texts[index]!;
    return {
      code: definition.code,
      wording: fill(text.wording),
      stem: fill(text.stem),
      instruction: fill(text.instruction),
      responseLabel: fill(text.responseLabel),
      anchors: text.anchors.map(fill),
      // A skip rule whose question this group is not asked would hide the item for good: drop it.
      showIf: definition.showIf && kept.has(definition.showIf.item) ? definition.showIf : null,
    };
  });
  const formTexts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, fill(formTextsRaw[key])])) as FormTexts;
  return { groupId: group.id, items, formTexts, gaps };
}

function versionRow(db: Db, code: string) {
  return db
    .prepare(
      `SELECT id, code, label, identity_group_id AS groupId, language, placeholders, form_texts AS formTexts, state
         FROM questionnaire_version WHERE code = ?`,
    )
    .get(code) as
    | {
        id: number;
        code: string;
        label: string;
        groupId: number;
        language: string;
        placeholders: string;
        formTexts: string;
        state: VersionState;
      }
    | undefined;
}

export function readVersionItems(db: Db, versionId: number): VersionItemSnapshot[] {
  const rows = db
    .prepare(
      `SELECT item_code AS code, wording, stem, instruction, response_label AS responseLabel, anchors, show_if AS showIf
         FROM version_item WHERE version_id = ? ORDER BY position`,
    )
    .all(versionId) as (Omit<VersionItemSnapshot, 'anchors' | 'showIf'> & { anchors: string; showIf: string | null })[];
  return rows.map((row) => ({ ...row, anchors: JSON.parse(row.anchors) as string[], showIf: row.showIf ? (JSON.parse(row.showIf) as ShowIf) : null }));
}

function responsesFor(db: Db, versionId: number): number {
  return db.prepare('SELECT count(*) FROM response WHERE version_id = ?').pluck().get(versionId) as number;
}

const CODE_SAFE = (text: string) => text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');

function freeCode(db: Db, base: string): string {
  const root = /^[a-z]/.test(base) ? base.slice(0, 20) : `v_${base}`.slice(0, 20);
  const taken = (candidate: string) => Boolean(db.prepare('SELECT 1 FROM questionnaire_version WHERE code = ?').get(candidate));
  if (!taken(root)) return root;
  for (let n = 2; ; n++) if (!taken(`${root}_v${n}`)) return `${root}_v${n}`;
}

/** The language-independent part of an item that the study's item table keeps. */
export type ItemRow = Pick<ItemDefinition, 'concept' | 'kind' | 'min' | 'max' | 'reverseKeyed' | 'codes' | 'waves'>;

/**
 * Writes the snapshot's items for a version, and defines each toolkit item once per study (own
 * items are defined when added). `given` supplies definitions for items the caller defines itself
 * (createVersion takes item objects as they are), otherwise they come from the bank.
 */
export function writeVersionItems(db: Db, versionId: number, items: VersionItemSnapshot[], source = '', given?: Map<string, ItemRow>): void {
  const upsertItem = db.prepare(
    `INSERT INTO item (code, concept, kind, min_value, max_value, reverse_keyed, source, codes, waves)
     VALUES (@code, @concept, @kind, @min, @max, @reverseKeyed, @source, @codes, @waves)
     ON CONFLICT (code) DO NOTHING`,
  );
  const addItem = db.prepare(
    `INSERT INTO version_item (version_id, position, item_code, wording, anchors, stem, instruction, response_label, show_if)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  items.forEach((item, index) => {
    const definition = given?.get(item.code) ?? definitionOf(db, item.code);
    if (!('ownLanguage' in definition) || definition.ownLanguage === null) {
      upsertItem.run({
        code: item.code,
        concept: definition.concept,
        kind: definition.kind,
        min: definition.min,
        max: definition.max,
        reverseKeyed: definition.reverseKeyed ? 1 : 0,
        source,
        codes: definition.kind === 'yesno' || definition.kind === 'choice' ? JSON.stringify(definition.codes) : null,
        waves: definition.waves,
      });
    }
    addItem.run(
      versionId,
      index + 1,
      item.code,
      item.wording,
      JSON.stringify(item.anchors),
      item.stem,
      item.instruction,
      item.responseLabel,
      item.showIf ? JSON.stringify(item.showIf) : null,
    );
  });
}

export type VersionState = 'draft' | 'ready';

/**
 * Saves a version. Its state is 'ready' when every text is translated and checked (always, for a
 * version in its items' own language), otherwise 'draft'. `requireReady` (marking ready) refuses a
 * version with gaps instead, naming them. Saving the same texts again never takes readiness away:
 * those texts were checked when the version became ready.
 */
export function saveVersion(
  db: Db,
  input: VersionInput,
  source = '',
  now = new Date(),
  options: { requireReady?: boolean } = {},
): VersionOutcome {
  const existing = input.code ? versionRow(db, input.code) : undefined;
  if (input.code && !existing) fail(`There is no version ${input.code}.`, 'code', 'noSuchVersion', { code: input.code });
  const { groupId, items, formTexts, gaps } = composeVersion(db, input);
  if (options.requireReady && hasGaps(gaps)) {
    throw notReadyError('questionnaires.versionNotReady', input.code ?? input.identityGroup, input.language, gaps, 'mark');
  }
  const groupName = db.prepare('SELECT name FROM identity_group WHERE id = ?').pluck().get(groupId) as string;
  const label = input.label?.trim() || existing?.label || `${groupName} (${languageName(input.language)})`;
  const placeholders = JSON.stringify(input.placeholders);

  return db.transaction((): VersionOutcome => {
    if (existing) {
      const same =
        existing.groupId === groupId &&
        existing.language === input.language &&
        existing.formTexts === JSON.stringify(formTexts) &&
        JSON.stringify(readVersionItems(db, existing.id)) === JSON.stringify(items);
      const state: VersionState = !hasGaps(gaps) || (same && existing.state === 'ready') ? 'ready' : 'draft';
      if (responsesFor(db, existing.id) > 0) {
        if (same && existing.label === label) {
          // Only the review moved on: the texts respondents answered are the same, so the version stays.
          db.prepare('UPDATE questionnaire_version SET state = ? WHERE id = ?').run(state, existing.id);
          return { code: existing.code, label, outcome: 'unchanged' };
        }
        const code = freeCode(db, existing.code.replace(/_v\d+$/, ''));
        const row = { code, label, groupId, language: input.language, placeholders, formTexts, basedOn: existing.id, now, state };
        const id = insertVersion(db, row);
        writeVersionItems(db, id, items, source);
        return { code, label, outcome: 'replaced', replaced: existing.code };
      }
      db.prepare(
        `UPDATE questionnaire_version SET label = ?, identity_group_id = ?, language = ?, placeholders = ?, form_texts = ?, state = ?
          WHERE id = ?`,
      ).run(label, groupId, input.language, placeholders, JSON.stringify(formTexts), state, existing.id);
      db.prepare('DELETE FROM version_item WHERE version_id = ?').run(existing.id);
      writeVersionItems(db, existing.id, items, source);
      return { code: existing.code, label, outcome: same && existing.state === state ? 'unchanged' : 'updated' };
    }
    const state: VersionState = hasGaps(gaps) ? 'draft' : 'ready';
    const code = freeCode(db, CODE_SAFE(`${input.identityGroup}_${input.language}`));
    const id = insertVersion(db, { code, label, groupId, language: input.language, placeholders, formTexts, basedOn: null, now, state });
    writeVersionItems(db, id, items, source);
    return { code, label, outcome: 'created' };
  })();
}

/**
 * Marks a draft ready for printing: composed again from today's translations with the placeholder
 * values it was saved with, refused (naming every missing and unchecked text) while any is either.
 * A version with answers is replaced by a new one if its texts change, as any change to it is.
 */
export function markVersionReady(db: Db, code: string, source = '', now = new Date()): VersionOutcome {
  const row = versionRow(db, code);
  if (!row) fail(`There is no version ${code}.`, 'code', 'noSuchVersion', { code });
  if (row.state === 'ready') return { code, label: row.label, outcome: 'unchanged' };
  const identityGroup = db.prepare('SELECT code FROM identity_group WHERE id = ?').pluck().get(row.groupId) as string;
  const placeholders = JSON.parse(row.placeholders) as PlaceholderValues;
  const input = { code, identityGroup, language: row.language, label: row.label, placeholders };
  return saveVersion(db, input, source, now, { requireReady: true });
}

function insertVersion(
  db: Db,
  row: {
    code: string;
    label: string;
    groupId: number;
    language: string;
    placeholders: string;
    formTexts: FormTexts;
    basedOn: number | null;
    now: Date;
    state: VersionState;
  },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO questionnaire_version
           (code, label, identity_group_id, language, created_at, placeholders, form_texts, based_on_id, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.code,
        row.label,
        row.groupId,
        row.language,
        row.now.toISOString(),
        row.placeholders,
        JSON.stringify(row.formTexts),
        row.basedOn,
        row.state,
      )
      .lastInsertRowid,
  );
}

export function removeVersion(db: Db, code: string): void {
  db.transaction(() => {
    const id = idByCode(db, 'questionnaire_version', code);
    const responses = responsesFor(db, id);
    if (responses > 0) {
      throw new MixwiseError('FORBIDDEN', `This version cannot be removed: ${responses} questionnaires answered on it are stored.`, {
        key: 'questionnaires.versionHasAnswers',
        params: { count: responses },
      });
    }
    db.prepare('UPDATE questionnaire_version SET based_on_id = NULL WHERE based_on_id = ?').run(id);
    db.prepare('DELETE FROM version_item WHERE version_id = ?').run(id);
    db.prepare('DELETE FROM questionnaire_version WHERE id = ?').run(id);
  })();
}

export function listVersions(db: Db) {
  const rows = db
    .prepare(
      `SELECT v.code, v.label, g.code AS identityGroup, v.language, v.placeholders, v.created_at AS createdAt,
              (SELECT count(*) FROM version_item vi WHERE vi.version_id = v.id) AS items,
              (SELECT count(*) FROM response r WHERE r.version_id = v.id) AS responses,
              (SELECT b.code FROM questionnaire_version b WHERE b.id = v.based_on_id) AS basedOn,
              (SELECT n.code FROM questionnaire_version n WHERE n.based_on_id = v.id ORDER BY n.id DESC LIMIT 1) AS replacedBy
         FROM questionnaire_version v JOIN identity_group g ON g.id = v.identity_group_id ORDER BY v.id`,
    )
    .all() as {
    code: string;
    label: string;
    identityGroup: string;
    language: string;
    placeholders: string;
    createdAt: string;
    items: number;
    responses: number;
    basedOn: string | null;
    replacedBy: string | null;
  }[];
  return rows.map((row) => {
    // A draft's gaps are counted against today's translations: what marking it ready would still lack.
    const readiness = versionReadiness(db, row.code)!;
    return {
      ...row,
      placeholders: JSON.parse(row.placeholders) as Record<string, string>,
      state: readiness.state,
      missing: readiness.gaps.missing.length,
      unchecked: readiness.gaps.unchecked.length,
    };
  });
}
