import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStudyFile } from '../study/file';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The writer runs in its own process so that TMPDIR (read by SQLite when it first needs a temp
 * file) can point at a folder of the test's own, which is then searched. It writes the canary as
 * the study name, a site name, a wave label and a text answer, then does the things that make
 * SQLite reach for temp storage (a temp table, a big sort, an index build, VACUUM), writes once
 * more so the WAL holds the canary, and waits for "close" on stdin before closing.
 */
const WRITER = `
const core = (file) => require(${JSON.stringify(REPO_ROOT)} + 'electron/core/' + file);
const { createStudyFile } = core('study/file.ts');
const { addIdentityGroup, addSite, addWave } = core('study/design.ts');
const { createVersion } = core('instruments/versions.ts');
const { addParticipant } = core('roster/participants.ts');
const { saveResponse } = core('responses/save.ts');
const canary = process.env.MIXWISE_CANARY;
const db = createStudyFile(process.env.MIXWISE_STUDY_PATH, process.env.MIXWISE_PASSPHRASE, { name: canary });
addIdentityGroup(db, { code: 'newcomer', name: 'Newcomers', labelForOthers: 'newcomers' });
addSite(db, { code: 'canary_site', name: 'Site ' + canary });
addWave(db, { code: 'canary_wave', label: canary });
createVersion(db, {
  code: 'canary_en', label: 'Canary', identityGroupCode: 'newcomer', language: 'en', placeholders: { group: 'residents' },
  items: [{ code: 'note', concept: 'own', section: 'own', wording: 'Anything else?', kind: 'text', min: null, max: null, anchors: [],
            reverseKeyed: false, audience: 'all', waves: 'all' }],
});
for (let n = 0; n < 300; n++) {
  const participantId = addParticipant(db, { identityGroupCode: 'newcomer', siteCode: 'canary_site' });
  saveResponse(db, { participantId, waveCode: 'canary_wave', versionCode: 'canary_en', answers: { note: { text: canary + ' #' + n + ' ' + 'x'.repeat(n * 7) } } });
}
// Tiny caches so that anything SQLite may spill to a temp file does spill: a regression of
// temp_store = MEMORY then shows up as a created file instead of hiding in a 16 MB cache.
db.pragma('cache_size = 8');
db.pragma('temp.cache_size = 8');
db.exec("CREATE TEMP TABLE scratch AS SELECT text_value || ' ' || " + "'" + canary + "'" + " AS copy FROM answer");
db.prepare('SELECT copy FROM scratch ORDER BY random()').all();
db.prepare('SELECT a.text_value, b.text_value FROM answer a CROSS JOIN answer b WHERE a.text_value < b.text_value ORDER BY a.text_value || b.text_value LIMIT 5').all();
db.exec('CREATE INDEX answer_by_text ON answer (text_value)');
db.exec('VACUUM');
db.prepare('UPDATE study SET country = ?').run('Country ' + canary);
process.stdout.write('written\\n');
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  if (!line.includes('close')) return;
  db.close();
  process.stdout.write('closed\\n');
  process.exit(0);
});
`;

interface Writer {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  waitFor(word: string): Promise<void>;
}

function startWriter(env: Record<string, string>, wrapper: string[] = []): Writer {
  const args = ['--import', 'tsx', '-e', WRITER];
  const [command, ...commandArgs] = wrapper.length > 0 ? [...wrapper, process.execPath, ...args] : [process.execPath, ...args];
  const child = spawn(command!, commandArgs, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { word: string; resolve(): void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of [...waiters]) if (stdout.includes(waiter.word)) waiter.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.on('close', (code) => reject(new Error(`writer exited (${code}) early: ${stderr}`))),
  );
  exited.catch(() => {}); // Only waitFor cares; a normal exit after "close" is not an error.
  return {
    child,
    waitFor: (word) =>
      Promise.race([
        new Promise<void>((resolve) => (stdout.includes(word) ? resolve() : waiters.push({ word, resolve }))),
        exited,
      ]),
  };
}

function closeWriter(writer: Writer): Promise<number | null> {
  return new Promise((resolve) => {
    writer.child.on('close', (code) => resolve(code));
    writer.child.stdin.write('close\n');
  });
}

/** The canary's random part in the two encodings a string can be stored in. */
function needles(canary: string): Buffer[] {
  const secret = canary.slice('CANARY-'.length);
  return [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
}

function containsCanary(bytes: Buffer, canary: string): boolean {
  return needles(canary).some((needle) => bytes.includes(needle));
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Files the process has open, from /proc (Linux); null where /proc is not available. */
function openFiles(pid: number): string[] | null {
  const fdFolder = `/proc/${pid}/fd`;
  if (!existsSync(fdFolder)) return null;
  return readdirSync(fdFolder).flatMap((fd) => {
    try {
      const target = readlinkSync(join(fdFolder, fd));
      return target.startsWith('/') ? [target] : [];
    } catch {
      return []; // closed between listing and reading
    }
  });
}

function straceWorks(): boolean {
  try {
    execFileSync('strace', ['-f', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

let folder: string;
let childTmp: string;
let canary: string;
let env: Record<string, string>;
let studyPath: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-encryption-'));
  childTmp = mkdtempSync(join(tmpdir(), 'mixwise-encryption-tmpdir-'));
  canary = `CANARY-${randomBytes(16).toString('hex')}`;
  studyPath = join(folder, 'canary.mixwise');
  env = {
    MIXWISE_CANARY: canary,
    MIXWISE_STUDY_PATH: studyPath,
    MIXWISE_PASSPHRASE: `encryption-${randomBytes(12).toString('hex')}`,
    TMPDIR: childTmp,
    TEMP: childTmp,
    TMP: childTmp,
    SQLITE_TMPDIR: childTmp,
    // tsx would otherwise keep its compile cache in TMPDIR; the cache holds source, never data, but
    // keeping it out leaves the folder to whatever SQLite might write.
    TSX_DISABLE_CACHE: '1',
  };
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(childTmp, { recursive: true, force: true });
});

function expectNoPlaintext(): void {
  const main = readFileSync(studyPath);
  expect(main.subarray(0, 16).equals(SQLITE_PLAINTEXT_HEADER)).toBe(false);
  for (const suffix of ['', '-wal', '-shm']) {
    const path = studyPath + suffix;
    if (existsSync(path)) expect(containsCanary(readFileSync(path), canary), `canary in ${path}`).toBe(false);
  }
  for (const file of filesUnder(childTmp)) expect(containsCanary(readFileSync(file), canary), `canary in ${file}`).toBe(false);
  // And everything else in the study's folder (a stray journal or copy would show here).
  for (const file of filesUnder(folder)) expect(containsCanary(readFileSync(file), canary), `canary in ${file}`).toBe(false);
}

describe('no plaintext outside the encrypted pages', () => {
  it('keeps the canary out of the study file, its WAL and shm, and the temp folder, open and after close', async () => {
    const writer = startWriter(env);
    await writer.waitFor('written');

    // The study is still open: its last write sits in the WAL.
    expect(statSync(`${studyPath}-wal`).size).toBeGreaterThan(0);
    expectNoPlaintext();
    const open = openFiles(writer.child.pid!);
    if (open) {
      expect(open.some((path) => path === studyPath)).toBe(true); // /proc is telling us something real
      // No temp file of any kind: SQLite unlinks its temp files at once, so only /proc can see them.
      expect(open.filter((path) => path.endsWith('(deleted)') || path.startsWith(childTmp))).toEqual([]);
    }

    expect(await closeWriter(writer)).toBe(0);
    expect(existsSync(`${studyPath}-wal`)).toBe(false);
    expectNoPlaintext();
    expect(filesUnder(childTmp)).toEqual([]);

    // The canary really was written (the test would pass vacuously otherwise).
    const db = openStudyFile(studyPath, env.MIXWISE_PASSPHRASE!);
    try {
      expect(db.prepare('SELECT name FROM study').pluck().get()).toBe(canary);
      expect(db.prepare("SELECT label FROM wave WHERE code = 'canary_wave'").pluck().get()).toBe(canary);
      expect(db.prepare('SELECT count(*) FROM answer WHERE text_value LIKE ?').pluck().get(`${canary}%`)).toBe(300);
    } finally {
      db.close();
    }
  });

  it.skipIf(!straceWorks())('creates no file but the study, its WAL and its shm (traced with strace)', async () => {
    const trace = join(folder, 'trace.log');
    const writer = startWriter(env, ['strace', '-f', '-qq', '-e', 'trace=open,openat,creat,rename,renameat,renameat2,link,linkat', '-o', trace]);
    await writer.waitFor('written');
    expect(await closeWriter(writer)).toBe(0);

    const created = new Set<string>();
    let walCreated = false;
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      if (/= -1 /.test(line)) continue; // failed calls create nothing
      const opened = /\b(?:open|openat)\(.*?"([^"]+)", [^)]*O_CREAT/.exec(line) ?? /\bcreat\("([^"]+)"/.exec(line);
      if (opened) {
        const path = opened[1]!;
        // A new file starts in rollback-journal mode: writing its header and switching it to WAL
        // each go through a short-lived -journal, while the file is still empty. Any later
        // -journal would be a journal with data in it, and fails below.
        if (path === `${studyPath}-journal` && !walCreated) continue;
        if (path === `${studyPath}-wal`) walCreated = true;
        created.add(path);
      } else if (/\b(?:rename|link)\w*\(/.test(line)) {
        created.add(line); // not expected at all: show the whole call
      }
    }
    expect([...created].sort()).toEqual([studyPath, `${studyPath}-shm`, `${studyPath}-wal`].sort());
  });
});
