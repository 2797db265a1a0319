import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { createSecondPass, listBatches } from '../entry/batches';
import { commitCells } from '../entry/cells';
import { createEntryTestStudy, type EntryTestStudy } from '../entry/testStudy';
import { MixwiseError } from '../errors';
import { dammCheckDigit as checkDigit } from '../ids/damm';
import { openStudyFile } from '../study/file';
import { loadTracking } from '../tracking/load';
import { commitImport, listImports, previewImport } from './commit';
import { listMappings, saveMapping } from './mapping';
import { readImportTable } from './table';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy(40);
});
afterEach(() => study.close());

const VERSION = 'newcomer_en';
const WAVE = 'fu';

function itemsOf(db: Db): { code: string; min: number; max: number }[] {
  return db
    .prepare(
      `SELECT i.code, i.min_value AS min, i.max_value AS max FROM version_item vi JOIN item i ON i.code = vi.item_code
         JOIN questionnaire_version v ON v.id = vi.version_id WHERE v.code = ? ORDER BY vi.position`,
    )
    .all(VERSION) as { code: string; min: number; max: number }[];
}

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n'), 'utf8');
}

function mappingFor(items: { code: string }[], extra: Partial<ImportMapping> = {}): ImportMapping {
  return {
    versionCode: VERSION,
    idColumn: 'participant_id',
    skipRows: 0,
    columns: Object.fromEntries(items.map((item) => [`Q_${item.code}`, item.code])),
    recode: {},
    match: {},
    ...extra,
  };
}

function counts(db: Db) {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { answer: count('answer'), response: count('response'), entry_row: count('entry_row'), entry_batch: count('entry_batch'), import_run: count('import_run') };
}

async function importFile(name: string, content: Buffer, mapping: ImportMapping, waveCode = WAVE) {
  const table = await readImportTable(name, content);
  return commitImport(study.db, { fileName: name, content, table, waveCode, mapping, actor: 'Evaluator' });
}

describe('importing an online wave', () => {
  it('lands every value as if keyed, counted by tracking, in a real encrypted study file', async () => {
    const items = itemsOf(study.db);
    const ids = study.fresh.slice(0, 4);
    const first = items[0]!;
    const header = ['participant_id', 'email', ...items.map((item) => `Q_${item.code}`)];
    const rows = ids.map((id, r) => [id, `person${r}@example.org`, ...items.map((item, c) => String(item.min + ((r + c) % (item.max - item.min + 1))))]);
    // Labels recoded to codes, a missing code and a "don't know" letter, as exports carry them.
    rows[0]![2] = 'Strongly agree';
    rows[1]![3] = '98';
    rows[2]![4] = 'D';
    rows[3]![2] = ' No answer ';
    const mapping = mappingFor(items, { recode: { [first.code]: { 'strongly agree': first.max, 'No Answer': 'refused' } }, match: { email: 'email' } });
    const result = await importFile('kobo.csv', csv([header, ...rows]), mapping);
    expect(result).toMatchObject({ imported: 4, held: 0 });
    // The answers went in with the table's CHECK constraints off (write.ts): the connection checks again.
    expect(study.db.pragma('ignore_check_constraints', { simple: true })).toBe(0);
    const badAnswer = "INSERT INTO answer (response_id, item_code, missing) VALUES ((SELECT max(id) FROM response), 'zz_check', 'lost')";
    expect(() => study.db.prepare(badAnswer).run()).toThrow(/CHECK constraint failed/);

    study.db.close();
    const db = openStudyFile(study.path, study.passphrase);
    try {
      const stored = (id: string) =>
        Object.fromEntries(
          (
            db
              .prepare(
                `SELECT a.item_code AS code, a.value, a.missing FROM answer a JOIN response r ON r.id = a.response_id
                   JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = ? AND w.code = ?`,
              )
              .all(id, WAVE) as { code: string; value: number | null; missing: string | null }[]
          ).map((row) => [row.code, row.value ?? row.missing]),
        );
      expect(stored(ids[0]!)[first.code]).toBe(first.max);
      expect(stored(ids[1]!)[items[1]!.code]).toBe('refused');
      expect(stored(ids[2]!)[items[2]!.code]).toBe('dont_know');
      expect(stored(ids[3]!)[first.code]).toBe('refused');
      expect(stored(ids[3]!)[items[5]!.code]).toBe(items[5]!.min + ((3 + 5) % (items[5]!.max - items[5]!.min + 1)));
      expect(Object.keys(stored(ids[3]!))).toHaveLength(items.length);
      expect(db.prepare("SELECT count(*) FROM response WHERE source = 'online'").pluck().get()).toBe(4);
      const tracked = loadTracking(db).participants.filter((person) => ids.includes(person.id));
      expect(tracked.map((person) => person.usable.has(WAVE))).toEqual([true, true, true, true]);
      const batch = listBatches(db).find((entry) => entry.id === result.batchId)!;
      expect(batch).toMatchObject({ label: 'Import kobo.csv', forms: 4, waveCode: WAVE, versionCode: VERSION });
      expect(db.prepare('SELECT kind FROM entry_batch WHERE id = ?').pluck().get(result.batchId)).toBe('import');
      expect(listImports(db)).toMatchObject([{ importId: result.importId, imported: 4, held: 0, fileName: 'kobo.csv' }]);
      // The form's e-mail column is a match key only: it is in no table of the study.
      const everything = JSON.stringify(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((table) => db.prepare(`SELECT * FROM "${table}"`).all()),
      );
      expect(everything).not.toContain('example.org');
    } finally {
      db.close();
    }
  });

  it('keeps an audit trail per form: the ID line and the file it came from; a later correction logs the imported value as its before', async () => {
    const items = itemsOf(study.db);
    const ids = study.fresh.slice(0, 3);
    const header = ['participant_id', ...items.map((item) => `Q_${item.code}`)];
    const content = csv([header, ...ids.map((id) => [id, ...items.map((item) => String(item.min))])]);
    const result = await importFile('qualtrics.csv', content, mappingFor(items));
    const log = study.db.prepare('SELECT row_id AS rowId, item_code AS item, action, after, actor FROM entry_log WHERE batch_id = ? ORDER BY id').all(result.batchId);
    expect(log).toEqual(
      (study.db.prepare('SELECT id, participant_id FROM entry_row WHERE batch_id = ? ORDER BY position').raw().all(result.batchId) as [number, string][]).map(
        ([rowId, id]) => ({ rowId, item: null, action: 'id', after: JSON.stringify(id), actor: 'Evaluator' }),
      ),
    );
    expect(log.map((line) => (line as { after: string }).after)).toEqual(ids.map((id) => JSON.stringify(id)));
    expect(study.db.prepare('SELECT file_sha256 FROM import_run WHERE id = ?').pluck().get(result.importId)).toBe(createHash('sha256').update(content).digest('hex'));
    // A correction keyed afterwards starts the cell's logged history from the imported value.
    const rowId = (log[0] as { rowId: number }).rowId;
    const first = items[0]!;
    expect(commitCells(study.db, { batchId: result.batchId, action: 'key', writes: [{ rowId, itemCode: first.code, value: first.max }] })).toMatchObject({ applied: true });
    expect(study.db.prepare('SELECT before, after FROM entry_log WHERE row_id = ? AND item_code = ?').get(rowId, first.code)).toEqual({
      before: String(first.min),
      after: String(first.max),
    });
  });

  it('is never keyed a second time: there is no paper to misread', async () => {
    const items = itemsOf(study.db);
    const header = ['participant_id', ...items.map((item) => `Q_${item.code}`)];
    const result = await importFile('kobo.csv', csv([header, [study.fresh[0]!, ...items.map((item) => String(item.min))]]), mappingFor(items));
    expect(listBatches(study.db).find((batch) => batch.id === result.batchId)).toMatchObject({ kind: 'import', pass: 1, secondPassId: null });
    expect(() => createSecondPass(study.db, { parentBatchId: result.batchId, clerk: 'Ben', keyedOn: '2026-10-21' })).toThrow(/no paper forms to key a second time/);
    expect(study.db.prepare('SELECT count(*) FROM entry_batch WHERE parent_batch_id = ?').pluck().get(result.batchId)).toBe(0);
  });

  it('writes nothing when one cell is bad, and names its row and column', async () => {
    const items = itemsOf(study.db);
    const header = ['participant_id', ...items.map((item) => `Q_${item.code}`)];
    const rows = study.fresh.slice(0, 5).map((id) => [id, ...items.map((item) => String(item.min))]);
    rows[2]![3] = String(items[2]!.max + 1);
    const before = counts(study.db);
    const error = await importFile('bad.csv', csv([header, ...rows]), mappingFor(items)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MixwiseError);
    expect((error as MixwiseError).message).toContain(`Row 4, column "Q_${items[2]!.code}": ${items[2]!.code} must be between`);
    expect(counts(study.db)).toEqual(before);

    const table = await readImportTable('bad.csv', csv([header, ...rows]));
    const preview = previewImport(study.db, table, { waveCode: WAVE, versionCode: VERSION, mapping: mappingFor(items) });
    expect(preview.problems).toEqual([expect.objectContaining({ row: 4, column: `Q_${items[2]!.code}`, columnIndex: 4, target: items[2]!.code, reason: 'outOfRange' })]);
    expect(preview.ready).toBe(5);
    expect(preview.warnings).toEqual([]);
    expect(counts(study.db)).toEqual(before);
  });

  it('refuses an ID that already answered this wave, or appears twice in the file', async () => {
    const items = itemsOf(study.db);
    const answered = study.db
      .prepare("SELECT r.participant_id FROM response r JOIN wave w ON w.id = r.wave_id JOIN participant p ON p.id = r.participant_id WHERE w.code = ? AND p.identity_group_id = (SELECT identity_group_id FROM questionnaire_version WHERE code = ?) LIMIT 1")
      .pluck()
      .get(WAVE, VERSION) as string;
    const header = ['participant_id', `Q_${items[0]!.code}`];
    const rows = [[answered, '1'], [study.fresh[0]!, '2'], [study.fresh[0]!, '3']];
    const before = counts(study.db);
    const error = (await importFile('dup.csv', csv([header, ...rows]), mappingFor([items[0]!])).catch((caught: unknown) => caught)) as MixwiseError;
    expect(error.message).toContain('Row 2, column "participant_id": the ID already has a questionnaire at this wave.');
    expect(error.message).toContain('Row 4, column "participant_id": the ID appears again in row 3.');
    expect(counts(study.db)).toEqual(before);
  });

  it('holds rows without a valid ID out of the data until they are matched', async () => {
    const items = itemsOf(study.db);
    const good = study.fresh[0]!;
    const body = study.fresh[1]!.slice(0, 7);
    const wrong = body + String((checkDigit(body) + 1) % 10);
    const header = ['participant_id', `Q_${items[0]!.code}`];
    // A long-time resident answering the newcomers' form: imported, as keying would, with a warning.
    const content = csv([header, [good, '3'], [wrong, '4'], ['', '5'], [study.freshResident, '2'], ['jo@example.org', '1']]);
    const preview = previewImport(study.db, await readImportTable('held.csv', content), { waveCode: WAVE, versionCode: VERSION, mapping: mappingFor([items[0]!]) });
    expect(preview).toMatchObject({ ready: 2, held: 3, problemCount: 0 });
    // Whatever a respondent typed into the ID field that is not an ID is neither shown nor stored.
    expect(preview.sample.at(-1)).toMatchObject({ row: 6, id: '…' });
    expect(preview.warnings).toEqual([expect.objectContaining({ row: 5, target: 'id', reason: 'groupMismatch', message: 'Row 5, column "participant_id": the ID belongs to Long-time residents, not to Newcomers as this version does.' })]);
    const result = await importFile('held.csv', content, mappingFor([items[0]!]));
    expect(result).toMatchObject({ imported: 2, held: 3 });
    expect(study.db.prepare('SELECT row_number, typed_id, cells, participant_id FROM import_held ORDER BY row_number').all()).toEqual([
      { row_number: 3, typed_id: wrong, cells: JSON.stringify({ [items[0]!.code]: '4' }), participant_id: null },
      { row_number: 4, typed_id: '', cells: JSON.stringify({ [items[0]!.code]: '5' }), participant_id: null },
      { row_number: 6, typed_id: '…', cells: JSON.stringify({ [items[0]!.code]: '1' }), participant_id: null },
    ]);
    expect(study.db.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(study.fresh[1])).toBe(0);
  });

  it('reads an Excel export, suggests the mapping and the label recoding, and saves the mapping for reuse', async () => {
    const items = itemsOf(study.db);
    const anchors = JSON.parse(
      study.db.prepare('SELECT vi.anchors FROM version_item vi JOIN questionnaire_version v ON v.id = vi.version_id WHERE v.code = ? AND vi.item_code = ?').pluck().get(VERSION, items[0]!.code) as string,
    ) as string[];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Export');
    sheet.addRow(['ID', `group_core/${items[0]!.code}`, items[1]!.code, 'E-mail']);
    sheet.addRow([study.fresh[0], anchors.at(-1), 2, 'a@example.org']);
    sheet.addRow([study.fresh[1], anchors[0], 3, 'b@example.org']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = await readImportTable('qualtrics.xlsx', content);
    const preview = previewImport(study.db, table, { waveCode: WAVE, versionCode: VERSION, mapping: null });
    expect(preview.mapping).toMatchObject({
      idColumn: 'ID',
      columns: { [`group_core/${items[0]!.code}`]: items[0]!.code, [items[1]!.code]: items[1]!.code },
      match: { email: 'E-mail' },
    });
    expect(preview.mapping.recode[items[0]!.code]).toEqual({ [anchors.at(-1)!]: items[0]!.max, [anchors[0]!]: items[0]!.min });
    expect(preview).toMatchObject({ ready: 2, held: 0, problemCount: 0, sampleItems: [items[0]!.code, items[1]!.code] });
    expect(preview.sample[0]).toEqual({ row: 2, id: study.fresh[0], cells: [String(items[0]!.max), '2'] });
    expect(JSON.stringify(preview.sample)).not.toContain('example.org');

    saveMapping(study.db, 'Qualtrics follow-up', preview.mapping);
    const [saved] = listMappings(study.db);
    expect(saved).toMatchObject({ name: 'Qualtrics follow-up', mapping: preview.mapping });
    const result = commitImport(study.db, { fileName: 'qualtrics.xlsx', content, table, waveCode: WAVE, mapping: saved!.mapping, actor: 'Evaluator' });
    expect(result).toMatchObject({ imported: 2, held: 0 });
  });

  it('applies the skip logic as keying does, and skips the rows Qualtrics puts under the header', async () => {
    // nat1 = 1 (born here) skips nat2-nat4: answering nat2 anyway is refused, as in the grid. Both are asked before the programme.
    const mapping: ImportMapping = { versionCode: 'background_en', idColumn: 'id', skipRows: 2, columns: { nat1: 'nat1', nat2: 'nat2' }, recode: {}, match: {} };
    const rows = [['id', 'nat1', 'nat2'], ['Participant ID', 'Born here?', 'Country'], ['{"ImportId":"QID0"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}']];
    const content = csv([...rows, [study.fresh[0]!, '1', 'France'], [study.fresh[1]!, '0', 'France']]);
    const before = counts(study.db);
    const error = (await importFile('qualtrics.csv', content, mapping, 'pre').catch((caught: unknown) => caught)) as MixwiseError;
    expect(error.message).toBe('Nothing was imported: 1 problem.\n  Row 4, column "nat2": nat2 is answered although the skip rule on nat1 says it was not asked.');
    expect(counts(study.db)).toEqual(before);
    const fixed = csv([...rows, [study.fresh[0]!, '1', ''], [study.fresh[1]!, '0', 'France']]);
    expect(await importFile('qualtrics.csv', fixed, mapping, 'pre')).toMatchObject({ imported: 2, held: 0 });
  });

  it('refuses files it cannot take, with a message', async () => {
    const refusal = (name: string, content: Buffer) => readImportTable(name, content).then(() => null, (error: unknown) => (error as MixwiseError).message);
    expect(await refusal('a.csv', Buffer.from('id,id\n1,2\n'))).toMatch(/Columns 1 and 2 have the same header/);
    expect(await refusal('a.csv', Buffer.from(`id,q\n1,${'x'.repeat(2001)}\n`))).toMatch(/Row 2, column 2 holds more than 2000 characters/);
    expect(await refusal('a.xlsx', Buffer.from('PK\u0003\u0004 truncated'))).toMatch(/could not be read/);
    expect(await refusal('a.pdf', Buffer.from('%PDF'))).toMatch(/Import a .csv or .xlsx file/);
    expect(await refusal('a.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 65))).toMatch(/larger than 10 MB/);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRow(['id', { formula: '1+1', result: 2 }]);
    expect(await refusal('f.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()))).toMatch(/Row 1, column 2 holds a formula/);
    // A workbook whose directory claims gigabytes is refused before anything is unpacked.
    const bomb = Buffer.from(await workbook.xlsx.writeBuffer());
    const entry = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0xfffffff0, entry + 24);
    expect(await refusal('bomb.xlsx', bomb)).toMatch(/unpacks to more than 200 MB/);
    // UTF-16 with its BOM (Excel's "Unicode text") reads like UTF-8.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tq\n12\tGrüße\n', 'utf16le')]);
    expect((await readImportTable('u.txt', utf16)).rows[0]!.cells).toEqual(['12', 'Grüße']);
  });
});
