import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OpenOptions } from '../db/open';
import type { BlockSpec } from './answerBlock';
import type { ResolvedOptions, ScaleSection } from './report';
import type { PackedData } from './sharedData';

/** What the reader thread starts with (workerData). */
export interface ReaderStart {
  path: string;
  passphrase: string;
  nativeBinding?: string;
}

export type ReaderRequest =
  | { type: 'fill'; id: number; spec: BlockSpec; block: SharedArrayBuffer; firstId: number; rows: SharedArrayBuffer; from: number; to: number }
  | { type: 'analyse'; id: number; data: PackedData; scales: string[]; resolved: Omit<ResolvedOptions, 'scales'> }
  | { type: 'checkpoint'; id: number }
  | { type: 'close' };

export type ReaderReply =
  | { type: 'ready' }
  | { type: 'failed' }
  | { type: 'filled'; id: number }
  | { type: 'analysed'; id: number; sections: ScaleSection[] }
  | { type: 'checkpointed'; id: number }
  | { type: 'error'; id: number };

/**
 * The thread's script: built next to the main bundle (electron-vite's `readerThread` entry), or
 * from source under tsx (tests, the CLI, the bench), which a thread must load for itself.
 */
function spawn(start: ReaderStart): Worker {
  const built = join(__dirname, 'readerThread.js');
  if (existsSync(built)) return new Worker(built, { workerData: start });
  const source = join(__dirname, 'readerThread.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: start });
}

/**
 * A second connection to the open study, in a thread of its own, that changes no data (db/open.ts
 * openReader): the analysis reads its 1.3 M answers on both cores through it (SQLite's scan and
 * concatenation of the answers, and turning them into numbers, were two thirds of a 10 000-person
 * analysis), and a large write hands it the checkpoint that follows (db/checkpoint.ts). Started when a study is
 * opened (the key derivation then runs beside whatever comes next) and ended when it is locked or
 * closed, with the key. Until it is ready, or if it fails, the main thread reads everything itself.
 */
export class AnswerReader {
  private readonly worker: Worker;
  private state: 'starting' | 'ready' | 'failed' | 'closed' = 'starting';
  private readonly pending = new Map<number, (reply: ReaderReply | null) => void>();
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private readonly exited: Promise<void>;

  constructor(path: string, passphrase: string, options: OpenOptions = {}) {
    this.worker = spawn({ path, passphrase, nativeBinding: options.nativeBinding });
    this.worker.on('message', (reply: ReaderReply) => {
      if (reply.type === 'ready' || reply.type === 'failed') {
        if (this.state === 'starting') this.state = reply.type;
        for (const wake of this.waiting.splice(0)) wake();
        return;
      }
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    const fail = () => {
      if (this.state !== 'closed') this.state = 'failed';
      for (const settle of this.pending.values()) settle(null);
      this.pending.clear();
      for (const wake of this.waiting.splice(0)) wake();
    };
    this.worker.on('error', fail);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('exit', fail);
    // Unreferenced after the listeners, which reference it again.
    this.worker.unref();
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Resolves once the thread has its connection (or has failed to get one). */
  whenStarted(): Promise<void> {
    if (this.state !== 'starting') return Promise.resolve();
    this.worker.ref();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.idle());
  }

  /** Fills the block's rows for response ids from..to; false when the thread could not (the caller then reads them itself). */
  async fill(spec: BlockSpec, block: SharedArrayBuffer, firstId: number, rows: SharedArrayBuffer, from: number, to: number): Promise<boolean> {
    const reply = await this.request((id) => ({ type: 'fill', id, spec, block, firstId, rows, from, to }));
    return reply?.type === 'filled';
  }

  /**
   * Computes the named scales' sections of the report on the thread, over the same shared answers;
   * null when it could not (the caller then computes them itself).
   */
  async analyse(data: PackedData, scales: string[], resolved: Omit<ResolvedOptions, 'scales'>): Promise<ScaleSection[] | null> {
    const reply = await this.request((id) => ({ type: 'analyse', id, data, scales, resolved }));
    return reply?.type === 'analysed' ? reply.sections : null;
  }

  /**
   * Copies what the write-ahead log holds into the study file (a passive checkpoint: it waits for
   * no one and may leave frames a reader still needs); false when the thread could not.
   */
  async checkpoint(): Promise<boolean> {
    const reply = await this.request((id) => ({ type: 'checkpoint', id }));
    return reply?.type === 'checkpointed';
  }

  private request(make: (id: number) => ReaderRequest): Promise<ReaderReply | null> {
    if (this.state !== 'ready') return Promise.resolve(null);
    const id = this.nextId++;
    this.worker.ref();
    return new Promise<ReaderReply | null>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(make(id));
    }).finally(() => this.idle());
  }

  /** Someone awaiting the thread keeps the process alive; an idle thread never does (a CLI run, a test). */
  private idle(): void {
    // A closing thread stays referenced: close() keeps whoever awaits its end waiting for it.
    if (this.pending.size === 0 && this.waiting.length === 0 && this.state !== 'closed') this.worker.unref();
  }

  /** Resolves when the thread has closed its connection (dropping SQLCipher's key) and ended. */
  close(): Promise<void> {
    if (this.state === 'closed') return this.exited;
    this.state = 'closed';
    // Whoever awaits the end is kept waiting for it, not let go with the thread still running.
    this.worker.ref();
    this.worker.postMessage({ type: 'close' } satisfies ReaderRequest);
    return this.exited;
  }
}
