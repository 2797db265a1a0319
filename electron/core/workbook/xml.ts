/**
 * The little XML an xlsx package needs, read straight off the string: tags and their attributes,
 * text between tags, comments, processing instructions and CDATA. No DOM, no object per node, no
 * namespace resolution (elements are matched by their local name, so `x:c` is `c`, as
 * spreadsheet writers that prefix their elements expect). A generic SAX parser, which builds a
 * name and an attribute object for each of a wave's 900 000 tags, took twice as long.
 *
 * It trusts nothing: a tag that never ends or a quote that never closes ends the walk with
 * `XmlError`, and every index it hands out lies inside the string.
 */

export class XmlError extends Error {}

export interface XmlVisitor {
  /** A start tag (or an empty-element tag, then `empty`): its local name and where its attributes lie. */
  open(name: string, xml: string, attributesFrom: number, attributesTo: number, empty: boolean): void;
  close(name: string): void;
  /** Text between tags, entities still encoded (see `decodeText`); CDATA's raw content. */
  text(xml: string, from: number, to: number, cdata: boolean): void;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;
const QUOTE = 34;
const APOSTROPHE = 39;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function skipTo(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  if (at < 0) throw new XmlError(`unterminated ${token}`);
  return at;
}

/** Where a tag's '>' is, stepping over quoted attribute values (which may hold a '>'). */
function tagEnd(xml: string, from: number): number {
  for (let at = from; at < xml.length; at++) {
    const code = xml.charCodeAt(at);
    if (code === GT) return at;
    if (code === QUOTE || code === APOSTROPHE) at = skipTo(xml, code === QUOTE ? '"' : "'", at + 1);
  }
  throw new XmlError('unterminated tag');
}

// Most tags of a sheet have a one-letter name ("c", "v", "t", "f"): those come from this table,
// so the hundreds of thousands of them allocate no string.
const ONE_LETTER = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

function nameText(xml: string, from: number, to: number): string {
  if (to - from === 1) {
    const code = xml.charCodeAt(from);
    if (code < 128) return ONE_LETTER[code]!;
  }
  return xml.slice(from, to);
}

/** The element name starting at `from` without its prefix, and where the name ends. */
function localName(xml: string, from: number): [string, number] {
  let end = from;
  let local = from;
  for (; end < xml.length; end++) {
    const code = xml.charCodeAt(end);
    if (isSpace(code) || code === GT || code === SLASH) break;
    if (code === COLON) local = end + 1;
  }
  if (end === from || local === end) throw new XmlError('tag without a name');
  return [nameText(xml, local, end), end];
}

export function walkXml(xml: string, visitor: XmlVisitor, from = 0): void {
  let at = from;
  for (;;) {
    const lt = xml.indexOf('<', at);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > at) visitor.text(xml, at, textEnd, false);
    if (lt < 0) return;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG) {
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = skipTo(xml, ']]>', lt + 9);
        visitor.text(xml, lt + 9, end, true);
        at = end + 3;
      } else if (xml.startsWith('<!--', lt)) at = skipTo(xml, '-->', lt + 4) + 3;
      else at = tagEnd(xml, lt + 2) + 1; // a DOCTYPE; xlsx parts have none, and no entity it declares is used
    } else if (next === QUESTION) {
      at = skipTo(xml, '?>', lt + 2) + 2;
    } else if (next === SLASH) {
      const [name] = localName(xml, lt + 2);
      at = tagEnd(xml, lt + 2) + 1;
      visitor.close(name);
    } else {
      const [name, nameEnd] = localName(xml, lt + 1);
      const gt = tagEnd(xml, nameEnd);
      const empty = xml.charCodeAt(gt - 1) === SLASH;
      visitor.open(name, xml, nameEnd, empty ? gt - 1 : gt, empty);
      if (empty) visitor.close(name);
      at = gt + 1;
    }
  }
}

/**
 * The values of the attributes `names` in a tag's attribute text, in one pass, entities decoded,
 * into `into` (undefined where the tag has none). A name is matched with or without a prefix
 * ("id" finds `r:id`), never as a suffix ("id" does not find `sheetId`).
 */
export function attributes(xml: string, from: number, to: number, names: readonly string[], into: (string | undefined)[]): void {
  into.fill(undefined);
  let at = from;
  while (at < to) {
    while (at < to && isSpace(xml.charCodeAt(at))) at++;
    const nameStart = at;
    while (at < to && xml.charCodeAt(at) !== 61 /* = */ && !isSpace(xml.charCodeAt(at))) at++;
    const nameEnd = at;
    while (at < to && xml.charCodeAt(at) !== QUOTE && xml.charCodeAt(at) !== APOSTROPHE) at++;
    if (at >= to) return;
    const valueStart = at + 1;
    const valueEnd = xml.indexOf(xml[at]!, valueStart);
    if (valueEnd < 0 || valueEnd > to) return;
    const length = nameEnd - nameStart;
    for (let index = 0; index < names.length; index++) {
      const name = names[index]!;
      const matches =
        (length === name.length && xml.startsWith(name, nameStart)) ||
        (length > name.length && xml.charCodeAt(nameEnd - name.length - 1) === COLON && xml.startsWith(name, nameEnd - name.length));
      if (matches) into[index] = decodeText(xml.slice(valueStart, valueEnd));
    }
    at = valueEnd + 1;
  }
}

const one: (string | undefined)[] = [undefined];

/** The value of one attribute (see `attributes`). */
export function attribute(xml: string, from: number, to: number, name: string): string | undefined {
  attributes(xml, from, to, [name], one);
  return one[0];
}

const ENTITY = /&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fromCodePoint(code: number, original: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : original;
}

/** Text with XML's five named entities and its character references decoded; anything else is left as written. */
export function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16), whole);
    if (decimal !== undefined) return fromCodePoint(Number(decimal), whole);
    return NAMED[named!]!;
  });
}
