import type { Db } from './open';

/** Something that can run a checkpoint on its own connection, off this thread (the reader thread). */
export interface Checkpointer {
  checkpoint(): Promise<boolean>;
}

/**
 * Runs a large write (an import: 3 800 forms, 1 100 pages) without SQLite's automatic checkpoint
 * at its commit, and hands that checkpoint to `elsewhere`, on the other core.
 *
 * In WAL mode a commit is durable once the log is synced (synchronous = FULL); the checkpoint
 * that SQLite then runs in the committing call only copies those pages into the file, and was
 * 60 % of an import's commit. Copying them later loses nothing: until then readers find them in
 * the log, and a crash replays it. Without a thread to hand it to (or when it cannot), the
 * checkpoint runs here as it would have. The automatic checkpoint is restored whatever happens, so keystrokes keep it.
 */
export function withCheckpointElsewhere<T>(db: Db, elsewhere: Checkpointer | null, work: () => T): T {
  const automatic = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  try {
    return work();
  } finally {
    db.pragma(`wal_autocheckpoint = ${Number(automatic)}`);
    if (elsewhere) void elsewhere.checkpoint().then((done) => done || checkpointHere(db));
    else checkpointHere(db);
  }
}

function checkpointHere(db: Db): void {
  // A study locked meanwhile was checkpointed as it closed; a failed checkpoint is retried by the next commit's.
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // See above: nothing is lost, the pages stay in the log.
  }
}
