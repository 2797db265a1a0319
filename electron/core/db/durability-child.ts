/**
 * Child process for durability.test.ts: writes responses as fast as it can and prints
 * `ack <json>` on stdout after each saveResponse has returned, i.e. after its transaction committed.
 * The test kills it with SIGKILL at a random moment and then checks that every acknowledged write
 * is in the file.
 *
 *   MIXWISE_DURABILITY_PASSPHRASE=... node --import tsx electron/core/db/durability-child.ts <study.mixwise>
 *
 * The passphrase comes from the environment, never argv: argv is visible to every user in `ps`.
 * It never exits by itself; acks are written with writeSync, so a printed ack has left the
 * process before the next write starts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, writeSync } from 'node:fs';
import { newParticipantId } from '../ids/damm';
import { coreItems, type BankItem } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { saveResponse, type AnswerValue } from '../responses/save';
import { addParticipant } from '../roster/participants';
import { addIdentityGroup } from '../study/design';
import { createStudyFile, openStudyFile } from '../study/file';
import type { Db } from './open';

export interface DurabilityAck {
  participantId: string;
  waveCode: string;
  answers: Record<string, AnswerValue>;
}

const VERSION_CODE = 'durability_en';
const NOTE_ITEM: BankItem = {
  code: 'durability_note',
  concept: 'own',
  section: 'own',
  wording: 'Anything else?',
  kind: 'text',
  min: null,
  max: null,
  anchors: [],
  reverseKeyed: false,
  audience: 'all',
  waves: 'all',
};

function setUp(db: Db): void {
  addIdentityGroup(db, { code: 'newcomer', name: 'Newcomers', labelForOthers: 'newcomers' });
  createVersion(db, {
    code: VERSION_CODE,
    label: 'Durability (English)',
    identityGroupCode: 'newcomer',
    language: 'en',
    placeholders: { group: 'long-time residents' },
    items: [...coreItems(), NOTE_ITEM],
  });
}

function randomAnswers(): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const item of coreItems()) {
    const [min, max] = [item.min ?? 1, item.max ?? 5];
    answers[item.code] = randomInt(20) === 0 ? { missing: 'dont_know' } : randomInt(min, max + 1);
  }
  // A note of random length, so commits vary from a few bytes to several pages.
  answers[NOTE_ITEM.code] = { text: randomBytes(randomInt(0, 3000)).toString('hex') };
  return answers;
}

function main(): void {
  const path = process.argv[2];
  const passphrase = process.env.MIXWISE_DURABILITY_PASSPHRASE;
  if (!path || !passphrase) {
    process.stderr.write('usage: MIXWISE_DURABILITY_PASSPHRASE=... durability-child.ts <study.mixwise>\n');
    process.exit(2);
  }
  let db: Db;
  if (existsSync(path)) {
    db = openStudyFile(path, passphrase);
  } else {
    db = createStudyFile(path, passphrase, { name: 'Durability study' });
    setUp(db);
  }
  const taken = db.prepare('SELECT 1 FROM participant WHERE id = ?');
  for (;;) {
    const participantId = addParticipant(db, {
      id: newParticipantId((candidate) => Boolean(taken.get(candidate))),
      identityGroupCode: 'newcomer',
    });
    for (const waveCode of ['pre', 'post']) {
      const answers = randomAnswers();
      saveResponse(db, { participantId, waveCode, versionCode: VERSION_CODE, answers });
      const ack: DurabilityAck = { participantId, waveCode, answers };
      // writeSync on fd 1 blocks until the line is in the pipe, even when the pipe is full and
      // process.stdout would queue it in memory (where a SIGKILL would lose an acknowledged write's ack).
      writeSync(1, `ack ${JSON.stringify(ack)}\n`);
    }
  }
}

main();
