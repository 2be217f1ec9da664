import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { decideServeAuth, readTokenFile } from '../../../src/autoscan/serve-auth.js';
import { execFileSync } from 'node:child_process';

const dirs: string[] = [];
const tokenFile = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sg-sauth-'));
  dirs.push(d);
  return path.join(d, 'serve-token');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('decideServeAuth', () => {
  it('judges the final TLS options: --tls-ca alone is not authentication', () => {
    const f = tokenFile();
    expect(() => decideServeAuth({ host: '0.0.0.0', tlsCa: 'ca.pem', generatedTokenFile: f })).toThrow(/--tls-ca needs --tls-cert and --tls-key/);
    expect(() => decideServeAuth({ host: '127.0.0.1', tlsCa: 'ca.pem', generatedTokenFile: f })).toThrow(/--tls-ca needs/);
    expect(() => decideServeAuth({ host: '0.0.0.0', tlsCert: 'c', generatedTokenFile: f })).toThrow(/go together/);
    expect(decideServeAuth({ host: '0.0.0.0', tlsCert: 'c', tlsKey: 'k', tlsCa: 'ca', generatedTokenFile: f })).toMatchObject({
      https: true,
      mutualTls: true,
      warnings: [],
    });
    expect(() => decideServeAuth({ host: '0.0.0.0', tlsCert: 'c', tlsKey: 'k', generatedTokenFile: f })).toThrow(/without authentication/);
  });

  it('refuses a name that merely starts with 127. as loopback', () => {
    expect(() => decideServeAuth({ host: '127.example.com', generatedTokenFile: tokenFile() })).toThrow(/without authentication/);
  });

  it('warns when a token would cross the network in clear text', () => {
    const f = tokenFile();
    expect(decideServeAuth({ host: '10.0.0.5', token: 't'.repeat(32), generatedTokenFile: f }).warnings.map((w) => english(w))).toEqual([
      'warning: the bearer token crosses the network to 10.0.0.5 in clear text: add --tls-cert and --tls-key',
    ]);
    expect(decideServeAuth({ host: '127.0.0.1', token: 't'.repeat(32), generatedTokenFile: f }).warnings).toEqual([]);
    expect(decideServeAuth({ host: '10.0.0.5', token: 't'.repeat(32), tlsCert: 'c', tlsKey: 'k', generatedTokenFile: f }).warnings).toEqual([]);
  });

  it('requires a token on loopback too: makes one, keeps it private, reuses it at the next start', () => {
    const f = tokenFile();
    const first = decideServeAuth({ host: '127.0.0.1', generatedTokenFile: f });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.tokenFile).toBe(f);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, 'utf8').trim()).toBe(first.token);
    expect(decideServeAuth({ host: '::1', generatedTokenFile: f }).token).toBe(first.token);
  });

  it('refuses a token file others can read', () => {
    const f = tokenFile();
    writeFileSync(f, 'x'.repeat(40), { mode: 0o644 });
    expect(() => decideServeAuth({ host: '127.0.0.1', generatedTokenFile: f })).toThrow(/can be read by others \(mode 644\)/);
  });

  it('refuses a 1-byte token, from a flag or a file, without quoting it', () => {
    expect(() => decideServeAuth({ host: '127.0.0.1', token: 'a', generatedTokenFile: tokenFile() })).toThrow(/the token is 1 byte\(s\) long; at least 32/);
    const f = tokenFile();
    writeFileSync(f, 'a\n', { mode: 0o600 });
    expect(() => readTokenFile(f, '--token-file')).toThrow(/--token-file: the token is 1 byte/);
    writeFileSync(f, 'k'.repeat(32), { mode: 0o600 });
    expect(readTokenFile(f, '--token-file')).toBe('k'.repeat(32));
  });

  it.runIf(process.getuid?.() === 0)('refuses a token file another user owns (a shared history directory)', () => {
    const f = tokenFile();
    writeFileSync(f, 'k'.repeat(40), { mode: 0o600 });
    execFileSync('chown', ['4321:4321', f]);
    expect(() => readTokenFile(f, '--token-file')).toThrow(/belongs to another user \(uid 4321\)/);
    expect(() => decideServeAuth({ host: '127.0.0.1', generatedTokenFile: f })).toThrow(/belongs to another user/);
  });
});
