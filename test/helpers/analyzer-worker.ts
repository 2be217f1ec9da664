// Stand-in analyzer workers, for the tests of what the pool (src/packages/run.ts) does when a parser hangs or dies:
// a module that says it is ready, then handles each request `r` ({ seq, path, … }) with the code it is given.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './tmp.js';

/** Writes the worker module NAME.mjs, whose message handler runs `onRequest` for each request `r`; its URL. */
export function analyzerWorker(name: string, onRequest: string): URL {
  const file = path.join(tempDir('sg-worker-'), `${name}.mjs`);
  writeFileSync(
    file,
    ["import { parentPort } from 'node:worker_threads';", "parentPort.postMessage('ready');", `parentPort.on('message', (r) => { ${onRequest} });`, ''].join(
      '\n',
    ),
  );
  return pathToFileURL(file);
}
