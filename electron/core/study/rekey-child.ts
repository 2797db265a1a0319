/**
 * Child process for passphraseCrash.test.ts: changes a study's passphrase back and forth between
 * two values for ever, printing `changed <A|B>` after each change has returned, while the file also
 * gets written to between changes. The test kills it with SIGKILL at a random moment (mid-copy,
 * mid-rekey, mid-swap) and checks that the study still opens, whole, with one of the two passphrases.
 *
 *   MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... node --import tsx electron/core/study/rekey-child.ts <study.mixwise>
 */
import { openStudyFile } from './file';
import { rekeyStudyFile } from './passphrase';

function openWithEither(path: string, a: string, b: string) {
  try {
    return { db: openStudyFile(path, a), current: a };
  } catch {
    return { db: openStudyFile(path, b), current: b };
  }
}

function main(): void {
  const path = process.argv[2];
  const a = process.env.MIXWISE_REKEY_A;
  const b = process.env.MIXWISE_REKEY_B;
  if (!path || !a || !b) {
    process.stderr.write('usage: MIXWISE_REKEY_A=... MIXWISE_REKEY_B=... rekey-child.ts <study.mixwise>\n');
    process.exit(2);
  }
  let { db, current } = openWithEither(path, a, b);
  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    db.prepare("UPDATE study SET country = ? WHERE id = 1").run(`round ${round}`);
    const next = current === a ? b : a;
    rekeyStudyFile(db, path, current, next);
    current = next;
    process.stdout.write(`changed ${current === a ? 'A' : 'B'}\n`);
    db = openStudyFile(path, current);
  }
}

main();
