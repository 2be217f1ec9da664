// Bundles TypeScript sources into one ESM file (esbuild) for tests that need another thread or process: the
// analyzer worker, or a child that must be bounded in time and memory.
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// Inside the checkout, so the bundle resolves native modules (better-sqlite3) and CommonJS ones that require
// node builtins (yaml) from node_modules.
const OUT = path.join(ROOT, 'node_modules', '.cache', 'swarmguard-tests');

/** `outDir` outside the checkout makes a bundle that cannot find the checkout's node_modules. */
export function bundle(contents: string, name: string, outDir = OUT): string {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  buildSync({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'yaml'],
    logLevel: 'silent',
  });
  return outfile;
}

export const WORKER_SOURCE = "import './src/packages/analyze-worker.ts';";
