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
