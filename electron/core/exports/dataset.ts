import type { Db } from '../db/open';
import { readMissingCodes } from '../entry/sheet';
import type { MissingCodes } from '../../shared/entry/rules';
import { bankConcepts, bankItems } from '../instruments/itemBank';
import { loadTracking } from '../tracking/load';
import { fillAnswers } from './answers';

/**
 * The study's data in the toolkit's wide layout (chapter 3.4's sample spreadsheet): one row per
 * respondent; ID, identity group, arm (then site and cohort when the study has them), then every
 * item per wave as <wave>_<itemcode>, waves in order. Only the study file is read: it holds no
 * name or contact, so nothing from the vault can reach an export through here.
 */

export type Cell = string | number | null;
export type ItemKind = 'likert' | 'yesno' | 'number' | 'choice' | 'text';

export interface ExportVariable {
  name: string;
  /** id and the design's columns, or an item at a wave. */
  role: 'id' | 'design' | 'item';
  label: string;
  wave: string | null;
  waveLabel: string | null;
  item: string | null;
  concept: string | null;
  conceptName: string | null;
  kind: ItemKind | 'design';
  valueLabels: { value: number | string; label: string }[];
  reverseKeyed: boolean;
  /** Whether the study's missing codes (97/98/99 by default) can occur in it. */
  hasMissingCodes: boolean;
  /** Set when the column was generalised for the export (e.g. "age bands"). */
  generalised: string | null;
}

export interface ExportRow {
  /** The participant's ID on the roster; replaced by a pseudonym in the id cell when re-keyed. */
  participant: string;
  /**
   * One cell per variable, in the order of the variables: an array rather than an object keyed by
   * name, so a wide study (10 000 respondents x 180 columns) costs a few MB, not hundreds.
   */
  values: Cell[];
  /** 1 where the cell holds a missing code rather than an answer (an age of 97 is not "skipped"). */
  missing: Uint8Array;
  /** Waves with a usable response, in wave order (for the long layout). */
  waves: string[];
}

export interface ExportDataset {
  variables: ExportVariable[];
  rows: ExportRow[];
  waves: { code: string; label: string }[];
  /** Item codes in column order across waves, for the long layout. */
  items: string[];
  missingCodes: MissingCodes;
}

/** Whether an item is asked at a wave: the builder marks background items 'pre' or 'post_fu' (as entry does). */
function askedAtWave(itemWaves: string, wavePosition: number, firstPosition: number): boolean {
  if (itemWaves === 'pre') return wavePosition === firstPosition;
  if (itemWaves === 'post_fu') return wavePosition !== firstPosition;
  return true;
}

function parseList<T>(text: string | null): T[] | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as T[]) : null;
  } catch {
    return null;
  }
}

interface ItemRow {
  code: string;
  concept: string;
  kind: ItemKind;
  min: number | null;
  max: number | null;
  reverse: number;
  codes: string | null;
  waves: string;
  wording: string;
  stem: string;
  anchors: string;
  /** How many different wordings the versions print (the [group] placeholder differs per group). */
  wordings: number;
}

/**
 * A column's wording: the versions' own when they all print the same; when they differ (each
 * group's version names the other group) the item bank's wording with its placeholders, which
 * describes every version. The toolkit's underlining marks (<u>…</u>) are left out.
 */
function wordingOf(item: ItemRow): string {
  const bank = item.wordings > 1 ? bankItems.find((entry) => entry.code === item.code) : undefined;
  const stem = bank ? (bank.stem ?? '') : item.stem;
  const wording = bank ? bank.wording : item.wording;
  return (stem ? `${stem} ${wording}` : wording).replace(/<\/?u>/g, '');
}

/** Items of any questionnaire version, in printed order, with the first version's wording and anchors. */
function readItems(db: Db): ItemRow[] {
  return db
    .prepare(
      `SELECT i.code, i.concept, i.kind, i.min_value AS min, i.max_value AS max, i.reverse_keyed AS reverse, i.codes, i.waves,
              vi.wording, vi.stem, vi.anchors,
              (SELECT count(DISTINCT other.stem || ' ' || other.wording) FROM version_item other WHERE other.item_code = i.code) AS wordings
         FROM item i
         JOIN version_item vi ON vi.item_code = i.code
          AND vi.version_id = (SELECT min(version_id) FROM version_item WHERE item_code = i.code)
        ORDER BY (SELECT min(position) FROM version_item WHERE item_code = i.code), i.code`,
    )
    .all() as ItemRow[];
}

function valueLabels(item: ItemRow): { value: number; label: string }[] {
  const anchors = parseList<string>(item.anchors) ?? [];
  if (item.kind === 'likert' && item.min !== null) {
    return anchors.map((label, index) => ({ value: item.min! + index, label })).filter((entry) => entry.label.trim() !== '');
  }
  if (item.kind === 'yesno' || item.kind === 'choice') {
    const codes = parseList<number>(item.codes) ?? bankItems.find((bank) => bank.code === item.code)?.codes ?? anchors.map((_, index) => (item.min ?? 1) + index);
    return anchors.map((label, index) => ({ value: codes[index]!, label })).filter((entry) => entry.value !== undefined && entry.label.trim() !== '');
  }
  return [];
}

const DESIGN_LABELS: Record<string, string> = {
  id: 'Respondent identification number',
  group: 'Respondent identity group',
  arm: 'Programme or comparison group',
  site: 'Site',
  cohort: 'Cohort',
};

export function loadExportDataset(db: Db): ExportDataset {
  const { design, participants } = loadTracking(db);
  const missingCodes = readMissingCodes(db);
  const waves = design.waves.map((wave) => ({ code: wave.code, label: wave.label }));
  const firstPosition = Math.min(...design.waves.map((wave) => wave.position));
  const items = readItems(db);

  const designVariable = (name: string, values: { code: string; name: string }[]): ExportVariable => ({
    name,
    role: name === 'id' ? 'id' : 'design',
    label: DESIGN_LABELS[name]!,
    wave: null,
    waveLabel: null,
    item: null,
    concept: null,
    conceptName: null,
    kind: 'design',
    valueLabels: values.map((value) => ({ value: value.name, label: value.code })),
    reverseKeyed: false,
    hasMissingCodes: false,
    generalised: null,
  });
  const variables: ExportVariable[] = [designVariable('id', []), designVariable('group', design.groups), designVariable('arm', design.arms)];
  // The toolkit's sample has no site or cohort; a study that has them needs them to analyse by them.
  if (design.sites.length > 0) variables.push(designVariable('site', design.sites));
  if (design.cohorts.length > 0) variables.push(designVariable('cohort', design.cohorts));

  /** Wave -> item -> column index. */
  const columnsByWave = new Map<string, Map<string, number>>();
  for (const wave of design.waves) {
    const columns = new Map<string, number>();
    columnsByWave.set(wave.code, columns);
    for (const item of items) {
      if (!askedAtWave(item.waves, wave.position, firstPosition)) continue;
      columns.set(item.code, variables.length);
      variables.push({
        name: `${wave.code}_${item.code}`,
        role: 'item',
        label: wordingOf(item),
        wave: wave.code,
        waveLabel: wave.label,
        item: item.code,
        concept: item.concept,
        conceptName: bankConcepts.find((concept) => concept.code === item.concept)?.name ?? item.concept,
        kind: item.kind,
        valueLabels: valueLabels(item),
        reverseKeyed: item.reverse === 1,
        hasMissingCodes: true,
        generalised: null,
      });
    }
  }

  const names = (list: { code: string; name: string }[]) => new Map(list.map((entry) => [entry.code, entry.name]));
  const groupNames = names(design.groups);
  const armNames = names(design.arms);
  const siteNames = names(design.sites);
  const cohortNames = names(design.cohorts);
  const siteIndex = variables.findIndex((variable) => variable.name === 'site');
  const cohortIndex = variables.findIndex((variable) => variable.name === 'cohort');
  const rows = new Map<string, ExportRow>();
  for (const participant of participants) {
    const values: Cell[] = new Array<Cell>(variables.length).fill(null);
    values[0] = participant.id;
    values[1] = groupNames.get(participant.group) ?? participant.group;
    values[2] = participant.arm ? (armNames.get(participant.arm) ?? participant.arm) : null;
    if (siteIndex >= 0) values[siteIndex] = participant.site ? (siteNames.get(participant.site) ?? participant.site) : null;
    if (cohortIndex >= 0) values[cohortIndex] = participant.cohort ? (cohortNames.get(participant.cohort) ?? participant.cohort) : null;
    // Only usable responses, as tracking counts them, so the export matches the dashboard's numbers.
    const usable = design.waves.filter((wave) => participant.usable.has(wave.code)).map((wave) => wave.code);
    rows.set(participant.id, { participant: participant.id, values, missing: new Uint8Array(variables.length), waves: usable });
  }
  fillAnswers(db, rows, columnsByWave, missingCodes);

  const itemOrder = [...new Set(items.map((item) => item.code))];
  return { variables, rows: [...rows.values()], waves, items: itemOrder, missingCodes };
}
