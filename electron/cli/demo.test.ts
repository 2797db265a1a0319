import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_STUDY_NAME } from '../core/demo/generate';
import { expectOneSentenceError, PASSPHRASE, runCli, startCli, tempFolders } from './testSupport';

const folders = tempFolders();
afterEach(() => folders.cleanup());

interface InfoJson {
  study: string;
  identityGroups: { code: string }[];
  arms: { code: string }[];
  waves: { code: string }[];
  versions: { code: string; label: string; identityGroup: string }[];
  participants: { total: number };
  responsesPerWave: { wave: string; responses: number }[];
}

function info(path: string): InfoJson {
  const result = runCli(['info', '--study', path]);
  expect(result.status, result.stderr).toBe(0);
  // stdout is for scripts: nothing but the JSON, and nothing at all on stderr.
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as InfoJson;
}

describe('mixwise demo', () => {
  it('writes the default demo study, which info then reads back', () => {
    const folder = folders.make();
    const path = join(folder, 'demo.mixwise');
    const demo = runCli(['demo', '--out', path]);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout.trim().split('\n')).toHaveLength(1);
    expect(demo.stdout).toContain(path);
    expect(demo.stdout).toMatch(/120 participants/);
    expect(demo.stdout).not.toContain(PASSPHRASE);

    const summary = info(path);
    expect(summary.study).toBe(DEMO_STUDY_NAME);
    expect(summary.participants.total).toBe(120);
    expect(summary.identityGroups).toHaveLength(2);
    expect(summary.arms.map((arm) => arm.code)).toEqual(['programme', 'comparison']);
    expect(summary.waves.map((wave) => wave.code)).toEqual(['pre', 'post', 'fu']);
    expect(summary.versions).toHaveLength(2);
    for (const version of summary.versions) {
      expect(version.code).toMatch(/\S/);
      expect(version.label).toMatch(/\S/);
    }
    expect(summary.responsesPerWave.map((wave) => wave.wave)).toEqual(['pre', 'post', 'fu']);
    for (const wave of summary.responsesPerWave) expect(wave.responses).toBeGreaterThan(0);

    // The printed response count is the sum over the waves, and the file is encrypted on disk.
    const total = summary.responsesPerWave.reduce((sum, wave) => sum + wave.responses, 0);
    expect(demo.stdout).toContain(`${total} responses`);
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).not.toContain('SQLite format 3');
    // Closed cleanly: no WAL or shared-memory file left beside the study.
    expect(readdirSync(folder)).toEqual(['demo.mixwise']);
  });

  it('honours --participants and gives the same answers for the same --seed', () => {
    const folder = folders.make();
    const runs = ['a.mixwise', 'b.mixwise'].map((name) => {
      const result = runCli(['demo', '--out', name, '--participants', '40', '--seed', '7'], { cwd: folder });
      expect(result.status, result.stderr).toBe(0);
      return info(join(folder, name));
    });
    expect(runs[0]!.participants.total).toBe(40);
    expect(runs[1]!.participants.total).toBe(40);
    expect(runs[1]!.responsesPerWave).toEqual(runs[0]!.responsesPerWave);

    const otherSeed = runCli(['demo', '--out', 'c.mixwise', '--participants', '40', '--seed', '8'], { cwd: folder });
    expect(otherSeed.status, otherSeed.stderr).toBe(0);
    expect(info(join(folder, 'c.mixwise')).participants.total).toBe(40);
  });

  it('refuses to overwrite an existing file and leaves it unchanged', () => {
    const folder = folders.make();
    const path = join(folder, 'taken.mixwise');
    writeFileSync(path, 'somebody else\'s work');
    const result = runCli(['demo', '--out', path]);
    expect(expectOneSentenceError(result, 4)).toMatch(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('somebody else\'s work');
    expect(readdirSync(folder)).toEqual(['taken.mixwise']);
  });

  it('refuses a name not ending in .mixwise and a missing folder, making nothing', () => {
    const folder = folders.make();
    expect(expectOneSentenceError(runCli(['demo', '--out', join(folder, 'demo.db')]), 4)).toMatch(/\.mixwise/);
    expect(expectOneSentenceError(runCli(['demo', '--out', join(folder, 'no', 'demo.mixwise')]), 4)).toMatch(/folder/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('leaves no half-made file when generation fails after the file was created', () => {
    // The participant range is checked by the generator, after the encrypted file already exists.
    const folder = folders.make();
    const message = expectOneSentenceError(runCli(['demo', '--out', 'small.mixwise', '--participants', '3'], { cwd: folder }), 2);
    expect(message).toMatch(/between 4 and 100000/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('leaves no half-made file when stopped with Ctrl-C while writing', async () => {
    const folder = folders.make();
    const path = join(folder, 'big.mixwise');
    // Big enough that generation takes seconds, so the signal lands while the file is being filled.
    const child = startCli(['demo', '--out', path, '--participants', '5000'], { cwd: folder });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(path)) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        }
      }, 10);
    });
    expect(await exited).toBe(130);
    expect(stderr.trim()).toMatch(/removed/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('rejects bad flag values as usage errors', () => {
    const folder = folders.make();
    expect(expectOneSentenceError(runCli(['demo'], { cwd: folder }), 2)).toMatch(/--out/);
    expect(expectOneSentenceError(runCli(['demo', '--out'], { cwd: folder }), 2)).toMatch(/--out needs a value/);
    expect(expectOneSentenceError(runCli(['demo', '--out', 'x.mixwise', '--participants', 'many'], { cwd: folder }), 2)).toMatch(
      /--participants needs a whole number/,
    );
    expect(expectOneSentenceError(runCli(['demo', '--out', 'x.mixwise', '--seed', '1.5'], { cwd: folder }), 2)).toMatch(/--seed/);
    expect(expectOneSentenceError(runCli(['demo', '--out', 'x.mixwise', '--colour'], { cwd: folder }), 2)).toMatch(
      /Unknown option --colour/,
    );
    expect(expectOneSentenceError(runCli(['demo', '--out', 'x.mixwise', 'extra'], { cwd: folder }), 2)).toMatch(/"extra"/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a passphrase that is too short for a new file', () => {
    const folder = folders.make();
    const result = runCli(['demo', '--out', 'weak.mixwise'], { cwd: folder, passphrase: 'short' });
    expect(expectOneSentenceError(result, 2)).toMatch(/at least 8 characters/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
