import { parentPort, workerData } from 'node:worker_threads';
import { openReader, type Db } from '../db/open';
import { fillBlock } from './answerBlock';
import type { ReaderReply, ReaderRequest, ReaderStart } from './answerReader';

/**
 * The reader thread (answerReader.ts): its own read-only connection to the open study, reading
 * the answers of the questionnaires it is given into the shared block. It never writes.
 */
const start = workerData as ReaderStart;
const post = (reply: ReaderReply) => parentPort!.postMessage(reply);
let db: Db | null = null;
try {
  db = openReader(start.path, start.passphrase, { nativeBinding: start.nativeBinding });
  post({ type: 'ready' });
} catch {
  // The main thread reads everything itself then; the reason (a damaged file, say) is its to tell.
  post({ type: 'failed' });
}
// The passphrase is not needed again: SQLCipher keeps the derived key.
start.passphrase = '';

parentPort!.on('message', (request: ReaderRequest) => {
  if (request.type === 'close') {
    db?.close();
    db = null;
    process.exit(0);
  }
  try {
    if (!db) throw new Error('The reader has no open study.');
    fillBlock(db, request.spec, new Float64Array(request.block), { firstId: request.firstId, rows: new Int32Array(request.rows) }, request.from, request.to);
    post({ type: 'filled', id: request.id });
  } catch {
    post({ type: 'error', id: request.id });
  }
});
