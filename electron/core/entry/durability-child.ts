/**
 * Child process for durability.test.ts: keys forms the way the grid does, one committed cell per
 * call (setRowId for a form's ID, then commitCells per answer), and prints `ack <json>` on stdout
 * after each call has returned, i.e. after its transaction committed. The test kills it with
 * SIGKILL at random moments and then checks that every acknowledged cell is in the file.
 *
 *   MIXWISE_DURABILITY_PASSPHRASE=... node --import tsx electron/core/entry/durability-child.ts <study.mixwise>
 *
 * The passphrase comes from the environment, never argv (argv is visible in `ps`). stdout on a Linux
 * pipe is synchronous, so a printed ack has left the process before the next write starts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Db } from '../db/open';
import { bankItem, coreItems, type BankItem } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { addParticipant } from '../roster/participants';
import { addIdentityGroup } from '../study/design';
import { createStudyFile, openStudyFile } from '../study/file';
import { createBatch } from './batches';
import { commitCells } from './cells';
import { setRowId } from './ids';
import type { CellValue } from '../../shared/entry/rules';

export type EntryAck =
  | { kind: 'row'; rowId: number; participantId: string }
  | { kind: 'cell'; rowId: number; participantId: string; itemCode: string; value: CellValue | null };

const VERSION_CODE = 'durability_en';
/** The six core concepts plus an age (multi-digit) and a written-in answer (text, up to 500 characters). */
const ITEMS: BankItem[] = [...coreItems(), bankItem('dem1'), bankItem('dem2')];

function setUp(db: Db): void {
  addIdentityGroup(db, { code: 'newcomer', name: 'Newcomers', labelForOthers: 'newcomers' });
  createVersion(db, {
    code: VERSION_CODE,
    label: 'Durability (English)',
    identityGroupCode: 'newcomer',
    language: 'en',
    placeholders: { group: 'long-time residents' },
    items: ITEMS,
  });
  createBatch(db, { waveCode: 'pre', versionCode: VERSION_CODE, label: 'Box D', clerk: 'Durable Dee', keyedOn: '2026-01-15' });
}

function randomValue(item: BankItem): CellValue | null {
  if (item.kind === 'text') return { text: randomBytes(randomInt(0, 251)).toString('hex') };
  const roll = randomInt(20);
  if (roll === 0) return { missing: 'dont_know' };
  if (roll === 1) return null;
  return randomInt(item.min ?? 1, (item.max ?? 5) + 1);
}

function ack(message: EntryAck): void {
  process.stdout.write(`ack ${JSON.stringify(message)}\n`);
}

function main(): void {
  const path = process.argv[2];
  const passphrase = process.env.MIXWISE_DURABILITY_PASSPHRASE;
  if (!path || !passphrase) {
    process.stderr.write('usage: MIXWISE_DURABILITY_PASSPHRASE=... durability-child.ts <study.mixwise>\n');
    process.exit(2);
  }
  let db: Db;
  if (existsSync(path)) db = openStudyFile(path, passphrase);
  else {
    db = createStudyFile(path, passphrase, { name: 'Entry durability study' });
    setUp(db);
  }
  const batchId = db.prepare('SELECT id FROM entry_batch ORDER BY id LIMIT 1').pluck().get() as number;
  for (;;) {
    const participantId = addParticipant(db, { identityGroupCode: 'newcomer' });
    const row = setRowId(db, { batchId, rowId: null, participantId, keystrokes: 8 });
    if (row.outcome !== 'accepted') throw new Error(`ID refused: ${JSON.stringify(row)}`);
    ack({ kind: 'row', rowId: row.rowId, participantId });
    // Each cell of a form written once, in a random order, one commit per cell as the grid does;
    // a null is a cell keyed and then cleared (Delete), which must stay cleared.
    for (const item of [...ITEMS].sort(() => randomInt(3) - 1)) {
      const value = randomValue(item);
      const result = commitCells(db, {
        batchId,
        action: 'key',
        writes: [{ rowId: row.rowId, itemCode: item.code, value }],
        keystrokes: [{ rowId: row.rowId, count: 1 }],
      });
      if (!result.applied) throw new Error(`cell refused: ${JSON.stringify(result.problems)}`);
      ack({ kind: 'cell', rowId: row.rowId, participantId, itemCode: item.code, value });
    }
  }
}

main();
