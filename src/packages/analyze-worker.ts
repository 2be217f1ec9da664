// The worker thread the analyzers and reducers run in (see thread.ts): one request per file, one reply each.
import { parentPort } from 'node:worker_threads';
import { READY, type WorkReply, type WorkRequest } from './thread.js';
import { everyAnalyzer } from './analyzers/index.js';
import { analyzeKept, keepFor } from './wanted.js';

parentPort?.on('message', (req: WorkRequest) => {
  // Buffers arrive as plain Uint8Arrays.
  const content = Buffer.from(req.content.buffer, req.content.byteOffset, req.content.byteLength);
  const allowed = new Set(req.allowed);
  const reply: WorkReply =
    req.kind === 'analyze'
      ? { seq: req.seq, out: analyzeKept(req.path, content, req.layer, req.os, allowed) }
      : {
          seq: req.seq,
          kept:
            keepFor(
              req.path,
              req.mode,
              content,
              everyAnalyzer().filter((a) => allowed.has(a.id)),
            ) ?? null,
        };
  parentPort?.postMessage(reply);
});
parentPort?.postMessage(READY);
