import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { readImportTable } from '../imports/table';
import { readTable } from '../vault/spreadsheet';
import { readFirstSheet } from './firstSheet';
import { hostileZip, workbookEntries } from './hostileZip';
import { liveParseThreads, PARSE_BUDGET, parseCsvOffThread, readFirstSheetOffThread } from './offThread';

/**
 * The parse thread: the same rows as reading on this thread, and a thread past its time or memory
 * budget is ended while the main thread goes on, the caller getting a refusal it can word.
 */

const LIMITS = { rows: 100, columns: 50 };
const SMALL_CSV = Buffer.from('id,att1\n12345678,4\n');

describe('the parse thread', () => {
  it('gives the rows reading on this thread gives: sparse sheets, empty cells, ragged CSV', async () => {
    const sheet = hostileZip(
      workbookEntries(
        '<row r="2"><c r="C2" t="inlineStr"><is><t>é ü</t></is></c></row><row r="5"><c r="A5"><v>2.5</v></c><c r="E5" t="b"><v>1</v></c></row>',
      ),
    );
    const here = await readFirstSheet(sheet, LIMITS);
    expect(here).toEqual({
      rows: [
        ['', '', '', '', ''],
        ['', '', 'é ü', '', ''],
        ['', '', '', '', ''],
        ['', '', '', '', ''],
        ['2.5', '', '', '', 'true'],
      ],
    });
    expect(await readFirstSheetOffThread(sheet, LIMITS)).toEqual(here);
    const csv = 'a,b,c\n1,,\n"x, y"\n\n4,5,6,7\n';
    const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: false });
    expect(await parseCsvOffThread(csv, { skipEmptyLines: false })).toEqual({ rows: parsed.data });
    expect(await parseCsvOffThread('', { skipEmptyLines: 'greedy' })).toEqual({ rows: [] });
  });

  it('ends a read past its time budget with a clear error while the main thread keeps running', async () => {
    const { memoryMb } = PARSE_BUDGET;
    // The thread is started first, so that the budget below is the parse's alone.
    await readImportTable('small.csv', SMALL_CSV, { timeMs: 30_000, memoryMb });
    await vi.waitFor(() => expect(liveParseThreads()).toBe(1), { timeout: 5_000 });
    // 8 MB of CSV within every limit (20 000 rows of 200 answers): Papa needs far more than 50 ms for it on any machine.
    const header = ['id', ...Array.from({ length: 199 }, (_, index) => `att${index}`)].join(',');
    const big = Buffer.from(`${header}\n${`12345678${',1'.repeat(199)}\n`.repeat(20_000)}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const error = await readImportTable('big.csv', big, { timeMs: 50, memoryMb }).then(
      () => null,
      (caught: unknown) => caught,
    );
    clearInterval(timer);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { key: 'imports.readTooSlow' } });
    expect((error as Error).message).toMatch(/^Reading the file took longer than \d+ s and was stopped/);
    // The main thread's timers fired while the thread parsed (a parse on this thread would have held them).
    expect(ticks).toBeGreaterThanOrEqual(2);
    // The thread was ended, not left parsing; the next file gets a new one.
    await vi.waitFor(() => expect(liveParseThreads()).toBe(0), { timeout: 5_000 });
    expect((await readImportTable('small.csv', SMALL_CSV)).rows).toEqual([{ row: 2, cells: ['12345678', '4'] }]);
  });

  it('ends a read past its memory budget with a clear error, and the process goes on', async () => {
    // One cell of 80 MB of text, 80 KB zipped: more than a 32 MB heap can hold.
    const huge = hostileZip(
      workbookEntries(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(80 * 1024 * 1024)}</t></is></c></row>`),
    );
    await expect(readTable('people.xlsx', huge, { timeMs: 30_000, memoryMb: 32 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { key: 'importReadTooLarge' },
      message: expect.stringMatching(/^Reading the file needed more memory than allowed/),
    });
    expect((await readTable('people.csv', Buffer.from('name,group\nA,host\n'))).rows).toEqual([['A', 'host']]);
  });
});
