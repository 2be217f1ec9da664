// `swarmguard audit` on the real swarm with a deployed stack: one report (JSON + HTML), a score, coverage;
// the HTML report is opened in headless Chromium and shows the summary its script renders.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../helpers/chromium.js';
import { makeFixtureDb } from '../helpers/fixture-db.js';
import { runCli } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-audit-'));
const STACK = 'sgaudit';
let db = '';
const stackFile = path.join(dir, 'stack.yml');
const sg = (...args: string[]) => runCli(args);

beforeAll(async () => {
  db = makeFixtureDb(dir);
  writeFileSync(
    stackFile,
    [
      'version: "3.9"',
      'services:',
      '  app:',
      '    image: swarmguard-test/debian:bookworm',
      '    command: ["sleep", "600"]',
      '    environment:',
      '      API_TOKEN: not-a-real-token-123',
      'networks:',
      '  default:',
      '    driver: overlay',
      '    driver_opts: { encrypted: "" }',
      '',
    ].join('\n'),
  );
  const r = await sg('stack', 'deploy', '-c', stackFile, '--resolve-image', 'never', '--force', STACK);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(async () => {
  await sg('stack', 'rm', STACK);
  rmSync(dir, { recursive: true, force: true });
});

describe('audit (real swarm)', () => {
  it('produces one report across compose, swarm, host, benchmark and images, with a score', async () => {
    const html = path.join(dir, 'report.html');
    const r = await sg('audit', '-c', stackFile, '--db', db, '--format', 'json', '--html', html);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as {
      findings: { id: string; category: string; target: { name?: string; ref?: string } }[];
      scanned: string[];
      notes: string[];
    };
    const ids = new Set(rep.findings.map((f) => f.id));
    expect(ids).toContain('secret-in-environment'); // compose lint
    expect(ids).toContain('service-secret-in-env'); // live swarm
    expect(ids).toContain('7.3'); // CIS section 7 through the swarm audit: the ingress network is not encrypted
    expect(ids).toContain('image-runs-as-root'); // image lint of the service's image
    expect(ids).toContain('CVE-2099-0101'); // vulnerability scan of the same image
    expect(rep.scanned).toEqual(
      expect.arrayContaining(['live swarm audit', expect.stringMatching(/^CIS Docker Benchmark/), 'image lint of swarmguard-test/debian:bookworm']),
    );
    expect(r.stdout).not.toContain('not-a-real-token-123');
    expect(existsSync(html)).toBe(true);
  });

  it('the HTML report renders its summary in headless Chromium', () => {
    const html = path.join(dir, 'report.html');
    const profile = mkdtempSync(path.join(os.tmpdir(), 'sg-chromium-'));
    const flags = ['--headless', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`];
    try {
      const dom = execFileSync('chromium', [...flags, '--dump-dom', `file://${html}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 60_000,
      });
      // Written by the page's script, not by the server-side HTML: proves the script ran.
      expect(dom).toMatch(/<p id="js-summary">\d+ findings, score \d+<\/p>/);
      expect(dom).toMatch(/<span id="shown" class="muted">\d+ of \d+ findings shown<\/span>/);
      expect(dom).toContain('Orchestrator risks');
      execFileSync('chromium', [...flags, '--window-size=1280,1600', `--screenshot=${path.join(dir, 'report.png')}`, `file://${html}`], {
        stdio: 'ignore',
        timeout: 60_000,
      });
      expect(existsSync(path.join(dir, 'report.png'))).toBe(true);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('says what it could not check, and --strict turns that into exit 4', async () => {
    const r = await sg('audit', '--no-bench', '--db', path.join(dir, 'missing.db'), '--format', 'json', '--strict');
    expect(r.status).toBe(4);
    const rep = JSON.parse(r.stdout) as { notes: string[] };
    expect(rep.notes.join('\n')).toMatch(/vulnerability scan: no database/);
    expect(rep.notes.join('\n')).toMatch(/CIS benchmark: skipped/);
  });
});
