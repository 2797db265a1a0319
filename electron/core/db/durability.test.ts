import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerValue } from '../responses/save';
import { openStudyFile } from '../study/file';
import type { DurabilityAck } from './durability-child';
import type { Db } from './open';

const TRIALS = 20;
const MIN_KILL_DELAY_MS = 50;
const MAX_KILL_DELAY_MS = 600;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./durability-child.ts', import.meta.url));

interface TrialResult {
  acks: DurabilityAck[];
  signal: NodeJS.Signals | null;
  killDelayMs: number;
}

/**
 * Runs the writer until its first acknowledged write, lets it go on for a random delay, then
 * kills it with SIGKILL: no exit handler, no close, no checkpoint, exactly like a crash.
 */
function runAndKill(studyPath: string, passphrase: string): Promise<TrialResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, studyPath], {
      cwd: REPO_ROOT,
      env: { ...process.env, MIXWISE_DURABILITY_PASSPHRASE: passphrase },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: DurabilityAck[] = [];
    let pending = '';
    let stderr = '';
    let killDelayMs = -1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        acks.push(JSON.parse(line.slice(4)) as DurabilityAck);
        if (killDelayMs < 0) {
          killDelayMs = randomInt(MIN_KILL_DELAY_MS, MAX_KILL_DELAY_MS + 1);
          setTimeout(() => child.kill('SIGKILL'), killDelayMs);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // A partial last line was cut by the kill: its write is not acknowledged and is not counted.
      if (killDelayMs < 0) reject(new Error(`writer stopped before its first write (exit ${code ?? signal}): ${stderr}`));
      else resolve({ acks, signal, killDelayMs });
    });
  });
}

function storedAnswers(db: Db, participantId: string, waveCode: string): Record<string, AnswerValue> | undefined {
  const rows = db
    .prepare(
      `SELECT a.item_code AS code, a.value, a.missing, a.text_value AS text
         FROM response r JOIN wave w ON w.id = r.wave_id JOIN answer a ON a.response_id = r.id
        WHERE r.participant_id = ? AND w.code = ?`,
    )
    .all(participantId, waveCode) as { code: string; value: number | null; missing: string | null; text: string | null }[];
  if (rows.length === 0) return undefined;
  return Object.fromEntries(
    rows.map((row) => [
      row.code,
      row.value !== null ? row.value : row.missing !== null ? { missing: row.missing as 'skipped' } : { text: row.text ?? '' },
    ]),
  );
}

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-durability-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('durability under a crash', () => {
  it(`keeps every acknowledged write through ${TRIALS} SIGKILLs of the writer on one file`, { timeout: 120_000 }, async () => {
    const passphrase = `durability-${randomBytes(12).toString('hex')}`;
    const studyPath = join(folder, 'durability.mixwise');
    const acknowledged: DurabilityAck[] = [];
    const started = Date.now();

    // One file for every trial: each writer opens (and recovers) what the previous crash left.
    for (let trial = 0; trial < TRIALS; trial++) {
      const result = await runAndKill(studyPath, passphrase);
      expect(result.signal, `trial ${trial} must end by the kill, not on its own`).toBe('SIGKILL');
      expect(result.acks.length).toBeGreaterThan(0);
      acknowledged.push(...result.acks);
    }

    const db = openStudyFile(studyPath, passphrase);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const missing: string[] = [];
      for (const ack of acknowledged) {
        const stored = storedAnswers(db, ack.participantId, ack.waveCode);
        if (!stored) missing.push(`${ack.participantId}/${ack.waveCode}`);
        else expect(stored, `${ack.participantId}/${ack.waveCode}`).toEqual(ack.answers);
      }
      expect(missing, 'acknowledged responses missing after a crash').toEqual([]);
      // Nothing appears from nowhere: at most one commit per trial can have landed before its ack was printed.
      const responses = db.prepare('SELECT count(*) FROM response').pluck().get() as number;
      expect(responses).toBeGreaterThanOrEqual(acknowledged.length);
      expect(responses).toBeLessThanOrEqual(acknowledged.length + TRIALS);
    } finally {
      db.close();
    }
    console.info(`durability: ${TRIALS} crashes, ${acknowledged.length} acknowledged responses all present, ${Date.now() - started} ms`);
  });
});
