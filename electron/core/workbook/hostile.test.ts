import { crc32, deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hostileZip,
  relationshipsPart,
  SHEET_CLOSE,
  SHEET_OPEN,
  workbookEntries,
  worksheetRelationships,
  type HostileEntry,
} from './hostileZip';
import { readFirstSheetOffThread, type ParseBudget } from './offThread';

/**
 * Files built to exhaust memory or time, each of a shape reproduced against the reader before it
 * was made strict and linear (issue 22): each is read on the parse thread under a budget of 3 s and
 * a 96 MB heap, and must be refused by the reader itself or read, never stopped for running past the
 * budget. Before, the count mismatches unpacked past the 200 MB cap, 40 000 relationships took 30 s
 * and a run of unclosed `<c ` 23 s.
 */

const LIMITS = { rows: 20_001, columns: 1_000 };
const BUDGET: ParseBudget = { timeMs: 3_000, memoryMb: 96 };
const ROWS = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>12345678</v></c></row>';
const READ = { rows: [['id'], ['12345678']] };

/** A worksheet part of `bytes` spaces after its closing tag, deflated once (its size, CRC and bytes). */
function paddedSheet(name: string, spaces: number): HostileEntry {
  const xml = Buffer.from(`${SHEET_OPEN}${SHEET_CLOSE}`);
  const padded = Buffer.concat([xml, Buffer.alloc(spaces, 32)]);
  return { name, deflated: deflateRawSync(padded, { level: 9 }), size: padded.length, crc: crc32(padded) };
}

let bomb: HostileEntry;
beforeAll(async () => {
  // 128 MB unpacked, 130 KB packed: more than the budget's heap holds as text.
  bomb = paddedSheet('xl/worksheets/sheet2.xml', 128 * 1024 * 1024);
  // The thread is started once, outside the budgets (its start under tsx takes a few hundred ms).
  expect(await readFirstSheetOffThread(hostileZip(workbookEntries(ROWS)), LIMITS, { ...BUDGET, timeMs: 30_000 })).toEqual(READ);
}, 60_000);

const zip64Extra = () => {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  return extra;
};

const sheetWith = (sheetData: string) => workbookEntries(sheetData);
interface Case {
  name: string;
  file: () => Buffer;
  expected: unknown;
}

const cases: Case[] = [
  {
    // The reproduced bypass: the size check counted "total entries" (0), the unzipper "entries on this disk".
    name: 'entry counts that disagree in the end record, around a 128 MB part',
    file: () => hostileZip(workbookEntries(ROWS, [bomb]), { total: 0 }),
    expected: { refused: 'unreadable' },
  },
  {
    name: 'a ZIP64 end record counting the entries the ordinary one leaves out',
    file: () => hostileZip(workbookEntries(ROWS, [bomb]), { total: 0, onDisk: 0, zip64Records: true }),
    expected: { refused: 'unreadable' },
  },
  {
    name: 'a ZIP64 extra field on an entry',
    file: () => hostileZip(workbookEntries(ROWS).map((entry, index) => (index === 3 ? { ...entry, extra: zip64Extra() } : entry))),
    expected: { refused: 'unreadable' },
  },
  {
    // The declared bytes are a whole worksheet; 64 MB more follow them in the deflated data.
    name: 'an entry declared smaller than it inflates',
    file: () => {
      const sheet = paddedSheet('xl/worksheets/sheet1.xml', 64 * 1024 * 1024);
      const declared = Buffer.from(`${SHEET_OPEN}${SHEET_CLOSE}`);
      return hostileZip([...workbookEntries(ROWS).slice(0, 3), { ...sheet, size: declared.length, crc: crc32(declared) }]);
    },
    expected: { refused: 'unreadable' },
  },
  {
    name: 'an entry declared larger than it inflates (150 MB for a few bytes)',
    file: () => hostileZip(workbookEntries(ROWS).map((entry, index) => (index === 3 ? { ...entry, size: 150 * 1024 * 1024 } : entry))),
    expected: { refused: 'unreadable' },
  },
  {
    name: 'a directory entry whose size differs from its local header',
    file: () =>
      hostileZip(workbookEntries(ROWS).map((entry, index) => (index === 3 ? { ...entry, centralSize: entry.data!.length + 1 } : entry))),
    expected: { refused: 'unreadable' },
  },
  {
    name: '6 000 entries',
    file: () => {
      const part = Buffer.from('<x/>');
      const tiny = { deflated: deflateRawSync(part), size: part.length, crc: crc32(part) };
      return hostileZip(
        workbookEntries(
          ROWS,
          Array.from({ length: 6_000 }, (_, index) => ({ name: `xl/media/p${index}.xml`, ...tiny })),
        ),
      );
    },
    expected: { refused: 'unreadable' },
  },
  {
    name: '40 000 relationships in the workbook',
    file: () => hostileZip(workbookEntries(ROWS, [], relationshipsPart(worksheetRelationships(40_000)))),
    expected: READ,
  },
  {
    name: '`<c ` 60 000 times, unclosed, in a second sheet',
    file: () =>
      hostileZip(workbookEntries(ROWS, [{ name: 'xl/worksheets/sheet2.xml', data: Buffer.from(`${SHEET_OPEN}${'<c '.repeat(60_000)}`) }])),
    expected: { refused: 'unreadable' },
  },
  {
    name: '`<c ` 60 000 times in one tag of a second sheet',
    file: () =>
      hostileZip(
        workbookEntries(ROWS, [
          { name: 'xl/worksheets/sheet2.xml', data: Buffer.from(`${SHEET_OPEN}${'<c '.repeat(60_000)}/>${SHEET_CLOSE}`) },
        ]),
      ),
    expected: READ,
  },
  {
    name: '`<c ` 60 000 times in the first sheet',
    file: () => hostileZip(sheetWith(`${ROWS}<row r="3">${'<c '.repeat(60_000)}/></row>`)),
    expected: READ,
  },
  {
    // A number format code of 200 000 unclosed '[' (Excel keeps them to 255 characters).
    name: 'a huge attribute: a number format code',
    file: () =>
      hostileZip(
        workbookEntries(ROWS, [
          {
            name: 'xl/styles.xml',
            data: Buffer.from(
              `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="${'['.repeat(200_000)}"/></numFmts>` +
                '<cellXfs><xf numFmtId="164"/></cellXfs></styleSheet>',
            ),
          },
        ]),
      ),
    expected: READ,
  },
  {
    name: 'a huge attribute: a cell position of 5 million letters',
    file: () => hostileZip(sheetWith(`${ROWS}<row r="3"><c r="${'A'.repeat(5_000_000)}3"><v>1</v></c></row>`)),
    expected: { refused: 'tooManyColumns' },
  },
  {
    name: 'deep nesting: 200 000 elements inside an inline string',
    file: () =>
      hostileZip(
        sheetWith(`${ROWS}<row r="3"><c r="A3" t="inlineStr"><is>${'<r>'.repeat(200_000)}<t>x</t>${'</r>'.repeat(200_000)}</is></c></row>`),
      ),
    expected: { rows: [['id'], ['12345678'], ['x']] },
  },
];

describe('hostile workbooks on the parse thread', () => {
  it.each(cases)('$name: refused or read within 3 s and a 96 MB heap', async ({ file, expected }) => {
    const content = file();
    // The thread gets the whole budget; the bytes are made outside it.
    expect(await readFirstSheetOffThread(content, LIMITS, BUDGET)).toEqual(expected);
  });

  it('refuses one long shared string in every cell rather than multiplying it into the main process', async () => {
    const shared = `<sst><si><t>${'x'.repeat(100_000)}</t></si></sst>`;
    const rows = Array.from({ length: 2_000 }, (_, row) => `<row r="${row + 1}">${'<c t="s"><v>0</v></c>'.repeat(400)}</row>`).join('');
    const content = hostileZip(workbookEntries(rows, [{ name: 'xl/sharedStrings.xml', data: Buffer.from(shared) }]));
    expect(await readFirstSheetOffThread(content, LIMITS, { ...BUDGET, timeMs: 10_000 })).toEqual({ refused: 'tooLarge' });
  });
});
