import { attribute, decodeText, walkXml, XmlError, type XmlVisitor } from './xml';

/**
 * The parts of an xlsx package a sheet's values depend on: which worksheet is the first, the shared
 * strings its cells point to, which cell styles show a number as a date, and the workbook's date
 * system. Each part is found the way the package's relationships say (officeDocument → workbook →
 * its sheets, shared strings and styles), with the usual names as the fallback.
 */

export class PackageError extends Error {}

/** Unzipped parts by their name in lower case (zip names are matched case-insensitively). */
export type Parts = Map<string, string>;

export interface WorkbookInfo {
  /** The part name of the first sheet in the workbook's order. */
  firstSheet: string;
  sharedStrings: string[];
  /** Per cell style (the `s` attribute's index): whether it shows a number as a date. */
  dateStyles: boolean[];
  /** Serial dates count from 1904 (old Mac workbooks), not 1900. */
  date1904: boolean;
}

/** A visitor with only `open` doing anything, for the parts read by their tags alone. */
function onOpen(open: XmlVisitor['open']): XmlVisitor {
  return { open, close: () => undefined, text: () => undefined };
}

function walk(xml: string, visitor: XmlVisitor): void {
  try {
    walkXml(xml, visitor);
  } catch (error) {
    if (error instanceof XmlError) throw new PackageError(error.message);
    throw error;
  }
}

/** Relationship type (its last path segment) → target part names, in document order, resolved against `base`. */
function relationships(parts: Parts, relsName: string, base: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const xml = parts.get(relsName.toLowerCase());
  if (xml === undefined) return found;
  const byId = new Map<string, string>();
  walk(
    xml,
    onOpen((name, text, from, to) => {
      if (name !== 'Relationship') return;
      const type = attribute(text, from, to, 'Type') ?? '';
      const target = attribute(text, from, to, 'Target');
      const id = attribute(text, from, to, 'Id');
      if (target === undefined || attribute(text, from, to, 'TargetMode') === 'External') return;
      const resolved = resolve(base, target);
      const kind = type.slice(type.lastIndexOf('/') + 1);
      // Pushed in place: copying the list for each relationship made 40 000 of them take 30 s.
      const targets = found.get(kind);
      if (targets) targets.push(resolved);
      else found.set(kind, [resolved]);
      if (id !== undefined) byId.set(`#${id}`, resolved);
    }),
  );
  for (const [id, target] of byId) found.set(id, [target]);
  return found;
}

/** A relationship's target as a part name: absolute ("/xl/…") or relative to the source's folder, ".." resolved. */
function resolve(base: string, target: string): string {
  const segments = target.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function folderOf(part: string): string {
  return part.includes('/') ? part.slice(0, part.lastIndexOf('/')) : '';
}

function relsOf(part: string): string {
  const folder = folderOf(part);
  return `${folder ? `${folder}/` : ''}_rels/${part.slice(folder ? folder.length + 1 : 0)}.rels`;
}

/**
 * `_x000D_`-style escapes Excel writes for characters XML cannot hold (and `_x005F_` for a literal
 * underscore before such a pattern).
 */
export function unescapeExcel(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The text of a rich or plain string item (`<si>` of the shared strings, `<is>` of an inline
 * string): every `<t>` run joined, leaving out phonetic guides (`<rPh>`), which Excel does not show.
 */
export class StringItemText {
  private parts: string[] = [];
  private inT = false;
  private phonetic = 0;

  open(name: string): void {
    if (name === 't') this.inT = true;
    else if (name === 'rPh') this.phonetic++;
  }

  close(name: string): void {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.phonetic--;
  }

  text(value: string): void {
    if (this.inT && this.phonetic === 0) this.parts.push(value);
  }

  take(): string {
    const joined = unescapeExcel(this.parts.length === 1 ? this.parts[0]! : this.parts.join(''));
    this.parts = [];
    return joined;
  }
}

/** Text between tags as it reads: entities decoded, except in CDATA, which holds its text as written. */
export function textOf(xml: string, from: number, to: number, cdata: boolean): string {
  const raw = xml.slice(from, to);
  return cdata ? raw : decodeText(raw);
}

function readSharedStrings(xml: string | undefined): string[] {
  const strings: string[] = [];
  if (xml === undefined) return strings;
  const item = new StringItemText();
  let inItem = false;
  walk(xml, {
    open(name) {
      if (name === 'si') inItem = true;
      else if (inItem) item.open(name);
    },
    close(name) {
      if (name === 'si') {
        inItem = false;
        strings.push(item.take());
      } else if (inItem) item.close(name);
    },
    text(text, from, to, cdata) {
      if (inItem) item.text(textOf(text, from, to, cdata));
    },
  });
  return strings;
}

// Built-in number formats that show a date or time (ECMA-376 18.8.30, and the East Asian locales' ids).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const MAX_FORMAT_CODE = 255;
const DATE_TOKENS = new Set(['s', 'ss', 'm', 'mm', 'h', 'hh', 'am', 'pm', 'a', 'p', 'd', 'dd', 'ddd', 'dddd', 'aaa', 'aaaa', 'aaaaa', 'mmm', 'mmmm', 'mmmmm', 'y', 'yy', 'yyyy', 'e', 'ee', 'eeee']);

/**
 * Whether a custom number format shows a date: every token left once literal text, escapes,
 * colours, conditions and locales are set aside is a date or time token ("yyyy-mm-dd", "d mmm",
 * "[h]:mm"); "0.00" or "#,##0 \"kg\"" are not. The same rule as read-excel-file, which read these files before.
 */
export function isDateFormat(code: string): boolean {
  // Excel keeps a format code to 255 characters; a longer one is no date format, and the bracket
  // pattern below would take quadratic time over a long run of unclosed '['.
  if (code.length > MAX_FORMAT_CODE) return false;
  const sections = code.toLowerCase().replace(/;@$/, '').replace(/\\./g, ' ').split(';');
  return sections.some((section) => {
    const plain = section
      .replace(/"[^"]*"/g, ' ')
      .replace(/(\[?[smhd]{1,2}\]?)[.,]00?0?/g, '$1')
      .replace(/\[([smhd]{1,2})\]/g, '$1')
      .replace(/\[[^\]]*\]/g, '');
    const tokens = plain.split(/[^a-z0#?%]+/).filter(Boolean);
    return tokens.length > 0 && tokens.every((token) => DATE_TOKENS.has(token));
  });
}

function readDateStyles(xml: string | undefined): boolean[] {
  if (xml === undefined) return [];
  const custom = new Map<number, string>();
  const formatOfStyle: number[] = [];
  let inCellXfs = false;
  walk(xml, {
    open(name, text, from, to) {
      if (name === 'numFmt') custom.set(Number(attribute(text, from, to, 'numFmtId')), attribute(text, from, to, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formatOfStyle.push(Number(attribute(text, from, to, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text: () => undefined,
  });
  return formatOfStyle.map((id) => {
    const code = custom.get(id);
    return code !== undefined && id >= 100 ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

function readDate1904(xml: string): boolean {
  let date1904 = false;
  walk(
    xml,
    onOpen((name, text, from, to) => {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attribute(text, from, to, 'date1904') ?? '');
    }),
  );
  return date1904;
}

/** The workbook's parts a first sheet's values need; PackageError when there is no sheet to read. */
export function workbookInfo(parts: Parts): WorkbookInfo {
  const workbookName = relationships(parts, '_rels/.rels', '').get('officeDocument')?.[0] ?? 'xl/workbook.xml';
  const workbook = parts.get(workbookName.toLowerCase());
  if (workbook === undefined) throw new PackageError('no workbook part');
  const related = relationships(parts, relsOf(workbookName), folderOf(workbookName));
  let firstSheetId: string | undefined;
  walk(
    workbook,
    onOpen((name, text, from, to) => {
      if (name === 'sheet' && firstSheetId === undefined) firstSheetId = attribute(text, from, to, 'id');
    }),
  );
  const firstSheet = firstSheetId === undefined ? undefined : related.get(`#${firstSheetId}`)?.[0];
  if (firstSheet === undefined || !parts.has(firstSheet.toLowerCase())) throw new PackageError('no first sheet');
  const sharedName = related.get('sharedStrings')?.[0] ?? `${folderOf(workbookName)}/sharedStrings.xml`;
  const stylesName = related.get('styles')?.[0] ?? `${folderOf(workbookName)}/styles.xml`;
  return {
    firstSheet,
    sharedStrings: readSharedStrings(parts.get(sharedName.toLowerCase())),
    dateStyles: readDateStyles(parts.get(stylesName.toLowerCase())),
    date1904: readDate1904(workbook),
  };
}
