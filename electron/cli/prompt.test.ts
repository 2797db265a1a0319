import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, childEnv, tempFolders } from './testSupport';

/**
 * The terminal prompt needs a real terminal: util-linux `script` runs the CLI on a pseudo-terminal
 * and relays what the test writes. Each answer is typed only once its prompt has appeared, as a
 * person would; typing ahead would be echoed by the terminal before the CLI could turn echo off.
 */
const hasScript = spawnSync('script', ['--version']).status === 0;
const TYPED = 'typed-at-the-prompt';

interface Session {
  status: number | null;
  screen: string;
}

function runOnTerminal(args: string[], answers: string[], cwd: string): Promise<Session> {
  const command = ['node', BIN, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: childEnv(null), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let answered = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const prompts = screen.match(/passphrase[^:\n]*: /gi)?.length ?? 0;
    while (answered < prompts && answered < answers.length) child.stdin.write(answers[answered++]!);
  });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, screen })));
}

describe.skipIf(!hasScript)('passphrase prompt on a terminal', () => {
  const folders = tempFolders();
  afterEach(() => folders.cleanup());

  it('asks twice for a new file, never echoes, and the file opens with what was typed', async () => {
    const folder = folders.make();
    const demo = await runOnTerminal(['demo', '--out', 'typed.mixwise', '--participants', '8'], [`${TYPED}\r`, `${TYPED}\r`], folder);
    expect(demo.status, demo.screen).toBe(0);
    expect(demo.screen).toMatch(/New passphrase for the new study file typed\.mixwise: /);
    expect(demo.screen).toMatch(/Repeat the passphrase: /);
    expect(demo.screen).not.toContain(TYPED);

    const info = await runOnTerminal(['info', '--study', 'typed.mixwise'], [`${TYPED}\r`], folder);
    expect(info.status, info.screen).toBe(0);
    expect(info.screen).not.toContain(TYPED);
    expect(info.screen).toMatch(/"total": 8/);
  });

  it('asks again when the two entries differ', async () => {
    const folder = folders.make();
    const answers = [`${TYPED}\r`, 'something-else\r', `${TYPED}\r`, `${TYPED}\r`];
    const demo = await runOnTerminal(['demo', '--out', 'again.mixwise', '--participants', '4'], answers, folder);
    expect(demo.status, demo.screen).toBe(0);
    expect(demo.screen).toMatch(/The two passphrases differ\. Try again\./);
    expect(readdirSync(folder)).toEqual(['again.mixwise']);
  });

  it('stops with exit 130 on Ctrl-C at the prompt, making nothing', async () => {
    const folder = folders.make();
    const demo = await runOnTerminal(['demo', '--out', join(folder, 'never.mixwise')], ['\u0003'], folder);
    expect(demo.status, demo.screen).toBe(130);
    expect(demo.screen).toMatch(/Cancelled/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
