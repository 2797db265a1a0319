import { parentPort } from 'node:worker_threads';
import { runJob, type ParseJob } from './parseJobs';
import type { ParseReply } from './offThread';

/**
 * The parse thread (offThread.ts): reads the xlsx and CSV files people hand the app, one job at a
 * time, so that a file crafted to be slow or large costs this thread, which the main process can
 * end, and never the main process, which every other call waits on.
 */
parentPort!.on('message', (request: { id: number; job: ParseJob }) => {
  let reply: ParseReply;
  try {
    reply = { id: request.id, parsed: runJob(request.job) };
  } catch {
    // Only a bug gets here (every refusal is data); the message could quote the file, so none is sent.
    reply = { id: request.id, failed: true };
  }
  const rows = reply.parsed?.refused === undefined ? reply.parsed?.rows : undefined;
  // The typed arrays' buffers move to the main thread rather than being copied.
  parentPort!.postMessage(reply, rows ? [rows.cellEnds.buffer as ArrayBuffer, rows.rowEnds.buffer as ArrayBuffer] : []);
});
