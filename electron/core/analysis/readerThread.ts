import { parentPort, workerData } from 'node:worker_threads';
import { openReader, type Db } from '../db/open';
import { fillBlock } from './answerBlock';
import type { ReaderReply, ReaderRequest, ReaderStart } from './answerReader';
import { analyseScale } from './report';
import { unpackData } from './sharedData';

/**
 * The reader thread (answerReader.ts): its own connection to the open study, reading the answers
 * of the questionnaires it is given into the shared block, computing the scales it is given over
 * that block, and running the checkpoints it is handed. It changes no data (query_only).
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
    if (request.type === 'analyse') {
      // The scales' sections over the shared answers; report.ts assembles them on the main thread.
      const data = unpackData(request.data);
      const scales = request.scales.map((code) => data.scales.find((scale) => scale.concept === code)!);
      post({ type: 'analysed', id: request.id, sections: scales.map((scale) => analyseScale(data, scale, { ...request.resolved, scales })) });
      return;
    }
    if (!db) throw new Error('The reader has no open study.');
    if (request.type === 'checkpoint') {
      db.pragma('wal_checkpoint(PASSIVE)');
      post({ type: 'checkpointed', id: request.id });
      return;
    }
    fillBlock(db, request.spec, new Float64Array(request.block), { firstId: request.firstId, rows: new Int32Array(request.rows) }, request.from, request.to);
    post({ type: 'filled', id: request.id });
  } catch {
    post({ type: 'error', id: request.id });
  }
});
