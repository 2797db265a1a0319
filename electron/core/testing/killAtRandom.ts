import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * For the crash tests: starts a TypeScript child script under tsx, waits until it prints `ready`,
 * then kills it with SIGKILL after a random delay in [minMs, maxMs]. Resolves with how many lines
 * containing `changed` it printed (changes it saw through) and the delay used. Secrets go through
 * `env`, never argv. Tests only.
 */
export function runAndKill(
  script: string,
  args: string[],
  env: Record<string, string>,
  delay: { minMs: number; maxMs: number },
): Promise<{ changes: number; killDelayMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killDelayMs = -1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (killDelayMs < 0 && stdout.includes('ready')) {
        killDelayMs = randomInt(delay.minMs, delay.maxMs + 1);
        setTimeout(() => child.kill('SIGKILL'), killDelayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${code}): ${stderr}`));
      else resolve({ changes: (stdout.match(/changed/g) ?? []).length, killDelayMs });
    });
  });
}
