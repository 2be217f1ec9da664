// Runs a command without blocking the test worker (see test/helpers/watchdog.ts), and names it as
// what the test waits for while it runs.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { waitingFor } from './watchdog.js';

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: readonly string[], opts: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  const { input, ...spawnOpts } = opts;
  waitingFor(`\`${[path.basename(file), ...args].join(' ').slice(0, 120)}\``);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...spawnOpts, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      waitingFor(undefined);
      reject(e);
    });
    child.on('close', (status, signal) => {
      waitingFor(undefined);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin?.end(input ?? '');
  });
}

const root = path.resolve(import.meta.dirname, '../..');

/** The built CLI (`npm run build` first), as a user runs it. */
export function runCli(args: readonly string[], opts: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  return run(process.execPath, [path.join(root, 'bin/swarmguard.js'), ...args], { cwd: root, ...opts, env: { NO_COLOR: '1', ...process.env, ...opts.env } });
}

/**
 * Like execFileSync, without blocking the worker: resolves to the command's stdout, rejects with its exit
 * status and the end of its stderr when it fails.
 */
export async function sh(file: string, args: readonly string[], opts: SpawnOptions & { input?: string } = {}): Promise<string> {
  const r = await run(file, args, opts);
  if (r.status !== 0) throw new Error(`${[file, ...args].join(' ').slice(0, 200)}: exit ${r.status ?? r.signal}\n${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** One scan as `swarmguard history --format json` prints it (the fields the tests read). */
export interface HistoryScan {
  id: number;
  digest: string;
  repository: string;
  tag: string | null;
  trigger: string;
  status: string;
  counts: Record<string, number> | null;
}

/** The last 100 scans of a history file, newest first, read through the built CLI. */
export function readHistory(historyFile: string): HistoryScan[] {
  const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'history', '--history', historyFile, '--format', 'json', '-n', '100'], { encoding: 'utf8' });
  return JSON.parse(r.stdout || '[]') as HistoryScan[];
}
