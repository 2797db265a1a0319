import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { ID_LENGTH } from '../ids/damm';
import { readVersionItems } from '../instruments/builder';
import { definitionOf } from '../instruments/definitions';
import { ENGLISH_FORM_TEXTS, FORM_TEXT_KEYS, isRightToLeft, type FormTexts } from '../instruments/formTexts';
import type { ItemKind } from '../instruments/itemBank';

/**
 * A paper form as data: one questionnaire version as asked at one wave. The HTML renderer, the
 * page layout and the preview all work from this, so what is previewed is what prints.
 */
export type FormBlock =
  | { type: 'intro'; paragraphs: string[] }
  | { type: 'consent'; text: string }
  | { type: 'notice'; text: string }
  | { type: 'instruction'; text: string }
  | { type: 'stem'; text: string }
  | {
      type: 'question';
      number: number;
      code: string;
      kind: ItemKind;
      wording: string;
      /** Numbered response boxes: the number written in each box and its label. */
      options: { code: number; label: string }[];
      responseLabel: string;
      /** Boxes for a written number, one per digit of the largest allowed value. */
      digits: number;
      /** The skip rule in the respondent's words, or ''. */
      condition: string;
    };

export interface FormModel {
  versionCode: string;
  waveCode: string;
  language: string;
  rightToLeft: boolean;
  texts: FormTexts;
  idLength: number;
  blocks: FormBlock[];
}

/**
 * Which of the toolkit's timing rules a wave follows: the first wave is the pre-programme
 * assessment; every later one is a post-programme assessment (right after, or months later).
 */
function asksAt(itemWaves: string, firstWave: boolean): boolean {
  return itemWaves === 'all' || (itemWaves === 'pre' ? firstWave : !firstWave);
}

export function buildFormModel(db: Db, versionCode: string, waveCode: string): FormModel {
  const version = db
    .prepare('SELECT id, code, language, form_texts AS formTexts FROM questionnaire_version WHERE code = ?')
    .get(versionCode) as { id: number; code: string; language: string; formTexts: string } | undefined;
  if (!version) {
    throw new MixwiseError('NOT_FOUND', `There is no questionnaire version "${versionCode}".`, {
      field: 'version',
      key: 'forms.noSuchVersion',
      params: { code: versionCode },
    });
  }
  const waves = db.prepare('SELECT code FROM wave ORDER BY position').pluck().all() as string[];
  if (!waves.includes(waveCode)) {
    throw new MixwiseError('NOT_FOUND', `There is no wave "${waveCode}".`, { field: 'wave', key: 'forms.noSuchWave', params: { code: waveCode } });
  }
  const stored = JSON.parse(version.formTexts) as Partial<FormTexts>;
  // Versions made before form texts were stored printed the English defaults.
  const texts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, stored[key] ?? ENGLISH_FORM_TEXTS[key]])) as FormTexts;
  const firstWave = waves[0] === waveCode;

  const items = readVersionItems(db, version.id).filter((item) => asksAt(definitionOf(db, item.code).waves, firstWave));
  if (items.length === 0) {
    throw new MixwiseError('INVALID_INPUT', 'This version asks nothing at this wave.', { field: 'wave', key: 'forms.nothingAtWave' });
  }
  const numbers = new Map<string, number>();
  const blocks: FormBlock[] = [
    { type: 'intro', paragraphs: texts.intro.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean) },
    { type: 'consent', text: texts.consent },
    { type: 'notice', text: `${texts.noName} ${texts.markOne}` },
  ];
  let lastInstruction = '';
  let lastStem = '';
  items.forEach((item, index) => {
    const definition = definitionOf(db, item.code);
    const number = index + 1;
    numbers.set(item.code, number);
    if (item.instruction && item.instruction !== lastInstruction) blocks.push({ type: 'instruction', text: item.instruction });
    lastInstruction = item.instruction;
    // A grid's stem prints once above its endings.
    if (item.stem && item.stem !== lastStem) blocks.push({ type: 'stem', text: item.stem });
    lastStem = item.stem;
    let condition = '';
    const sourceNumber = item.showIf ? numbers.get(item.showIf.item) : undefined;
    if (item.showIf && sourceNumber !== undefined) {
      const sourceIndex = items.findIndex((candidate) => candidate.code === item.showIf!.item);
      const source = items[sourceIndex]!;
      const sourceCodes = definitionOf(db, source.code).codes;
      const answers = item.showIf.equals.map((value) => source.anchors[sourceCodes.indexOf(value)] || String(value));
      condition = texts.onlyIf.split('[question]').join(String(sourceNumber)).split('[answer]').join(answers.join(' / '));
    }
    const withBoxes = definition.kind === 'likert' || definition.kind === 'yesno' || definition.kind === 'choice';
    blocks.push({
      type: 'question',
      number,
      code: item.code,
      kind: definition.kind,
      wording: item.wording,
      options: withBoxes ? item.anchors.map((label, position) => ({ code: definition.codes[position] ?? position + 1, label })) : [],
      responseLabel: item.responseLabel || (definition.kind === 'number' ? texts.writeNumber : definition.kind === 'text' ? texts.writeText : ''),
      digits: definition.kind === 'number' ? String(Math.max(Math.abs(definition.max ?? 0), 1)).length : 0,
      condition,
    });
  });
  return {
    versionCode: version.code,
    waveCode,
    language: version.language,
    rightToLeft: isRightToLeft(version.language),
    texts,
    idLength: ID_LENGTH,
    blocks,
  };
}
