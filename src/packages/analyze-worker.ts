// The worker thread the analyzers run in (see run.ts): one request per kept file, one reply each.
import { parentPort } from 'node:worker_threads';
import type { WorkReply, WorkRequest } from './run.js';
import { analyzeKept } from './wanted.js';

parentPort?.on('message', (req: WorkRequest) => {
  // Buffers arrive as plain Uint8Arrays.
  const content = Buffer.from(req.content.buffer, req.content.byteOffset, req.content.byteLength);
  const reply: WorkReply = { seq: req.seq, out: analyzeKept(req.path, content, req.layer, req.os, new Set(req.allowed)) };
  parentPort?.postMessage(reply);
});
