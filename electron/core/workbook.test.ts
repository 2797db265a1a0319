import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from './vault/spreadsheet';
import { loadFirstSheet, unzippedSize } from './workbook';

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
  return copy;
}

describe('the shared xlsx reader', () => {
  it('reads the first sheet of a real workbook', async () => {
    const loaded = await loadFirstSheet(await workbook());
    expect(loaded.refused).toBeUndefined();
    expect(loaded.refused ? null : loaded.sheet.getCell('A2').value).toBe('Ana');
  });

  it('refuses a workbook whose parts claim to unpack past the limit, for the vault too', async () => {
    const bomb = claimingHuge(await workbook());
    expect(unzippedSize(bomb)).toBeGreaterThan(200 * 1024 * 1024);
    expect(await loadFirstSheet(bomb)).toEqual({ refused: 'unpacksTooLarge' });
    await expect(readXlsx(bomb)).rejects.toThrow(/too large to import/);
  });

  it('calls anything else unreadable', async () => {
    expect(await loadFirstSheet(Buffer.from('name,group\nAna,host\n'))).toEqual({ refused: 'unreadable' });
  });
});
