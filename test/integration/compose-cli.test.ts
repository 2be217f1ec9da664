// The built CLI on compose files: exit codes, formats, errors without stack traces, --fix --dry-run. No engine needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../unit/compose/sarif-validator.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[], cwd = root) =>
  spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'sg-compose-cli-'));

describe('swarmguard compose (built CLI)', () => {
  it('lints the example: text report with file:line, exit 0 without --fail-on', () => {
    const r = cli(['compose', 'lint', 'examples/insecure-stack.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^examples\/insecure-stack\.yaml$/m);
    expect(r.stdout).toMatch(/54:9\s+CRITICAL\s+docker-socket-mount/);
    expect(r.stdout).not.toContain('correct-horse-battery-staple');
    expect(r.stdout).toMatch(/✖ \d+ findings: 2 critical/);
  });

  it('--fail-on and --exit-code decide the exit code', () => {
    expect(cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--fail-on', 'high']).status).toBe(1);
    expect(cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--fail-on', 'HIGH', '--exit-code', '7']).status).toBe(7);
    expect(cli(['compose', 'lint', 'examples/overlay-encrypted.yaml', '--fail-on', 'HIGH']).status).toBe(0);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', () => {
    const out = path.join(tmp(), 'lint.sarif');
    const r = cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--format', 'sarif', '--output', out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[] };
    const validate = sarifValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.runs[0]?.tool.driver.rules.length).toBe(17);
    expect(doc.runs[0]?.results.length).toBeGreaterThan(20);
  });

  it('JSON output, --rule and --skip-rule', () => {
    const r = cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--format', 'json', '--rule', 'secret-in-environment,docker-socket-mount']);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; target: { line: number } }[] };
    expect(doc.findings.map((f) => [f.id, f.target.line])).toEqual([
      ['secret-in-environment', 29],
      ['docker-socket-mount', 54],
    ]);
    expect(r.stdout).not.toContain('correct-horse-battery-staple');
    const skipped = JSON.parse(cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--format', 'json', '--skip-rule', 'user-root']).stdout) as {
      findings: { id: string }[];
    };
    expect(skipped.findings.some((f) => f.id === 'user-root')).toBe(false);
    const bad = cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--rule', 'no-such-rule']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown rule "no-such-rule"');
  });

  it('bad input: exit 2, file and line, no stack trace', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.yml'), 'services:\n  web:\n    image: [oops\n');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    writeFileSync(path.join(dir, 'bomb.yml'), `x-b:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  a:\n    image: a:1\n`);
    for (const [file, re] of [
      ['bad.yml', /bad\.yml:\d+: invalid YAML/],
      ['bomb.yml', /bomb\.yml: too many YAML alias expansions/],
      ['missing.yml', /missing\.yml: compose file not found/],
    ] as const) {
      const r = cli(['compose', 'lint', file], dir);
      expect(r.status, file).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--fix --dry-run prints a diff and writes nothing; --fix writes; again changes nothing', () => {
    const dir = tmp();
    const file = path.join(dir, 'stack.yml');
    const original = '# keep me\nservices:\n  web:\n    image: a:1   # and me\n';
    writeFileSync(file, original);
    const mtime = statSync(file).mtimeMs;
    const dry = cli(['compose', 'lint', 'stack.yml', '--fix', '--dry-run'], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('+++ b/stack.yml');
    expect(dry.stdout).toContain('+      encrypted: ""');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(statSync(file).mtimeMs).toBe(mtime);
    const fix = cli(['compose', 'lint', 'stack.yml', '--fix', '--rule', 'overlay-not-encrypted'], dir);
    expect(fix.status).toBe(0);
    expect(fix.stderr).toContain('fixed stack.yml');
    expect(fix.stdout).toContain('no findings');
    const once = readFileSync(file, 'utf8');
    expect(once.startsWith('# keep me\nservices:\n  web:\n    networks:\n      - encrypted\n    image: a:1   # and me\n')).toBe(true);
    const again = cli(['compose', 'lint', 'stack.yml', '--fix', '--dry-run'], dir);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('nothing to fix');
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('compose rules lists every rule as a table or JSON', () => {
    const t = cli(['compose', 'rules']);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^ID\s+SEVERITY\s+FIX\s+TITLE/);
    expect(t.stdout).toMatch(/overlay-not-encrypted\s+HIGH\s+fix\s+Overlay network traffic is not encrypted/);
    const j = JSON.parse(cli(['compose', 'rules', '--format', 'json']).stdout) as { id: string; references: unknown[] }[];
    expect(j).toHaveLength(17);
    expect(j.every((r) => r.references.length > 0)).toBe(true);
  });

  it('compose init writes the stack once and refuses to overwrite', () => {
    const dir = tmp();
    // The example is the file for a node with IPVS; without --endpoint-mode, init picks dnsrr on a node without it.
    const r = cli(['compose', 'init', '--endpoint-mode', 'vip'], dir);
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, 'overlay-encrypted.yaml'), 'utf8')).toBe(readFileSync(path.join(root, 'examples/overlay-encrypted.yaml'), 'utf8'));
    const again = cli(['compose', 'init'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(cli(['compose', 'init', '--force'], dir).status).toBe(0);
    expect(existsSync(path.join(dir, 'overlay-encrypted.yaml'))).toBe(true);
  });

  it('--help shows examples', () => {
    const r = cli(['compose', 'lint', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--fix');
    expect(r.stdout).toContain('Examples:');
  });
});
