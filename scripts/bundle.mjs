// Bundles the compiled command line (dist/cli/main.js) into dist/bundle/, which bin/swarmguard.js runs.
// Node 20 pays for every module file it loads: as 17 files, `swarmguard --help` took 51 MiB; as one
// bundle, 47 MiB (bench/cli-startup.mjs). Code splitting keeps each command group a chunk of its own that
// loads only when the command line names it, as in dist/cli/groups.js. npm packages stay outside the
// bundle (resolved from node_modules as before) except zod, and so does everything loaded by a computed path:
//   - analyze-worker.js is an entry of its own, next to the chunks, where packages/run.js looks for it;
//   - chunks sit two levels below the package root, as dist/core/version.js does, for ../../package.json.
// meta.json maps every output file to the modules in it (test/integration/cli-startup.test.ts reads it).
//   node scripts/bundle.mjs        (after tsc; `npm run build` runs both)
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
// zod is bundled, so that only the parts swarmguard uses load: as a package it is 95 files, 64 of them
// translations of its messages that swarmguard never shows (`bench --help`: 0.31 → 0.26 s).
const INLINED = new Set(['zod']);

/** Leaves every npm package outside the bundle, as `packages: 'external'` does, except those named. */
function externalPackagesBut(inlined) {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return inlined.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}
const outdir = path.join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/packages/analyze-worker.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [externalPackagesBut(INLINED)],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(path.join(outdir, 'meta.json'), `${JSON.stringify(metafile)}\n`);
