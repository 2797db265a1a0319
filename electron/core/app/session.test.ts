import { mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';

let folder: string;
let core: CoreApp;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-session-'));
  core = testCore(folder);
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('closing the study', () => {
  it('waits for a reader thread still deriving its key, which would otherwise open the file after it closed', async () => {
    // The first opening makes the demo; a reader thread starts beside it.
    expect((await dispatch(core.handlers, 'demo.open', {})).ok).toBe(true);
    // Opened again, the study has a new reader thread that is still deriving its key (about 250 ms,
    // or seconds on a busy machine) when it is closed at once. Before close waited for the thread,
    // it then opened the file, writing -wal and -shm beside it about half a second after the close
    // had returned: what made the CI's removal of a test folder fail (ENOTEMPTY).
    expect((await dispatch(core.handlers, 'demo.open', {})).ok).toBe(true);
    const studyFolder = join(folder, 'demo');
    await core.dispose();
    const written: string[] = [];
    const watcher = watch(studyFolder, (_event, name) => written.push(String(name)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    } finally {
      watcher.close();
    }
    expect(written).toEqual([]);
    expect(readdirSync(studyFolder)).toEqual(['demo.mixwise']);
  });
});
