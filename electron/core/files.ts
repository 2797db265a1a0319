import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes beside the target, flushes, then renames over it: a crash never leaves half a file under
 * the name the person chose, and an existing file is replaced whole or not at all.
 */
export function writeFileAtomically(path: string, bytes: Buffer | Uint8Array): void {
  const temporary = `${path}.${process.pid}.part`;
  try {
    writeFileSync(temporary, bytes, { flush: true });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
