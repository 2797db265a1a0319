import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../vault/spreadsheet';
import { readFirstSheet, scanWorksheets, unzippedSize } from './firstSheet';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('People').addRows([['name', 'group'], ['Ana', 'host']]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same file with its central directory claiming one part unpacks to 2 GB: a zip bomb's shape. */
function claimingHuge(content: Buffer): Buffer {
  const copy = Buffer.from(content);
  const entry = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt32LE(0x7fffffff, entry + 24);
  // The local header says the same (unless a data descriptor leaves it 0): a claim, not a disagreement.
  const local = copy.readUInt32LE(entry + 42);
  if (copy.readUInt32LE(local + 22) !== 0) copy.writeUInt32LE(0x7fffffff, local + 22);
  return copy;
}

const LIMITS = { rows: 100, columns: 50 };

describe('the shared xlsx reader', () => {
  it('reads the first sheet of a real workbook', async () => {
    expect(await readFirstSheet(await workbook(), LIMITS)).toEqual({ rows: [['name', 'group'], ['Ana', 'host']] });
  });

  it('gives every kind of cell as the text Excel shows, and keeps row numbers across empty rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('First');
    sheet.getCell('B3').value = 'id';
    sheet.getCell('C3').value = 'when';
    sheet.getCell('B5').value = 12345678;
    sheet.getCell('C5').value = new Date(Date.UTC(2024, 2, 5));
    sheet.getCell('D5').value = { richText: [{ text: 'Ana ' }, { text: 'Lee' }] };
    sheet.getCell('E5').value = { text: 'ana@example.org', hyperlink: 'mailto:ana@example.org' };
    sheet.getCell('F5').value = true;
    sheet.getCell('G5').value = { error: '#N/A' };
    sheet.getCell('H5').value = 2.5;
    book.addWorksheet('Second').getCell('A1').value = 'not read';
    const read = await readFirstSheet(Buffer.from(await book.xlsx.writeBuffer()), LIMITS);
    if (read.refused) throw new Error(read.refused);
    expect(read.rows[2]!.slice(1, 3)).toEqual(['id', 'when']);
    expect(read.rows[3]!.every((cell) => cell === '')).toBe(true);
    expect(read.rows[4]!.slice(1)).toEqual(['12345678', '2024-03-05', 'Ana Lee', 'ana@example.org', 'true', '', '2.5']);
    expect(read.rows).toHaveLength(5);
  });

  it('refuses a sheet whose cells lie too far apart before reading it, where the reader would fill the rectangle between', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sparse');
    sheet.getCell('A1').value = 'id';
    sheet.getCell('XFD1').value = 'far right';
    const far = Buffer.from(await book.xlsx.writeBuffer());
    expect(scanWorksheets(far)).toMatchObject({ rows: 1, columns: 16_384 });
    expect(await readFirstSheet(far, LIMITS)).toEqual({ refused: 'tooManyColumns' });
    sheet.getCell('A1048576').value = 'far down';
    expect(await readFirstSheet(Buffer.from(await book.xlsx.writeBuffer()), { rows: 100, columns: 20_000 })).toEqual({ refused: 'tooManyRows' });
  });

  it('refuses a formula with its place, in any worksheet, for the vault too', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('People').addRows([['name', 'group'], ['Ana', 'host']]);
    book.addWorksheet('Sums').getCell('C4').value = { formula: 'A1+1', result: 2 };
    const withFormula = Buffer.from(await book.xlsx.writeBuffer());
    expect(await readFirstSheet(withFormula, LIMITS)).toEqual({ refused: 'formula', at: { row: 4, column: 3 } });
    await expect(readXlsx(withFormula)).rejects.toThrow(/Row 4, column 3 holds a formula/);
  });

  it('refuses a workbook whose parts claim to unpack past the limit, for the vault too', async () => {
    const bomb = claimingHuge(await workbook());
    expect(unzippedSize(bomb)).toBeGreaterThan(200 * 1024 * 1024);
    expect(await readFirstSheet(bomb, LIMITS)).toEqual({ refused: 'unpacksTooLarge' });
    await expect(readXlsx(bomb)).rejects.toThrow(/too large to import/);
  });

  it('calls anything else unreadable', async () => {
    expect(await readFirstSheet(Buffer.from('name,group\nAna,host\n'), LIMITS)).toEqual({ refused: 'unreadable' });
    const truncated = Buffer.from(await workbook());
    expect(await readFirstSheet(truncated.subarray(0, truncated.length - 40), LIMITS)).toEqual({ refused: 'unreadable' });
  });
});

/** The workbook with its first sheet's XML rewritten, as a generator other than Excel might write it. */
function rewrittenSheet(content: Buffer, rewrite: (xml: string) => string): Buffer {
  const parts = unzipSync(content);
  const name = Object.keys(parts).find((part) => /worksheets\/sheet1\.xml$/.test(part))!;
  parts[name] = strToU8(rewrite(strFromU8(parts[name]!)));
  return Buffer.from(zipSync(parts));
}

describe('damaged workbooks', () => {
  it('counts a position past the last row Excel allows, which a generator may still write', async () => {
    const far = rewrittenSheet(await workbook(), (xml) => xml.replace(/r="(A|B)2"/g, 'r="$1123456789"').replace('<row r="2"', '<row r="123456789"'));
    expect(scanWorksheets(far)?.rows).toBe(123_456_789);
    expect(await readFirstSheet(far, LIMITS)).toEqual({ refused: 'tooManyRows' });
  });

  it('reads a workbook with bytes after its end (which stalled the reader) as the workbook alone', async () => {
    const appended = Buffer.concat([await workbook(), Buffer.from('\n"12345678,1,2\n')]);
    expect(await readFirstSheet(appended, LIMITS)).toEqual({ rows: [['name', 'group'], ['Ana', 'host']] });
  });
});
