import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  anchorCodes,
  bankConcepts,
  bankItems,
  conceptsInSection,
  coreItems,
  fullWording,
  itemsForConcept,
  toolkitWording,
  type BankItem,
} from './itemBank';

// The toolkit text sits beside the repository checkout (shared/seeds), locally and in CI.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const toolkitPath = path.resolve(repoRoot, '..', 'shared', 'seeds', '001_7d2c307a310d4fc0.txt');
// Line endings normalised in case a checkout converted them.
const toolkitRaw = readFileSync(toolkitPath, 'utf8').replace(/\r\n?/g, '\n');

/** Whitespace runs (newlines, tabs, the extraction's line breaks) compare as one space. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

// Chapter 4 from the 4.1 heading (not its mention in the chapter's contents list) to the conclusion.
const chapterStart = toolkitRaw.search(/^4\.1\. CORE OUTCOMES OF INTEREST FOR SOCIAL MIXING PROGRAMMES$/m);
const chapterEnd = chapterStart + toolkitRaw.slice(chapterStart).search(/^CONCLUSION$/m);
const chapterRaw = toolkitRaw.slice(chapterStart, chapterEnd);
const chapter = squash(chapterRaw);

// Section headings as extracted ("4. 4." carries a stray space).
const SECTION_HEADINGS: Record<string, RegExp> = {
  '4.1': /4\. ?1\. CORE OUTCOMES/,
  '4.2': /4\. ?2\. ADDITIONAL CONCEPTS TO AID/,
  '4.3': /4\. ?3\. ADDITIONAL CONCEPTS RELEVANT TO SOCIETAL INSTABILITY/,
  '4.4': /4\. ?4\. ADDITIONAL CONCEPTS RELEVANT TO CONTEXTS OF CIVIL CONFLICT/,
  '4.5': /4\. ?5\. ADDITIONAL CONCEPTS FOR RELATIONS BETWEEN MIGRANT/,
};
const sectionStarts = Object.entries(SECTION_HEADINGS).map(([section, heading]) => ({ section, start: chapter.search(heading) }));
function sectionRange(section: string): [number, number] {
  const index = sectionStarts.findIndex((entry) => entry.section === section);
  return [sectionStarts[index]!.start, sectionStarts[index + 1]?.start ?? chapter.length];
}

/**
 * Items per concept as the toolkit prints them, counted by hand from chapter 4. Grids count one item per
 * statement (construals: 3 endings of one stem). Nationality: 1(a) country of birth, its write-in country name,
 * 1(b) year of arrival, 1(c) age at arrival, 2 lived elsewhere, 3(a) citizen, 3(b) residence document.
 * Respondent characteristics: the five characteristics the toolkit names (age, gender, race or ethnicity,
 * religion, level of education); it prints no questions for them.
 */
const EXPECTED_COUNTS: Record<string, { section: string; items: number }> = {
  attitudes: { section: '4.1', items: 4 },
  anxiety: { section: '4.1', items: 3 },
  empathy: { section: '4.1', items: 3 },
  trust: { section: '4.1', items: 2 },
  metaperceptions: { section: '4.1', items: 3 },
  willingness: { section: '4.1', items: 4 },
  demographics: { section: '4.2', items: 5 },
  construals: { section: '4.2', items: 3 },
  norms: { section: '4.2', items: 4 },
  prior_contact: { section: '4.2', items: 2 },
  programme_contact: { section: '4.2', items: 6 },
  generalized_trust: { section: '4.3', items: 2 },
  safety: { section: '4.3', items: 3 },
  wellbeing: { section: '4.3', items: 4 },
  identification: { section: '4.4', items: 2 },
  victimhood: { section: '4.4', items: 2 },
  responsibility: { section: '4.4', items: 4 },
  hope: { section: '4.4', items: 3 },
  nationality: { section: '4.5', items: 7 },
  language: { section: '4.5', items: 2 },
  belonging: { section: '4.5', items: 2 },
  welcoming: { section: '4.5', items: 2 },
  acculturation: { section: '4.5', items: 3 },
  immigration: { section: '4.5', items: 2 },
  threat: { section: '4.5', items: 4 },
};

/** The toolkit's "Sample Survey Questions" blocks (the attitudes toward immigration block says "Survey questions"). */
const QUESTION_BLOCKS = (chapterRaw.match(/^(Sample Survey Questions|Survey questions)$/gm) ?? []).length;

/** Where the item's own text is found in the chapter: its wording, or the first of its layout fragments. */
function wordingPieces(item: BankItem): string[] {
  if (item.wordingSource === 'mixwise') return [item.toolkitBasis ?? ''];
  return (item.sourceFragments ?? [item.wording]).map(toolkitWording);
}

const PLACEHOLDERS = [
  '[group]',
  '[Group]',
  // The toolkit's own placeholder, marked with the form its wording takes (placeholders.ts).
  '[a group person]',
  '[the group people]',
  '[group:community]',
  '[Group:community]',
  '[people in my community]',
  '[this country]',
  '[country]',
  '[a member of my community]',
  '[my community]',
  '[receiving community language]',
  '[migrant community language]',
];

describe('toolkit item bank', () => {
  it('finds the toolkit and its chapter 4', () => {
    expect(chapterStart).toBeGreaterThan(0);
    expect(chapterEnd).toBeGreaterThan(chapterStart);
    for (const { section, start } of sectionStarts) expect(start, section).toBeGreaterThanOrEqual(0);
    expect(sectionStarts.map((entry) => entry.start)).toEqual([...sectionStarts.map((entry) => entry.start)].sort((a, b) => a - b));
  });

  it('has exactly the concepts of chapter 4 with the toolkit item count for each', () => {
    expect(bankConcepts.map((concept) => concept.code)).toEqual(Object.keys(EXPECTED_COUNTS));
    for (const concept of bankConcepts) {
      expect(concept.section, concept.code).toBe(EXPECTED_COUNTS[concept.code]!.section);
      expect(itemsForConcept(concept.code).length, concept.code).toBe(EXPECTED_COUNTS[concept.code]!.items);
    }
    // Every concept but the respondent characteristics and the nationality questions has its own question block.
    expect(QUESTION_BLOCKS).toBe(bankConcepts.length - 2);
    expect(bankItems.length).toBe(Object.values(EXPECTED_COUNTS).reduce((sum, entry) => sum + entry.items, 0));
  });

  it('keeps the six core concepts of 4.1 with 4, 3, 3, 2, 3 and 4 items', () => {
    const core = bankConcepts.filter((concept) => concept.core);
    expect(core.map((concept) => concept.code)).toEqual(['attitudes', 'anxiety', 'empathy', 'trust', 'metaperceptions', 'willingness']);
    expect(core.map((concept) => itemsForConcept(concept.code).length)).toEqual([4, 3, 3, 2, 3, 4]);
    expect(coreItems().map((item) => item.code)).toEqual([
      'att1', 'att2', 'att3', 'att4', 'anx1', 'anx2', 'anx3', 'emp1', 'emp2', 'emp3', 'tru1', 'tru2',
      'met1', 'met2', 'met3', 'wil1', 'wil2', 'wil3', 'wil4',
    ]);
    // The demo study and its tests rely on these being the bank's first items.
    expect(bankItems.slice(0, 19)).toEqual(coreItems());
    expect(conceptsInSection('4.1')).toEqual(core);
  });

  it('has unique, well-formed codes sharing one prefix per concept', () => {
    const codes = bankItems.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
    const prefixOf = new Map<string, string>();
    for (const item of bankItems) {
      expect(item.code, item.code).toMatch(/^[a-z]{3,4}\d+$/);
      const prefix = item.code.replace(/\d+$/, '');
      expect(prefixOf.get(item.concept) ?? prefix, item.code).toBe(prefix);
      prefixOf.set(item.concept, prefix);
    }
    expect(new Set(prefixOf.values()).size).toBe(bankConcepts.length);
    for (const concept of bankConcepts) {
      // Numbered 1..n in order within the concept.
      expect(itemsForConcept(concept.code).map((item) => Number(item.code.replace(/^[a-z]+/, '')))).toEqual(
        itemsForConcept(concept.code).map((_, index) => index + 1),
      );
    }
  });

  it('assigns every item to an existing concept of the same section', () => {
    const concepts = new Map(bankConcepts.map((concept) => [concept.code, concept]));
    for (const item of bankItems) {
      expect(concepts.has(item.concept), item.code).toBe(true);
      expect(item.section, item.code).toBe(concepts.get(item.concept)!.section);
    }
  });

  it('quotes every item verbatim from the toolkit, in the toolkit order and section', () => {
    let cursor = 0;
    for (const item of bankItems) {
      const pieces = wordingPieces(item).map(squash);
      const [from, to] = sectionRange(item.section);
      let position = chapter.indexOf(pieces[0]!, Math.max(cursor, from));
      expect(position, `${item.code}: "${pieces[0]}" not found in section ${item.section} after the previous item`).toBeGreaterThanOrEqual(0);
      expect(position, `${item.code} lies outside section ${item.section}`).toBeLessThan(to);
      cursor = position;
      // Fragments split by the printed layout follow each other closely.
      for (const piece of pieces.slice(1)) {
        const next = chapter.indexOf(piece, position);
        expect(next, `${item.code}: fragment "${piece}"`).toBeGreaterThan(position);
        expect(next - position, `${item.code}: fragments too far apart`).toBeLessThan(200);
        position = next;
      }
      if (item.sourceFragments) expect(item.sourceFragments.join(' '), item.code).toBe(item.wording);
      for (const shared of [item.stem, item.instruction]) {
        if (shared) expect(chapter.slice(from, to), `${item.code}: "${shared}"`).toContain(squash(shared));
      }
    }
  });

  it('marks wording that is not the toolkit\'s and ties it to the characteristic the toolkit names', () => {
    const own = bankItems.filter((item) => item.wordingSource === 'mixwise');
    expect(own.map((item) => item.concept)).toEqual(Array(5).fill('demographics'));
    for (const item of own) {
      const characteristic = item.characteristic ?? '';
      expect(characteristic, item.code).not.toBe('');
      expect(item.toolkitBasis, item.code).toContain(characteristic);
      expect(item.wordingNote, item.code).toBeTruthy();
    }
  });

  it('uses only the toolkit placeholders and keeps the underline marks balanced', () => {
    const used = new Set(bankItems.flatMap((item) => fullWording(item).match(/\[[^\]]+\]/g) ?? []));
    for (const placeholder of used) expect(PLACEHOLDERS, placeholder).toContain(placeholder);
    for (const item of bankItems) {
      expect((item.wording.match(/<u>/g) ?? []).length, item.code).toBe((item.wording.match(/<\/u>/g) ?? []).length);
      expect(item.wording.replace(/<\/?u>/g, ''), item.code).not.toMatch(/[<>]/);
    }
  });

  it('gives each kind a consistent response range and anchors', () => {
    const lines = new Set(chapterRaw.split('\n').map((line) => line.trimEnd()));
    for (const item of bankItems) {
      expect(['likert', 'yesno', 'number', 'choice', 'text'], item.code).toContain(item.kind);
      if (item.kind === 'text') {
        expect([item.min, item.max, item.anchors.length], item.code).toEqual([null, null, 0]);
        continue;
      }
      expect(Number.isInteger(item.min) && Number.isInteger(item.max), item.code).toBe(true);
      expect(item.min!, item.code).toBeLessThan(item.max!);
      if (item.kind === 'likert') {
        expect(item.anchors.length, item.code).toBe(item.max! - item.min! + 1);
        // The anchors row exactly as printed (tab-separated under the 1..5 row).
        expect(lines.has(item.anchors.join('\t')), `${item.code}: anchors row`).toBe(true);
        expect(anchorCodes(item), item.code).toEqual([1, 2, 3, 4, 5]);
      } else if (item.kind === 'number') {
        expect(item.anchors, item.code).toEqual([]);
        if (item.wordingSource !== 'mixwise') expect(item.rangeNote, item.code).toBeTruthy();
      } else {
        expect(item.codes?.length, item.code).toBe(item.anchors.length);
        for (const code of item.codes!) {
          expect(code, item.code).toBeGreaterThanOrEqual(item.min!);
          expect(code, item.code).toBeLessThanOrEqual(item.max!);
        }
        for (const anchor of item.anchors) expect(chapter, `${item.code}: "${anchor}"`).toContain(anchor);
      }
    }
  });

  it('lets every follow-up depend on an earlier coded item', () => {
    const followUps = bankItems.filter((item) => item.showIf);
    expect(followUps.map((item) => item.code)).toEqual(['nat2', 'nat3', 'nat4', 'nat7']);
    for (const item of followUps) {
      const index = bankItems.indexOf(item);
      const target = bankItems.findIndex((candidate) => candidate.code === item.showIf!.item);
      expect(target, `${item.code} depends on ${item.showIf!.item}`).toBeGreaterThanOrEqual(0);
      expect(target, `${item.code} must come after ${item.showIf!.item}`).toBeLessThan(index);
      expect(item.showIf!.equals.length, item.code).toBeGreaterThan(0);
      for (const value of item.showIf!.equals) expect(anchorCodes(bankItems[target]!), item.code).toContain(value);
      if (item.skipNote) expect(chapter, item.code).toContain(squash(item.skipNote));
    }
  });

  it('explains every reverse-keyed item and only those', () => {
    const reversed = bankItems.filter((item) => item.reverseKeyed).map((item) => item.code);
    expect(reversed).toEqual(['saf2', 'res3', 'res4', 'hop1']);
    for (const item of bankItems) expect(Boolean(item.reverseNote), item.code).toBe(item.reverseKeyed);
    // A reversed item only makes sense on a rating scale that is averaged.
    for (const code of reversed) expect(bankItems.find((item) => item.code === code)!.kind).toBe('likert');
  });

  it('records audiences and waves with the toolkit\'s restrictions', () => {
    for (const item of bankItems) {
      expect(['all', 'host', 'migrant'], item.code).toContain(item.audience);
      expect(['all', 'pre', 'post_fu'], item.code).toContain(item.waves);
    }
    expect(bankItems.filter((item) => item.audience === 'host').map((item) => item.concept)).toEqual([
      'immigration', 'immigration', 'threat', 'threat', 'threat', 'threat',
    ]);
    expect(itemsForConcept('programme_contact').every((item) => item.waves === 'post_fu')).toBe(true);
    expect(itemsForConcept('prior_contact').every((item) => item.waves === 'pre')).toBe(true);
    expect(coreItems().every((item) => item.waves === 'all' && item.audience === 'all')).toBe(true);
  });

  it('names each concept with its toolkit heading and quotes its description', () => {
    const headingLines = new Set(chapterRaw.split('\n').map((line) => line.trim()));
    // Descriptions are compared without spaces: the extraction drops some ("person'snationality").
    const unspaced = chapter.replace(/ /g, '');
    for (const concept of bankConcepts) {
      expect(headingLines.has(concept.sourceHeading ?? ''), concept.code).toBe(true);
      const [from, to] = sectionRange(concept.section);
      const at = chapter.indexOf(concept.sourceHeading!, from);
      expect(at >= from && at < to, `${concept.code} heading in ${concept.section}`).toBe(true);
      expect(concept.description, concept.code).toBeTruthy();
      expect(unspaced, concept.code).toContain(concept.description!.replace(/\s+/g, ''));
    }
  });
});
