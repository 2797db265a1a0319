import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMixwiseError } from './errors';
import { writeNewFile, writeNewFiles, type NewFile } from './files';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-files-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const text = (path: string, content: string): NewFile => ({ path, write: (target) => writeFileSync(target, content) });

async function refusal(work: () => unknown): Promise<{ code: string; key?: string; message: string }> {
  try {
    await work();
  } catch (error) {
    if (!isMixwiseError(error)) throw error;
    return { code: error.code, key: error.details.key, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('writing new files', () => {
  it('writes a new file and leaves no temp file beside it', () => {
    writeNewFile(join(folder, 'report.pdf'), Buffer.from('%PDF-1.7 new'));
    expect(readFileSync(join(folder, 'report.pdf'), 'utf8')).toBe('%PDF-1.7 new');
    expect(readdirSync(folder)).toEqual(['report.pdf']);
  });

  it('refuses an existing file and leaves it byte for byte as it was', async () => {
    const path = join(folder, 'status.xlsx');
    writeFileSync(path, 'the week before');
    expect(await refusal(() => writeNewFile(path, Buffer.from('this week')))).toMatchObject({
      code: 'ALREADY_EXISTS',
      key: 'outputExists',
    });
    expect(readFileSync(path, 'utf8')).toBe('the week before');
    expect(readdirSync(folder)).toEqual(['status.xlsx']);
  });

  it('checks every path of a set before writing any of them', async () => {
    writeFileSync(join(folder, 'data.R'), 'my own script');
    let written = 0;
    const counting = (name: string): NewFile => ({
      path: join(folder, name),
      write: (target) => void (written++, writeFileSync(target, name)),
    });
    const error = await refusal(() => writeNewFiles([counting('data.xlsx'), counting('data.csv'), counting('data.R')]));
    expect(error.code).toBe('ALREADY_EXISTS');
    expect(error.message).toContain('data.R');
    expect(written).toBe(0);
    expect(readdirSync(folder)).toEqual(['data.R']);
    expect(readFileSync(join(folder, 'data.R'), 'utf8')).toBe('my own script');
  });

  it('never replaces a file that appears after the check, and takes back the files of the set it had placed', async () => {
    // Another program creates data.sps while the export is being written (the check has passed by then).
    const files = [
      text(join(folder, 'data.csv'), 'id,att1\n1,3\n'),
      {
        path: join(folder, 'data.sps'),
        write: (target: string) => {
          writeFileSync(join(folder, 'data.sps'), 'written meanwhile by someone else');
          writeFileSync(target, 'GET DATA.');
        },
      },
    ];
    expect((await refusal(() => writeNewFiles(files))).code).toBe('ALREADY_EXISTS');
    expect(readFileSync(join(folder, 'data.sps'), 'utf8')).toBe('written meanwhile by someone else');
    expect(readdirSync(folder)).toEqual(['data.sps']);
  });

  it('leaves nothing when a writer fails half-way', async () => {
    const failing: NewFile = {
      path: join(folder, 'data.do'),
      write: (target) => {
        writeFileSync(target, 'half');
        throw new Error('disk full');
      },
    };
    await expect(writeNewFiles([text(join(folder, 'data.csv'), 'id\n'), failing])).rejects.toThrow('disk full');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses the same path twice in one set', async () => {
    const path = join(folder, 'data.csv');
    expect((await refusal(() => writeNewFiles([text(path, 'a'), text(path, 'b')]))).code).toBe('ALREADY_EXISTS');
    expect(existsSync(path)).toBe(false);
  });
});
