// Crafted layers aimed at time and memory: each walk runs in a child process under `timeout 10`, and must end
// (with a result or a clear refusal) in under 10 s and 512 MiB of peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dos-'));
const driver = path.join(dir, 'driver.cjs');
beforeAll(() => {
  buildSync({ entryPoints: [path.join(__dirname, 'dos-driver.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: driver, logLevel: 'silent' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the driver without blocking this thread; resolves with its stdout and exit status. */
function run(args: string[], timeoutSeconds?: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const argv = timeoutSeconds ? ['timeout', String(timeoutSeconds), process.execPath, driver, ...args] : [process.execPath, driver, ...args];
  return new Promise((resolve) => {
    const p = spawn(argv[0]!, argv.slice(1));
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function boundedWalk(kase: string, wanted: string): Promise<{ outcome: string; ms: number; rssMiB: number; sizes: number[] }> {
  const made = await run(['gen', kase, dir]);
  expect(made.status, made.stderr).toBe(0);
  const layers = JSON.parse(made.stdout) as { file: string; diffId: string }[];
  const r = await run(['walk', wanted, ...layers.map((l) => `${l.file}=${l.diffId}`)], 10);
  expect(r.status, `timed out (124) or crashed: ${r.stderr}`).toBe(0);
  return { ...(JSON.parse(r.stdout) as { outcome: string; ms: number; rssMiB: number }), sizes: layers.map((l) => statSync(l.file).size) };
}

describe('walker under crafted layers (bounded: < 10 s, < 512 MiB)', () => {
  it('fifty 60 MiB package.json files (a few MB gzipped) are refused by the whole-walk budget, not read into memory', async () => {
    const r = await boundedWalk('fat', 'package.json');
    expect(r.sizes[0]).toBeLessThan(32 * 1024 * 1024);
    expect(r.outcome).toMatch(/exceed 256 MiB in total/);
    expect(r.rssMiB).toBeLessThan(512);
  });

  it('a million whiteouts in a 1 MB layer: refused at the entry cap, fast', async () => {
    const r = await boundedWalk('whiteouts', 'x');
    expect(r.sizes[0]).toBeLessThan(4 * 1024 * 1024);
    expect(r.outcome).toMatch(/more than 300000 entries/);
    expect(r.rssMiB).toBeLessThan(512);
  });

  it('150,000 whiteouts over 20,000 kept files cost O(whiteouts · depth), not O(whiteouts · files)', async () => {
    const r = await boundedWalk('spread', 'package.json');
    expect(r.outcome).toBe('ok 19999');
    expect(r.rssMiB).toBeLessThan(512);
  });
});
