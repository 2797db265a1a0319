import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { seededRandom } from '../demo/random';
import { createEntryTestStudy, type EntryTestStudy } from '../entry/testStudy';
import { isMixwiseError } from '../errors';
import { newParticipantId } from '../ids/damm';
import { addParticipant } from '../roster/participants';
import { commitImport } from './commit';
import { readImportTable } from './table';

/**
 * Bad input: 1 000+ generated files, each a valid export with zero to three kinds of damage
 * (truncated zip, wrong types, huge cells, formulas, odd encodings, duplicate headers, …). Each must
 * either import fully or be refused with a MixwiseError, and after a refusal the study's answer
 * tables are exactly as before. Seeded, so a failure names a file that can be generated again.
 */

const FILES = 1_000;
const SEED = 20261123;
const TABLES = ['answer', 'response', 'entry_batch', 'entry_row', 'entry_log', 'import_run', 'import_held'];

let study: EntryTestStudy;
let items: { code: string; min: number; max: number }[];

beforeAll(() => {
  study = createEntryTestStudy(20);
  items = study.db
    .prepare(
      `SELECT i.code, i.min_value AS min, i.max_value AS max FROM version_item vi JOIN item i ON i.code = vi.item_code
           JOIN questionnaire_version v ON v.id = vi.version_id WHERE v.code = 'newcomer_en' ORDER BY vi.position LIMIT 6`,
    )
    .all() as { code: string; min: number; max: number }[];
});
afterAll(() => study.close());

function snapshot(db: Db): Record<string, { rows: number; sha: string }> {
  return Object.fromEntries(
    TABLES.map((table) => {
      const rows = db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all();
      return [table, { rows: rows.length, sha: createHash('sha256').update(JSON.stringify(rows)).digest('hex') }];
    }),
  );
}

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

type Grid = string[][];
type Damage = (file: FuzzFile) => void;
interface FuzzFile {
  name: string;
  grid: Grid;
  /** Set once the grid has been turned into bytes (later damage then works on bytes). */
  bytes: Buffer | null;
  xlsx: boolean;
  formulaAt: [number, number] | null;
  damage: string[];
}

function generator(seed: number) {
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const cellAt = (file: FuzzFile): [number, number] => [1 + int(Math.max(1, file.grid.length - 1)), int(file.grid[0]!.length)];

  const junk = [
    'abc',
    '3.5',
    '-1',
    '99999999999999999999',
    'NaN',
    ' ',
    '٣',
    '1e3',
    'null',
    '"',
    '\u0000',
    '😀',
    'TRUE',
    '0x4',
    '+4',
    '4 ',
    'agree',
  ];
  const damages: Record<string, Damage> = {
    wrongValue: (file) => {
      const [r, c] = cellAt(file);
      file.grid[r]![c] = pick(junk);
    },
    hugeCell: (file) => {
      const [r, c] = cellAt(file);
      file.grid[r]![c] = pick(['x', '9', 'é', ' ']).repeat(pick([501, 2001, 5000, 100_000]));
    },
    formula: (file) => {
      const [r, c] = cellAt(file);
      file.grid[r]![c] = pick(['=1+1', '=HYPERLINK("http://x")', '=cmd|" /C calc"!A0', '@SUM(1)']);
      file.formulaAt = [r, c];
    },
    duplicateHeader: (file) => {
      const header = file.grid[0]!;
      header[int(header.length)] = header[int(header.length)]!;
    },
    renameHeader: (file) => {
      const header = file.grid[0]!;
      header[int(header.length)] = pick(['', 'ID', 'Q', 'participant_id ', 'q_att1', '\t']);
    },
    dropColumn: (file) => {
      const column = int(file.grid[0]!.length);
      for (const row of file.grid) row.splice(column, 1);
    },
    badId: (file) => {
      const [r] = cellAt(file);
      file.grid[r]![0] = pick(['', '1234', '00000000', '12345678', 'ABCDEFGH', file.grid[1]![0]!, '9'.repeat(30)]);
    },
    raggedRows: (file) => {
      const [r] = cellAt(file);
      file.grid[r] = file.grid[r]!.slice(0, int(file.grid[r]!.length)).concat(int(2) ? ['extra', 'cells'] : []);
    },
    blankLines: (file) => {
      file.grid.splice(1 + int(file.grid.length - 1), 0, [], [''], ['', '', '']);
    },
    manyColumns: (file) => {
      file.grid[0] = file.grid[0]!.concat(Array.from({ length: 1_001 }, (_, index) => `extra${index}`));
    },
    headerOnly: (file) => {
      file.grid = [file.grid[0]!];
    },
    empty: (file) => {
      file.grid = [];
    },
    truncate: (file) => {
      const bytes = file.bytes!;
      file.bytes = bytes.subarray(0, int(bytes.length));
    },
    flipBytes: (file) => {
      const bytes = Buffer.from(file.bytes!);
      for (let n = 0; n < 1 + int(8); n++) bytes[int(bytes.length)] = int(256);
      file.bytes = bytes;
    },
    wrongName: (file) => {
      file.name = pick(['export.xlsx', 'export.csv', 'export.tsv', 'export.txt', 'export.pdf', 'export', 'EXPORT.XLSX']);
    },
    randomBytes: (file) => {
      file.bytes = Buffer.from(Array.from({ length: int(4096) }, () => int(256)));
    },
    utf16: (file) => {
      const text = file.bytes!.toString('utf8');
      file.bytes = int(2) ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf16le');
    },
    latin1: (file) => {
      file.bytes = Buffer.from(file.bytes!.toString('utf8').replace(/,/, ',é'), 'latin1');
    },
    invalidUtf8: (file) => {
      file.bytes = Buffer.concat([file.bytes!, Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x0a])]);
    },
    bom: (file) => {
      file.bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file.bytes!]);
    },
    unbalancedQuote: (file) => {
      file.bytes = Buffer.concat([file.bytes!, Buffer.from('\n"12345678,1,2\n')]);
    },
    // The zip's own records made to disagree (workbook/zip.ts), as the files of issue 22 did:
    // "total entries" not "entries on this disk", and a directory entry's size not what inflating gives.
    zipCounts: (file) => {
      const bytes = Buffer.from(file.bytes!);
      const end = bytes.lastIndexOf(ZIP_END);
      if (end < 0 || end + 22 > bytes.length) return;
      const total = bytes.readUInt16LE(end + 10);
      bytes.writeUInt16LE(int(2) ? total + 1 + int(5) : int(total), end + 10);
      file.bytes = bytes;
    },
    zipSizes: (file) => {
      const bytes = Buffer.from(file.bytes!);
      const end = bytes.lastIndexOf(ZIP_END);
      if (end < 0 || end + 22 > bytes.length) return;
      let at = bytes.readUInt32LE(end + 16);
      for (let skip = int(bytes.readUInt16LE(end + 10)); skip > 0 && at + 46 <= end; skip--) {
        at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      }
      if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) return;
      const size = bytes.readUInt32LE(at + 24);
      // ZIP64's marker, or more or less than the entry inflates to (never the same size).
      bytes.writeUInt32LE(pick([0xffffffff, size + 1 + int(100), size > 0 ? Math.max(0, size - 1 - int(100)) : size + 1]), at + 24);
      file.bytes = bytes;
    },
  };
  const gridDamage = [
    'wrongValue',
    'hugeCell',
    'formula',
    'duplicateHeader',
    'renameHeader',
    'dropColumn',
    'badId',
    'raggedRows',
    'blankLines',
    'manyColumns',
    'headerOnly',
    'empty',
  ];
  const byteDamage = [
    'truncate',
    'flipBytes',
    'wrongName',
    'randomBytes',
    'utf16',
    'latin1',
    'invalidUtf8',
    'bom',
    'unbalancedQuote',
    'zipCounts',
    'zipSizes',
  ];
  return { random, int, pick, damages, gridDamage, byteDamage };
}

async function toBytes(file: FuzzFile): Promise<Buffer> {
  if (!file.xlsx) {
    return Buffer.from(
      file.grid.map((row) => row.map((cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n'),
    );
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Export');
  file.grid.forEach((row, r) => {
    const added = sheet.addRow(row.map((cell) => (/^-?\d{1,6}$/.test(cell) ? Number(cell) : cell)));
    if (file.formulaAt && file.formulaAt[0] === r) added.getCell(file.formulaAt[1] + 1).value = { formula: '1+1', result: 2 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing malformed files', () => {
  it(`imports each of ${FILES} generated files fully or refuses it with a message, leaving the study untouched`, async () => {
    const gen = generator(SEED);
    const mapping: ImportMapping = {
      versionCode: 'newcomer_en',
      idColumn: 'participant_id',
      skipRows: 0,
      columns: Object.fromEntries(items.map((item) => [`Q_${item.code}`, item.code])),
      recode: { [items[0]!.code]: { agree: 4, 'no answer': 'refused' } },
      match: { email: 'email' },
    };
    const taken = study.db.prepare('SELECT 1 FROM participant WHERE id = ?');
    const outcomes = { imported: 0, refused: 0 };
    const seenDamage = new Set<string>();
    const messages = new Map<string, number>();

    for (let n = 0; n < FILES; n++) {
      // Fresh roster IDs for every file, so a valid file can always import.
      const ids = Array.from({ length: 1 + gen.int(5) }, () =>
        addParticipant(study.db, {
          id: newParticipantId((id) => Boolean(taken.get(id)), gen.int),
          identityGroupCode: 'newcomer',
          siteCode: 'north',
        }),
      );
      const header = ['participant_id', 'email', ...items.map((item) => `Q_${item.code}`)];
      const grid: Grid = [
        header,
        ...ids.map((id, r) => [
          id,
          `p${n}.${r}@example.org`,
          ...items.map((item) =>
            gen.int(10) === 0 ? gen.pick(['', 'agree', 'S', '98']) : String(item.min + gen.int(item.max - item.min + 1)),
          ),
        ]),
      ];
      const file: FuzzFile = { name: 'export.csv', grid, bytes: null, xlsx: gen.int(4) === 0, formulaAt: null, damage: [] };
      if (file.xlsx) file.name = 'export.xlsx';
      const kinds = gen.int(4);
      for (let k = 0; k < kinds; k++) {
        // An emptied grid has no cell left to damage.
        if (file.grid.length < 2) break;
        const damage = gen.pick(gen.gridDamage);
        file.damage.push(damage);
        gen.damages[damage]!(file);
      }
      file.bytes = await toBytes(file);
      for (let k = 0; k < (kinds === 0 ? gen.int(2) : gen.int(3)); k++) {
        const damage = gen.pick(gen.byteDamage);
        file.damage.push(damage);
        gen.damages[damage]!(file);
      }
      for (const damage of file.damage) seenDamage.add(damage);

      const before = snapshot(study.db);
      const label = `file ${n} (${file.name}, ${file.damage.join('+') || 'intact'})`;
      try {
        const table = await readImportTable(file.name, file.bytes);
        // A zip whose records disagree is never read, whatever the rest of it holds.
        const zipLie = file.xlsx && file.damage.some((damage) => damage === 'zipCounts' || damage === 'zipSizes');
        expect(zipLie && file.name.toLowerCase().endsWith('.xlsx'), `${label} was read`).toBe(false);
        const result = commitImport(study.db, { fileName: file.name, content: file.bytes, table, waveCode: 'fu', mapping, actor: 'Fuzz' });
        outcomes.imported++;
        // Fully: every data row became a form or a held row, every non-blank mapped cell an answer.
        expect(result.imported + result.held, label).toBe(table.rows.length);
        const after = snapshot(study.db);
        expect(after.entry_row!.rows - before.entry_row!.rows, label).toBe(result.imported);
        // A row without an answer is a form of the batch but no questionnaire (migration 0100).
        const empty = study.db.prepare('SELECT count(*) FROM response r WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id)');
        expect(empty.pluck().get(), label).toBe(0);
        expect(after.import_held!.rows - before.import_held!.rows, label).toBe(result.held);
        const mapped = Object.keys(mapping.columns).map((header) => table.headers.indexOf(header));
        const cells = table.rows.reduce(
          (sum, row) => sum + mapped.filter((index) => index >= 0 && row.cells[index]!.trim() !== '').length,
          0,
        );
        const heldCells = (
          study.db.prepare('SELECT cells FROM import_held WHERE import_id = ?').pluck().all(result.importId) as string[]
        ).reduce((sum, json) => sum + Object.keys(JSON.parse(json) as object).length, 0);
        expect(after.answer!.rows - before.answer!.rows + heldCells, label).toBe(cells);
      } catch (error) {
        if (!isMixwiseError(error)) throw new Error(`${label} crashed: ${String(error)}`);
        outcomes.refused++;
        expect(error.message.trim().length, label).toBeGreaterThan(0);
        expect(snapshot(study.db), label).toEqual(before);
        const key = error.details.key ?? error.code;
        messages.set(key, (messages.get(key) ?? 0) + 1);
      }
    }

    expect(outcomes.imported + outcomes.refused).toBe(FILES);
    // The generator must exercise both outcomes and every kind of damage, or the test proves little.
    expect(outcomes.imported).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(300);
    expect([...seenDamage].sort()).toEqual([...generator(0).gridDamage, ...generator(0).byteDamage].sort());
    for (const key of [
      'imports.unreadable',
      'imports.rejected',
      'imports.duplicateHeader',
      'imports.cellTooLong',
      'imports.type',
      'imports.empty',
    ]) {
      expect(messages.get(key), key).toBeGreaterThan(0);
    }
  }, 600_000);
});
