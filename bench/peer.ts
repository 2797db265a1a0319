import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The median, to a tenth of a millisecond: every figure of the benchmarks is one. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
};

/**
 * The pandas peer (peer_pandas.py) as a running process that times one run per request, so
 * that bench/exchange.ts can alternate its runs with Mixwise's: on a shared machine whose speed
 * drifts by a factor of two within minutes, five pandas runs made after all of Mixwise's met
 * another machine (one wave's read measured 1.5 s in one run and 2.7 s in another).
 */
export class PandasPeer {
  private failure: string | null = null;
  readonly samples = { export: [] as number[], import: [] as number[] };

  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly lines: AsyncIterator<string>,
    private readonly stderr: () => string,
    readonly version: string,
  ) {}

  /** Starts Debian's Python with pandas and openpyxl on the bench's files; it answers once it has read them. */
  static async start(script: string, files: string[]): Promise<PandasPeer> {
    const child = spawn('/usr/bin/python3', [script, ...files], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const first = await lines.next();
    const lastLine = () => stderr.trim().split('\n').at(-1) ?? '';
    if (first.done) throw new Error(lastLine() || 'the pandas peer ended before it was ready');
    return new PandasPeer(child, lines, lastLine, (JSON.parse(first.value) as { pandas: string }).pandas);
  }

  /** Times one run of the step in the peer; a failed peer is noted and asked nothing more. */
  async run(step: 'export' | 'import'): Promise<void> {
    if (this.failure) return;
    this.child.stdin!.write(`${step}\n`);
    const next = await this.lines.next();
    const reply = next.done ? { error: this.stderr() || 'the pandas peer ended' } : (JSON.parse(next.value) as { ms?: number; error?: string });
    if (typeof reply.ms === 'number') this.samples[step].push(reply.ms);
    else this.failure = reply.error ?? 'no answer';
  }

  /** Why the peer failed, or null. */
  get failed(): string | null {
    return this.failure;
  }

  /** The median of a step's runs, or null without runs. */
  median(step: 'export' | 'import'): number | null {
    return this.samples[step].length === 0 ? null : median(this.samples[step]);
  }

  /** Ends the process (its stdin closed, it returns) and waits for it. */
  close(): Promise<void> {
    // Already ended (returned, or killed by a signal): there is no exit left to wait for.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin!.end();
    });
  }
}
