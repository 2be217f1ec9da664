// Which modules the built CLI loads: `--help`, `--version` and `compose lint` must not load the engine
// client, the database or the archive readers (they are what made start-up slow). A module hook
// records every import; the bundle's metafile says which compiled modules each loaded file holds
// (scripts/bundle.mjs). No timing here (the figures are in bench/cli-startup.mjs).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { run as runCommand } from '../helpers/run.js';

const root = path.resolve(import.meta.dirname, '../..');
const hook = path.join(root, 'test/helpers/record-imports.mjs');
const HEAVY = ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', 'tar-stream', 'yauzl', 'fzstd', '@cyclonedx/cyclonedx-library'];

const meta = z
  .object({ outputs: z.record(z.string(), z.object({ inputs: z.record(z.string(), z.unknown()) })) })
  .parse(JSON.parse(readFileSync(path.join(root, 'dist/bundle/meta.json'), 'utf8')));
/** A loaded file: the compiled modules it holds when it is part of the bundle, else itself. */
const modulesIn = (file: string): string[] => {
  const out = meta.outputs[file];
  return out ? Object.keys(out.inputs) : [file];
};

/** Runs the built CLI; returns its result and the modules it imported (paths relative to the repo). */
async function run(args: string[]): Promise<{ status: number | null; stdout: string; modules: string[] }> {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'sg-imports-')), 'imports.log');
  const r = await runCommand(process.execPath, ['--import', hook, path.join(root, 'bin/swarmguard.js'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', SG_IMPORT_LOG: log },
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .flatMap((u) => modulesIn(path.relative(root, new URL(u).pathname)));
  return { status: r.status, stdout: r.stdout, modules: [...new Set(modules)] };
}

// What `--help` may load: the argument parser. English help is ASCII: no display-width tables.
const LIGHT = ['commander'];
const packagesOf = (modules: string[]) => [...new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m)?.[1] ?? []))].sort();
const heavyIn = (modules: string[]) => packagesOf(modules).filter((p) => HEAVY.includes(p));

describe('lazy command loading (built CLI)', () => {
  it('--version loads neither the argument parser, nor a command group, nor any package', async () => {
    const r = await run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.modules.filter((m) => m.startsWith('dist/')).sort()).toEqual(['dist/cli/main.js', 'dist/core/version.js']);
    expect(packagesOf(r.modules)).toEqual([]);
  });

  it('--help lists every command without loading a group', async () => {
    const r = await run(['--help']);
    expect(r.status).toBe(0);
    for (const name of ['compose', 'stack', 'sbom', 'bench', 'audit', 'engine']) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(r.modules.filter((m) => /^dist\/cli\//.test(m)).sort()).toEqual([
      'dist/cli/groups.js',
      'dist/cli/main.js',
      'dist/cli/program.js',
      'dist/cli/run.js',
    ]);
    expect(packagesOf(r.modules)).toEqual(LIGHT);
    expect(r.modules).not.toContain('dist/i18n/ja/help-texts.js');
    expect(r.modules).not.toContain('dist/i18n/ja/messages.js');
  });

  it('--help in Japanese loads its texts and the display-width tables', async () => {
    const r = await run(['--lang', 'ja', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('使い方:');
    expect(r.modules).toContain('dist/i18n/ja/help-texts.js');
    expect(packagesOf(r.modules)).toEqual(['commander', 'get-east-asian-width', 'string-width']);
  });

  it('compose lint loads the compose group and yaml, and none of the heavy libraries', async () => {
    const r = await run(['compose', 'lint', 'examples/insecure-stack.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CRITICAL\s+docker-socket-mount/);
    // The hook does see packages and command modules: the positive control for the checks below.
    expect(r.modules).toContain('dist/cli/compose.js');
    expect(packagesOf(r.modules)).toContain('yaml');
    expect(r.modules.filter((m) => /^dist\/cli\/(?!compose|main|program|groups|run|report-options|option-values|messages)/.test(m))).toEqual([]);
    expect(heavyIn(r.modules)).toEqual([]);
    // SQLite engines load through require(), which the hook does not see: the layer that loads them stays out.
    expect(r.modules).not.toContain('dist/core/sqlite.js');
  });

  it('a command that needs the engine does load its client (the recorder sees heavy libraries)', async () => {
    const r = await run(['engine', '--help']);
    expect(r.status).toBe(0);
    expect(heavyIn(r.modules)).toContain('dockerode');
  });

  it('a command that keeps a history imports the SQLite layer (the recorder sees it)', async () => {
    const r = await run(['history', '--help']);
    expect(r.status).toBe(0);
    expect(r.modules).toContain('dist/core/sqlite.js');
  });
});
