import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { readFirstSheet } from './firstSheet';
import { isDateFormat } from './parts';

const LIMITS = { rows: 1000, columns: 100 };

/** A seeded generator, so a failing workbook can be made again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const TEXTS = ['Ana', 'a & b', '<tag>', 'say "hi"', "it's", '  spaced  ', 'line\nbreak', 'Ünïcødé ✓', 'x_y', '1e5', '007', ''];
const DATE_FORMATS = ['yyyy-mm-dd', 'd mmm yyyy', 'mm/dd/yy', 'dd.mm.yyyy hh:mm', '[$-409]mmmm d, yyyy;@'];
const NUMBER_FORMATS = ['0.00', '#,##0', '0%', '"kg "0'];

/** A workbook of every kind of cell ExcelJS writes, scattered with gaps. */
async function generated(seed: number): Promise<Buffer> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Data');
  const rows = 1 + Math.floor(next() * 30);
  const columns = 1 + Math.floor(next() * 12);
  for (let row = 1; row <= rows; row++) {
    for (let column = 1; column <= columns; column++) {
      if (next() < 0.25) continue;
      const cell = sheet.getCell(row, column);
      const kind = Math.floor(next() * 7);
      if (kind === 0) cell.value = pick(TEXTS);
      else if (kind === 1) cell.value = Math.floor(next() * 1e8);
      else if (kind === 2) cell.value = Math.round((next() - 0.5) * 1e6) / 1000;
      else if (kind === 3) {
        cell.value = new Date(Date.UTC(1950 + Math.floor(next() * 80), Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
        cell.numFmt = pick(DATE_FORMATS);
      } else if (kind === 4) {
        cell.value = Math.floor(next() * 500) / 4;
        cell.numFmt = pick(NUMBER_FORMATS);
      } else if (kind === 5) cell.value = next() < 0.5;
      else cell.value = { richText: [{ text: pick(TEXTS) }, { text: pick(TEXTS), font: { bold: true } }] };
    }
  }
  book.addWorksheet('Later').getCell('A1').value = 'not read';
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** What read-excel-file, which read these files before, gives, as the text the callers want. */
async function asBefore(content: Buffer): Promise<string[][]> {
  const data = (await readSheet(content, { trim: false })) as unknown[][];
  return data.map((row) => row.map((value) => (value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value))));
}

/** The workbook with its first sheet's XML (and, if given, its shared strings) rewritten, as another writer might. */
function rewritten(content: Buffer, sheet: (xml: string) => string, shared?: string): Buffer {
  const parts = unzipSync(content);
  const name = Object.keys(parts).find((part) => /worksheets\/sheet1\.xml$/.test(part))!;
  parts[name] = strToU8(sheet(strFromU8(parts[name]!)));
  if (shared !== undefined) parts['xl/sharedStrings.xml'] = strToU8(shared);
  return Buffer.from(zipSync(parts));
}

async function plain(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('People').addRows([['name', 'group'], ['Ana', 'host']]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function sheetData(content: Buffer, data: string): Buffer {
  return rewritten(content, (xml) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/, data));
}

async function rows(content: Buffer): Promise<string[][]> {
  const read = await readFirstSheet(content, LIMITS);
  if (read.refused) throw new Error(read.refused);
  return read.rows;
}

describe('the sheet reader', () => {
  it('reads 60 generated workbooks exactly as read-excel-file did', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const content = await generated(seed);
      expect({ seed, rows: await rows(content) }).toEqual({ seed, rows: await asBefore(content) });
    }
  });

  it('reads prefixed elements, inline strings, cells and rows without positions, CDATA and character references', async () => {
    const content = sheetData(
      await plain(),
      '<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>na</x:t></x:r><x:r><x:t>me</x:t></x:r></x:is></x:c></x:row>' +
        '<!-- a comment <c r="Z9"> -->' +
        '<x:row><x:c><x:v>12345678</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[a < b & "c"]]></x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>&#x263A;&#65;&amp;&lt;_x000D_</x:t></x:is></x:c></x:row>' +
        '</x:sheetData>',
    );
    expect(await rows(content)).toEqual([
      ['id', 'name', ''],
      ['12345678', 'a < b & "c"', '☺A&<\r'],
    ]);
  });

  it('leaves out phonetic guides, reads t="d" dates, booleans and errors, and counts days from 1904 where the workbook says so', async () => {
    const shared =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><r><t xml:space="preserve">a </t></r><r><t>b</t></r></si></sst>';
    const base = rewritten(await plain(), (xml) => xml, shared);
    const content = sheetData(
      base,
      '<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="d"><v>2024-03-05T10:00:00Z</v></c>' +
        '<c r="E2" t="b"><v>0</v></c><c r="F2" t="e"><v>#DIV/0!</v></c><c r="G2"/></row></sheetData>',
    );
    expect(await rows(content)).toEqual([
      ['', '', '', '', ''],
      ['', '東京', 'a b', '2024-03-05', 'false'],
    ]);

    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    const cell = book.addWorksheet('Old Mac').getCell('A1');
    cell.value = new Date(Date.UTC(2001, 0, 2));
    cell.numFmt = 'yyyy-mm-dd';
    const old = Buffer.from(await book.xlsx.writeBuffer());
    expect(await rows(old)).toEqual([['2001-01-02']]);
    expect(await rows(old)).toEqual(await asBefore(old));
  });

  it('calls a broken sheet unreadable rather than guessing', async () => {
    const base = await plain();
    const unclosed = sheetData(base, '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1');
    const pointsNowhere = sheetData(base, '<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData>');
    const badPosition = sheetData(base, '<sheetData><row r="1"><c r="A1x" t="s"><v>0</v></c></row></sheetData>');
    for (const content of [unclosed, pointsNowhere, badPosition]) expect(await readFirstSheet(content, LIMITS)).toEqual({ refused: 'unreadable' });
  });

  it('takes the first sheet in the workbook order, not in part-name order', async () => {
    const content = rewritten(await plain(), (xml) => xml);
    const parts = unzipSync(content);
    const workbook = strFromU8(parts['xl/workbook.xml']!);
    // A second sheet, listed first, whose part is sheet2.xml.
    parts['xl/worksheets/sheet2.xml'] = strToU8(strFromU8(parts['xl/worksheets/sheet1.xml']!).replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>front</t></is></c></row></sheetData>'));
    parts['xl/workbook.xml'] = strToU8(workbook.replace('<sheets>', '<sheets><sheet name="Front" sheetId="9" r:id="rIdFront"/>'));
    const rels = strFromU8(parts['xl/_rels/workbook.xml.rels']!);
    parts['xl/_rels/workbook.xml.rels'] = strToU8(
      rels.replace('</Relationships>', '<Relationship Id="rIdFront" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>'),
    );
    expect(await rows(Buffer.from(zipSync(parts)))).toEqual([['front']]);
  });
});

describe('date formats', () => {
  it('tells date formats from number formats', () => {
    for (const code of ['yyyy-mm-dd', 'd mmm yyyy', 'dd/mm/yyyy;@', '[h]:mm:ss', '[$-409]mmmm d, yyyy', 'hh:mm AM/PM', 'yyyy"年"m"月"d"日"']) expect([code, isDateFormat(code)]).toEqual([code, true]);
    for (const code of ['0.00', '#,##0', '0%', '"kg "0', '@', 'General', '[Red]0.00', '0.00\\m']) expect([code, isDateFormat(code)]).toEqual([code, false]);
  });
});
