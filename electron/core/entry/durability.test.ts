import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { openStudyFile } from '../study/file';
import type { EntryAck } from './durability-child';
import { sameCell, type CellValue } from '../../shared/entry/rules';
import { toCell } from './store';

const TRIALS = 24;
const MIN_KILL_DELAY_MS = 20;
const MAX_KILL_DELAY_MS = 500;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./durability-child.ts', import.meta.url));

/**
 * Runs the keying child until its first acknowledged write, lets it key on for a random delay, then
 * kills it with SIGKILL: no exit handler, no close, no checkpoint, exactly like a crash or a pulled plug.
 */
function runAndKill(studyPath: string, passphrase: string): Promise<{ acks: EntryAck[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, studyPath], {
      cwd: REPO_ROOT,
      env: { ...process.env, MIXWISE_DURABILITY_PASSPHRASE: passphrase },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: EntryAck[] = [];
    let pending = '';
    let stderr = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        acks.push(JSON.parse(line.slice(4)) as EntryAck);
        if (!armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), randomInt(MIN_KILL_DELAY_MS, MAX_KILL_DELAY_MS + 1));
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // A partial last line was cut by the kill: that write is not acknowledged and not counted.
      if (!armed) reject(new Error(`keying child stopped before its first write (exit ${code ?? signal}): ${stderr}`));
      else resolve({ acks, signal });
    });
  });
}

function storedCell(db: Db, rowId: number, itemCode: string): CellValue | null {
  const row = db
    .prepare(
      `SELECT a.value, a.missing, a.text_value AS text FROM entry_row r JOIN answer a ON a.response_id = r.response_id
        WHERE r.id = ? AND a.item_code = ?`,
    )
    .get(rowId, itemCode) as { value: number | null; missing: null; text: null } | undefined;
  return row ? toCell(row) : null;
}

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-entry-durability-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('data entry under a crash', () => {
  it(`finds every acknowledged cell after ${TRIALS} SIGKILLs of the keying process`, { timeout: 180_000 }, async () => {
    const passphrase = `entry-durability-${randomBytes(12).toString('hex')}`;
    const studyPath = join(folder, 'entry-durability.mixwise');
    const acknowledged: EntryAck[] = [];
    const started = Date.now();
    for (let trial = 0; trial < TRIALS; trial++) {
      const result = await runAndKill(studyPath, passphrase);
      expect(result.signal, `trial ${trial} must end by the kill`).toBe('SIGKILL');
      acknowledged.push(...result.acks);
    }

    const db = openStudyFile(studyPath, passphrase);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const lost: string[] = [];
      let cells = 0;
      for (const ack of acknowledged) {
        if (ack.kind === 'row') {
          const row = db.prepare('SELECT participant_id FROM entry_row WHERE id = ?').pluck().get(ack.rowId);
          if (row !== ack.participantId) lost.push(`row ${ack.rowId}`);
          continue;
        }
        cells++;
        const stored = storedCell(db, ack.rowId, ack.itemCode);
        if (!sameCell(stored, ack.value)) lost.push(`${ack.participantId}/${ack.itemCode}: ${JSON.stringify(ack.value)} -> ${JSON.stringify(stored)}`);
      }
      expect(lost, 'acknowledged cells lost or changed after a crash').toEqual([]);
      // Nothing appears from nowhere: each crash can leave at most one committed but unacknowledged row.
      const rows = db.prepare('SELECT count(*) FROM entry_row').pluck().get() as number;
      const ackedRows = acknowledged.filter((ack) => ack.kind === 'row').length;
      expect(rows).toBeGreaterThanOrEqual(ackedRows);
      expect(rows).toBeLessThanOrEqual(ackedRows + TRIALS);
      expect(cells).toBeGreaterThan(TRIALS);
      console.info(`entry durability: ${TRIALS} crashes, ${cells} acknowledged cells and ${ackedRows} forms all present, ${Date.now() - started} ms`);
    } finally {
      db.close();
    }
  });
});
