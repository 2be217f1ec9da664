import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProbeScript, classifyTcp, demuxDockerLogs, isSafeProbeName, parseProbeOutput } from '../../../src/stack/probe-script.js';
import { logFrame as frame } from '../../helpers/docker-log-frame.js';

describe('buildProbeScript', () => {
  it('probes each name and port, and tasks.NAME for VIP services, through 127.0.0.11', () => {
    const s = buildProbeScript([{ name: 'test_httpd', ports: [80, 8080], tasksToo: true }], { timeoutSeconds: 3 });
    expect(s).toContain('probe test_httpd 80 8080');
    expect(s).toContain('probe tasks.test_httpd 80 8080');
    expect(s).toContain('nslookup "$1" 127.0.0.11');
    expect(s).toContain('nc -w 3');
    expect(s).toContain('</dev/null');
    expect(s.trim().endsWith('echo "SG-END"')).toBe(true);
  });

  it('sends a marker only when asked', () => {
    expect(buildProbeScript([], { timeoutSeconds: 2, marker: 'SWARMGUARD-PROBE abc' })).toContain('echo "SWARMGUARD-PROBE abc" | timeout 4 nc -w 2');
  });

  it('refuses names and markers that could break out of the script', () => {
    for (const bad of ['a;reboot', '$(id)', 'a b', '`x`', '', '-rf', 'a"b', 'x\ny']) {
      expect(isSafeProbeName(bad)).toBe(false);
      expect(() => buildProbeScript([{ name: bad, ports: [80], tasksToo: false }], { timeoutSeconds: 1 })).toThrow(/unsafe/);
    }
    expect(() => buildProbeScript([], { timeoutSeconds: 1, marker: 'a"; rm -rf /' })).toThrow(/unsafe/);
    fc.assert(
      fc.property(fc.string(), (name) => {
        if (!isSafeProbeName(name)) return;
        expect(name).toMatch(/^[A-Za-z0-9_.-]+$/);
      }),
    );
  });

  it('drops ports out of range and clamps the timeout', () => {
    const s = buildProbeScript([{ name: 'a', ports: [0, 80, 70000, 1.5], tasksToo: false }], { timeoutSeconds: 1000 });
    expect(s).toContain('probe a 80\n');
    expect(s).toContain('nc -w 60');
  });
});

describe('parseProbeOutput', () => {
  it('reads recorded output from busybox 1.35 in a task netns without IPVS', () => {
    const out = parseProbeOutput(readFileSync('test/fixtures/network/probe-output-vip-no-ipvs.txt', 'utf8'));
    expect(out.complete).toBe(true);
    expect(out.facts).toEqual({ ipvs: false, espConfig: '# CONFIG_INET_ESP is not set', hostname: '22ace281a6cd' });
    expect(out.dns).toEqual([
      { name: 'sgx_b', ok: true, addresses: ['10.0.1.5'] },
      { name: 'sgx_v', ok: true, addresses: ['10.0.1.2'] },
      { name: 'tasks.sgx_v', ok: true, addresses: ['10.0.1.3'] },
      { name: 'nosuch', ok: false, addresses: [], error: "** server can't find nosuch: NXDOMAIN" },
    ]);
    expect(out.tcp.map((t) => `${t.name} ${t.port} ${t.outcome}`)).toEqual(['sgx_b 80 ok', 'sgx_b 81 refused', 'sgx_v 80 timeout', 'tasks.sgx_v 80 ok']);
  });

  it('ignores noise and malformed lines; incomplete output is marked so', () => {
    const out = parseProbeOutput('hello\nSG-TCP a b c d\nSG-DNS x MAYBE\nSG-TCP a 1.2.3.4 80 x\nSG-FACT ipvs yes\n');
    expect(out).toEqual({ facts: { ipvs: true }, dns: [], tcp: [], complete: false });
    fc.assert(fc.property(fc.string(), (s) => void parseProbeOutput(s)));
  });
});

describe('classifyTcp', () => {
  it('maps busybox nc messages and exit codes', () => {
    expect(classifyTcp(0, '')).toBe('ok');
    expect(classifyTcp(1, "nc: can't connect to remote host (10.0.1.5): Connection refused")).toBe('refused');
    expect(classifyTcp(1, 'nc: timed out')).toBe('timeout');
    expect(classifyTcp(124, '')).toBe('timeout');
    expect(classifyTcp(1, "nc: can't connect to remote host (10.0.9.9): No route to host")).toBe('unreachable');
    expect(classifyTcp(1, 'nc: Network is unreachable')).toBe('unreachable');
    expect(classifyTcp(1, 'nc: bad address')).toBe('error');
  });
});

describe('demuxDockerLogs', () => {
  it('joins stdout and stderr frames, and passes plain text through', () => {
    expect(demuxDockerLogs(Buffer.concat([frame(1, 'SG-DNS a OK 1.2.3.4\n'), frame(2, 'oops\n'), frame(1, 'SG-END\n')]))).toBe(
      'SG-DNS a OK 1.2.3.4\noops\nSG-END\n',
    );
    expect(demuxDockerLogs(Buffer.from('SG-END\n'))).toBe('SG-END\n');
    const truncated = Buffer.concat([frame(1, 'abc'), Buffer.from([1, 0, 0, 0, 0, 0, 0, 99, 65])]);
    expect(demuxDockerLogs(truncated)).toBe('abcA');
  });
});
