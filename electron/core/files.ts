import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MixwiseError } from './errors';

/**
 * Every file Mixwise writes for a person (reports, exports, printouts, batch files) goes through
 * here, because the README promises that files are never overwritten. Each file is written to a
 * temp file in the target's folder, flushed to disk, then linked into place: link() fails when
 * the name exists, so a file that appeared after any earlier check (another program, a second
 * window, a save dialog whose "replace?" was confirmed) is still never replaced. A crash leaves at
 * worst a stray `.part` file, never half a file under the chosen name.
 */

/** The refusal, the same everywhere: the CLI maps ALREADY_EXISTS to exit 4, the app shows errors.outputExists. */
export function outputExists(path: string): MixwiseError {
  return new MixwiseError('ALREADY_EXISTS', `${path} already exists; choose another name (nothing was overwritten).`, {
    field: 'path',
    key: 'outputExists',
    params: { name: basename(path) },
  });
}

/** Refuses before any work is done when one of the paths is taken (or two of them are the same). */
export function assertNewPaths(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path) || existsSync(path)) throw outputExists(path);
    seen.add(path);
  }
}

/** A file to be written: where it goes, and how to write its content to a given (temp) path. */
export interface NewFile {
  path: string;
  /** Writes the whole content to `target`, a new empty file this module created. */
  write(target: string): void | Promise<void>;
}

/** A new empty temp file beside `path`: created exclusively, so nothing already there (a planted link) is followed. */
function createTempBeside(path: string): string {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  closeSync(openSync(temp, 'wx'));
  return temp;
}

/** Flushes a file's content to the disk; throws if it cannot (a copy that may not be whole must not be used). */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or a new name in the folder durable; best effort where folders cannot be opened. */
export function fsyncFolder(folder: string): void {
  // Makes the new name durable. Windows cannot open a folder this way; NTFS journals it anyway.
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort where the platform does not allow it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Errors of file systems that have no hard links (FAT and exFAT on USB sticks, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EACCES']);

/**
 * Gives the finished temp file its final name without ever replacing a file: link() where the
 * file system has hard links; elsewhere the name is first claimed with an exclusive create (which
 * also fails when it exists) and the temp file renamed over that empty claim, which is ours. The
 * temp file is gone afterwards either way; ALREADY_EXISTS when the name was taken.
 */
export function placeNewFile(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      rmSync(temp, { force: true });
      throw outputExists(path);
    }
    if (!NO_HARD_LINKS.has(code)) throw error;
    try {
      closeSync(openSync(path, 'wx'));
    } catch (claimError) {
      rmSync(temp, { force: true });
      throw (claimError as NodeJS.ErrnoException).code === 'EEXIST' ? outputExists(path) : claimError;
    }
    renameSync(temp, path);
    return;
  }
  rmSync(temp, { force: true });
}

/**
 * Writes several files as one: every path is checked before anything is written, each file is
 * written and flushed beside its target, and only then are they placed. If any step fails (one
 * name taken meanwhile, a full disk, a writer's error) the files already placed by this call are
 * removed again and no temp file is left, so a set such as an export's data, CSV and syntax files
 * is there whole or not at all.
 */
export async function writeNewFiles(files: readonly NewFile[]): Promise<void> {
  assertNewPaths(files.map((file) => file.path));
  const temps: string[] = [];
  const placed: string[] = [];
  try {
    for (const file of files) {
      const temp = createTempBeside(file.path);
      temps.push(temp);
      await file.write(temp);
      fsyncFile(temp);
    }
    files.forEach((file, index) => {
      placeNewFile(temps[index]!, file.path);
      placed.push(file.path);
    });
  } catch (error) {
    for (const path of placed) rmSync(path, { force: true });
    throw error;
  } finally {
    for (const temp of temps) rmSync(temp, { force: true });
  }
  for (const folder of new Set(files.map((file) => dirname(file.path)))) fsyncFolder(folder);
}

/** Writes bytes to a file of its own, synchronously (callers that write inside a vault transaction). */
export function writeNewFile(path: string, bytes: Uint8Array): void {
  assertNewPaths([path]);
  const temp = createTempBeside(path);
  try {
    const fd = openSync(temp, 'r+');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    placeNewFile(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  fsyncFolder(dirname(path));
}
