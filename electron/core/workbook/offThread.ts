import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FirstSheet } from './firstSheet';
import { unpackRows, type CsvConfig, type ParsedJob, type ParseJob } from './parseJobs';

/**
 * Reading files people hand the app (enrolment lists, online-wave exports) on a thread of its own,
 * under a time and a memory budget. The readers are linear and bounded (zip.ts, firstSheet.ts), but
 * a 10 MB file still takes a second or more to read, and a reader's bug or a shape nobody thought of
 * must cost at most this thread: it is ended (Worker.terminate) when it runs past its time, V8 ends
 * it when its heap passes its memory (resourceLimits), and the caller gets a refusal to word. The
 * main process, which every other call waits on, stays free meanwhile.
 *
 * One idle thread is kept for the next file for a minute (unreferenced, so it never keeps a CLI run
 * or a test alive); a second file read at the same moment gets a thread of its own.
 */

export interface ParseBudget {
  /** From handing the file over to having its rows; the thread's start counts when it is a new one. */
  timeMs: number;
  /** The thread's V8 heap (old generation), in MB. */
  memoryMb: number;
}

/**
 * Measured on this project's 2-core VM, loaded: the largest workbook the imports take (a 9.9 MB xlsx,
 * 18 000 rows of 200 answers, 3.6 M cells) was read in 4.5-8.5 s, within a 256 MB heap; a wave of
 * 3 820 forms in 0.2 s. The budgets leave room for a slower laptop, and bound what a hostile file costs.
 */
export const PARSE_BUDGET: ParseBudget = { timeMs: 30_000, memoryMb: 512 };

/** Why a thread gave no rows: it ran past its time, or past its memory (or would hand back too much text). */
export type BudgetRefusal = { refused: 'tooSlow' } | { refused: 'tooLarge' };

export type ParseReply = { id: number; parsed: ParsedJob; failed?: undefined } | { id: number; failed: true; parsed?: undefined };

interface Thread {
  worker: Worker;
  memoryMb: number;
}

let idle: Thread | null = null;
let nextId = 1;
const live = new Set<Worker>();

/** How many parse threads are running (the idle one included): a thread over its budget is gone. */
export function liveParseThreads(): number {
  return live.size;
}

/**
 * The thread's script: built next to the main bundle (electron-vite's `parseThread` entry), or from
 * source under tsx (tests, the CLI, the bench), as the analysis's reader thread (answerReader.ts).
 */
function spawn(memoryMb: number): Thread {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4),
    stackSizeMb: 4,
  };
  const built = join(__dirname, 'parseThread.js');
  if (existsSync(built)) return track(new Worker(built, { resourceLimits }), memoryMb);
  // tsx is found from this file, not from the current folder, which an eval'd script resolves from
  // (the CLI runs from anywhere).
  const tsx = createRequire(join(__dirname, 'offThread.ts')).resolve('tsx/cjs');
  const script = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'parseThread.ts'))});`;
  return track(new Worker(script, { eval: true, resourceLimits }), memoryMb);
}

function track(worker: Worker, memoryMb: number): Thread {
  worker.unref();
  live.add(worker);
  worker.once('exit', () => {
    live.delete(worker);
    if (idle?.worker === worker) idle = null;
  });
  return { worker, memoryMb };
}

/** An idle thread is ended after this long, giving back its heap (a large file's garbage may sit in it). */
const IDLE_MS = 60_000;
let idleTimer: NodeJS.Timeout | null = null;

function take(memoryMb: number): Thread {
  const thread = idle?.memoryMb === memoryMb ? idle : spawn(memoryMb);
  if (thread === idle) {
    idle = null;
    if (idleTimer) clearTimeout(idleTimer);
  }
  return thread;
}

function release(thread: Thread): void {
  if (idle !== null) {
    void thread.worker.terminate();
    return;
  }
  idle = thread;
  idleTimer = setTimeout(() => {
    if (idle === thread) {
      idle = null;
      void thread.worker.terminate();
    }
  }, IDLE_MS);
  // The timer never keeps a CLI run or a test alive either.
  idleTimer.unref();
}

function run(job: ParseJob, budget: ParseBudget): Promise<ParsedJob | BudgetRefusal> {
  const thread = take(budget.memoryMb);
  const { worker } = thread;
  const id = nextId++;
  return new Promise<ParsedJob | BudgetRefusal>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      void worker.terminate();
      resolve({ refused: 'tooSlow' });
    }, budget.timeMs);
    const onMessage = (reply: ParseReply) => {
      if (reply.id !== id) return;
      done();
      if (reply.failed) {
        void worker.terminate();
        reject(new Error('The parse thread failed to read the file.'));
        return;
      }
      release(thread);
      resolve(reply.parsed);
    };
    const onError = (error: Error & { code?: string }) => {
      done();
      void worker.terminate();
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve({ refused: 'tooLarge' });
      else reject(new Error('The parse thread stopped.'));
    };
    const onExit = () => {
      done();
      reject(new Error('The parse thread ended.'));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, job });
  });
}

/** The first sheet of an xlsx as readFirstSheet reads it, read on the parse thread. */
export async function readFirstSheetOffThread(
  content: Buffer,
  limits: { rows: number; columns: number },
  budget: ParseBudget = PARSE_BUDGET,
): Promise<FirstSheet | BudgetRefusal> {
  // A copy crosses to the thread; the caller keeps its buffer (an import hashes it afterwards).
  const parsed = await run({ type: 'xlsx', content, limits }, budget);
  if (parsed.refused === 'resultTooLarge') return { refused: 'tooLarge' };
  if (parsed.refused === 'quotes') throw new Error('A workbook cannot have a CSV refusal.');
  return parsed.refused === undefined ? { rows: unpackRows(parsed.rows) } : parsed;
}

/** A CSV's rows as Papa parses them with `config`, parsed on the parse thread. */
export async function parseCsvOffThread(
  text: string,
  config: CsvConfig,
  budget: ParseBudget = PARSE_BUDGET,
): Promise<{ rows: string[][]; refused?: undefined } | { refused: 'quotes' } | BudgetRefusal> {
  const parsed = await run({ type: 'csv', text, config }, budget);
  if (parsed.refused === 'resultTooLarge') return { refused: 'tooLarge' };
  if (parsed.refused === undefined) return { rows: unpackRows(parsed.rows) };
  if (parsed.refused === 'quotes' || parsed.refused === 'tooSlow' || parsed.refused === 'tooLarge') return parsed;
  throw new Error('A CSV cannot have a workbook refusal.');
}
