import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english as en } from './locales';

const root = resolve(__dirname);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every string of the locale files with its full key (entry.compare.summary). */
function strings(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => strings(value, prefix ? `${prefix}.${key}` : key));
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Nouns that follow a number in the app's sentences. A placeholder right before one of them, or before a
 * qualifier and one of them ("{{added}} new forms"), is a count: it reads "1 forms" without plural forms.
 */
const COUNTED_NOUNS = new Set(
  ('form forms cell cells answer answers disagreement disagreements difference differences row rows respondent respondents ' +
    'participant participants person people version versions batch batches problem problems warning warnings entry entries ' +
    'item items questionnaire questionnaires scale scales combination combinations keying keyings backup backups file files ' +
    'page pages label labels point points minute minutes digit digits id ids').split(' '),
);
const QUALIFIERS = new Set(['more', 'new', 'active', 'second', 'questionnaire', 'answer', 'other']);

/** Placeholders that hold a name, not a number ("The {{noun}} file", "ID {{id}} answers item …"). */
const NAMES = new Set(['noun', 'id', 'code', 'label', 'name', 'wave', 'version', 'item']);

/** Numbers that are never 1, with why, so their sentences need no singular. */
const NEVER_ONE: Record<string, string> = {
  'entry.grid.legendId:length': 'the ID length, 8 digits',
  'entry.question.id:length': 'the ID length, 8 digits',
  'exports.passed:k': 'k is at least 2 (exports contract)',
  'exports.risky_one:k': 'k is at least 2',
  'exports.risky_other:k': 'k is at least 2',
  'exports.errors.notAnonymous:k': 'k is at least 2',
  'entry.errors.mergeTooLarge:forms': 'a cap in the thousands',
  'entry.errors.mergeTooLarge:cells': 'a cap in the thousands',
  'imports.errors.tooManyRows:max': 'a cap in the thousands',
  'vault.errors.importTooLarge:rows': 'a cap in the thousands',
  'questionnaires.errors.anchorCount:max': 'a scale has at least 2 answer labels',
  'vault.assignment.goalText:goal': "the toolkit's 30 per cell",
};


/**
 * Templates the core fills itself with its own {{name}} replacement (the status PDF's words, passed
 * through by statusPdfLabels.ts), so i18next's plural forms cannot apply to them.
 */
const FILLED_BY_CORE = /^tracking\.pdf\./;

/** "{{total}} disagreements" in a string: a count whose noun does not follow the number. */
function countsWithoutPlural(key: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\{\{(\w+)\}\}((?: [\w']+){0,2})/g)) {
    const name = match[1]!;
    if (NAMES.has(name) || NEVER_ONE[`${key}:${name}`]) continue;
    const [first = '', second = ''] = match[2]!.trim().toLowerCase().split(' ');
    const noun = COUNTED_NOUNS.has(first) ? first : QUALIFIERS.has(first) && COUNTED_NOUNS.has(second) ? second : null;
    if (noun) found.push(`${key}: {{${name}}} ${noun} is a count without plural forms`);
  }
  return found;
}

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
}

describe('locale files', () => {
  it('hold every literal key the renderer asks for', () => {
    const missing: string[] = [];
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!;
        // A key used with a count may exist only as its plural forms (key_one, key_other).
        const found = typeof lookup(key) === 'string' || typeof lookup(`${key}_other`) === 'string';
        if (!found) missing.push(`${file.replace(root, '')}: ${key}`);
      }
      // Keys built from a prefix (t(`study.${area}`)) are checked by listing the prefix's known values.
    }
    expect(missing).toEqual([]);
  });

  it('interpolate counts only into plural keys, so "1 form" never reads "1 forms"', () => {
    const all = strings(en).filter(([key]) => !FILLED_BY_CORE.test(key));
    const keys = new Set(all.map(([key]) => key));
    const offenders: string[] = [];
    for (const [key, text] of all) {
      const plural = PLURAL_SUFFIX.test(key);
      if (plural) {
        // i18next picks the form by the language's rules (Intl.PluralRules): English needs _one and _other.
        const base = key.replace(PLURAL_SUFFIX, '');
        if (!keys.has(`${base}_one`) || !keys.has(`${base}_other`)) offenders.push(`${key}: needs both ${base}_one and ${base}_other`);
        continue;
      }
      if (text.includes('{{count}}')) offenders.push(`${key}: {{count}} in a key without plural forms`);
      offenders.push(...countsWithoutPlural(key, text));
    }
    expect(offenders).toEqual([]);
  });

  it('translate every error code of the core', async () => {
    const { errorCodes } = await import('../../electron/core/errors');
    for (const code of errorCodes) expect(typeof lookup(`errors.${code}`)).toBe('string');
  });

  it('have no JSX text outside t(): visible words in components come from the locale', () => {
    const offenders: string[] = [];
    for (const file of sources(root).filter((path) => path.endsWith('.tsx'))) {
      const text = readFileSync(file, 'utf8');
      // Text between a closing '>' and an opening '<' that contains letters is a hard-coded string.
      // An arrow function's "=>" is not the end of a tag.
      for (const match of text.matchAll(/(?<![=-])>\s*([A-Za-z][^<>{}]*?)\s*</g)) offenders.push(`${file.replace(root, '')}: ${match[1]}`);
    }
    expect(offenders).toEqual([]);
  });
});
