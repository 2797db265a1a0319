import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes beside the target and renames, so a crash never leaves half a report under the chosen name. */
export function writeFileAtomically(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.part`;
  try {
    writeFileSync(temporary, bytes, { flush: true });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
