import { describe, expect, it } from 'vitest';
import { inEnglish } from './in-english.js';
import { CATALOGUE } from '../../../src/bench/catalogue.js';
import type { CheckContext } from '../../../src/bench/check.js';
import { daemonOption } from '../../../src/bench/check.js';
import { benchChecks, catalogueGaps } from '../../../src/bench/checks/index.js';
import { auditVerdict, ruleWatches } from '../../../src/bench/checks/host.js';
import { auditRulesFor, fixPlan } from '../../../src/bench/fix.js';
import type { HostFacts } from '../../../src/bench/host-facts.js';
import { benchFindings, dockerBenchJson, parseSelection, runBench } from '../../../src/bench/runner.js';
import type { ContainerFacts } from '../../../src/engine/snapshot.js';
import { containerOf, snapshotOf, type RawSnapshot } from '../../helpers/engine-snapshot.js';
import { UserError } from '../../../src/core/errors.js';

function container(name: string, hostConfig: Record<string, unknown>, extra: Partial<ContainerFacts> = {}): ContainerFacts {
  return containerOf(name, { HostConfig: hostConfig }, extra);
}

function ctx(over: { snapshot?: RawSnapshot; host?: Partial<HostFacts>; swarmIntended?: boolean } = {}): CheckContext {
  const snapshot = snapshotOf({ ...over.snapshot, info: { Swarm: { LocalNodeState: 'inactive' }, ...over.snapshot?.info } });
  const host: HostFacts = {
    hostname: 'h1',
    uid: 0,
    files: {
      '/usr/sbin/dockerd': { path: '/usr/sbin/dockerd', exists: true, mode: 0o755, uid: 0, gid: 0 },
      '/etc/sysconfig/docker': { path: '/etc/sysconfig/docker', exists: false },
      '/run/docker/containerd/containerd.sock': { path: '/run/docker/containerd/containerd.sock', exists: true, mode: 0o660, uid: 0, gid: 0, isSocket: true },
    },
    units: { 'docker.service': null, 'docker.socket': null, 'containerd.socket': null },
    audit: { loaded: [], files: [] },
    daemon: { argv: ['dockerd', '-H', 'fd://'], config: null, listeners: [], pid: 1234, exe: '/usr/sbin/dockerd' },
    containerdSocket: { path: '/run/docker/containerd/containerd.sock', source: 'the containerd dockerd manages' },
    mounts: [],
    dockerGroup: { exists: true, gid: 106, members: [], uidMin: 1000, uidMax: 60000 },
    swarmNodeCert: null,
    swarmCaCert: null,
    groupNames: { 0: 'root', 106: 'docker' },
    ...over.host,
  };
  return { snapshot, host, options: { trustedUsers: [], swarmIntended: over.swarmIntended ?? true, now: new Date('2026-11-28T00:00:00Z') } };
}

const run = (c: CheckContext, id: string) => inEnglish(benchChecks.get(id)!.evaluate(c));

describe('catalogue', () => {
  it('has every CIS Docker 1.6.0 recommendation of sections 1–7, each with its check', () => {
    const count = (prefix: string) => CATALOGUE.filter((c) => c.id.startsWith(prefix)).length;
    expect(count('1.1.')).toBe(18);
    expect(count('1.2.')).toBe(2);
    expect(count('2.')).toBe(18);
    expect(count('3.')).toBe(24);
    expect(count('4.')).toBe(12);
    expect(count('5.')).toBe(32);
    expect(count('6.')).toBe(2);
    expect(count('7.')).toBe(9);
    expect(catalogueGaps()).toEqual({ missingChecks: [], unknownChecks: [] });
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
  });

  it('parses selections by id and section, and rejects unknown ones', () => {
    expect(parseSelection('1.1,5.4', '-c')).toEqual(['1.1', '5.4']);
    expect(() => parseSelection('9.9', '-c')).toThrow(UserError);
  });
});

describe('section 1: audit rules', () => {
  it('matches watched paths as whole tokens', () => {
    expect(ruleWatches(['-w /usr/bin/dockerd -p rwxa -k docker'], '/usr/bin/dockerd')).toBe(true);
    expect(ruleWatches(['-a always,exit -F path=/run/containerd -F perm=war -k docker'], '/run/containerd')).toBe(true);
    expect(ruleWatches(['-w /usr/bin/dockerd-rootless -k docker'], '/usr/bin/dockerd')).toBe(false);
  });

  it('passes a loaded rule, warns a rule only written to a file, and says when auditctl is missing', () => {
    expect(auditVerdict(ctx({ host: { audit: { loaded: ['-w /usr/bin/dockerd -p rwxa -k docker'], files: [] } } }), '/usr/bin/dockerd', 'x').verdict).toBe(
      'PASS',
    );
    const fileOnly = inEnglish(
      auditVerdict(
        ctx({ host: { audit: { loaded: [], files: [{ path: '/etc/audit/rules.d/d.rules', lines: ['-w /usr/bin/dockerd -k docker'] }] } } }),
        '/usr/bin/dockerd',
        'x',
      ),
    );
    expect(fileOnly.verdict).toBe('WARN');
    expect(fileOnly.details!.join()).toMatch(/not loaded/);
    const noAuditctl = inEnglish(
      auditVerdict(
        ctx({ host: { audit: { loaded: null, loadedError: 'ENOENT', files: [{ path: 'f', lines: ['-w /usr/bin/dockerd'] }] } } }),
        '/usr/bin/dockerd',
        'x',
      ),
    );
    expect(noAuditctl.verdict).toBe('PASS');
    expect(noAuditctl.details!.join()).toMatch(/not confirmed loaded/);
    expect(auditVerdict(ctx(), '/etc/sysconfig/docker', 'x').verdict).toBe('INFO');
  });

  it('1.1.3 watches the running binary, 1.1.8 and 3.23/3.24 the containerd socket in use', () => {
    const loaded = (line: string) => ({ audit: { loaded: [line], files: [], status: { enabled: 1, pid: 612 } } });
    expect(run(ctx({ host: loaded('-w /usr/bin/dockerd -k docker') }), '1.1.3').verdict).toBe('WARN');
    expect(run(ctx({ host: loaded('-w /usr/sbin/dockerd -k docker') }), '1.1.3')).toMatchObject({
      verdict: 'PASS',
      details: [expect.stringContaining('/usr/sbin/dockerd')],
    });
    const noExe = ctx({ host: { daemon: { argv: null, config: null, listeners: [], exe: null, exeError: 'EACCES reading /proc/1/exe' } } });
    expect(run(noExe, '1.1.3')).toMatchObject({ verdict: 'INFO', details: [expect.stringMatching(/could not check.*EACCES/)] });
    expect(run(ctx({ host: loaded('-w /run/docker/containerd/containerd.sock -k docker') }), '1.1.8').verdict).toBe('PASS');
    expect(run(ctx({ host: loaded('-w /run/containerd/containerd.sock -k docker') }), '1.1.8').verdict).toBe('WARN');
    expect(run(ctx(), '3.24')).toMatchObject({ verdict: 'PASS', details: ['/run/docker/containerd/containerd.sock has mode 660'] });
  });

  it('a loaded rule is WARN while auditing is off or auditd is not running; an unreadable rule set is INFO', () => {
    const line = '-w /usr/sbin/dockerd -k docker';
    const off = run(ctx({ host: { audit: { loaded: [line], files: [], status: { enabled: 0, pid: 0 } } } }), '1.1.3');
    expect(off).toMatchObject({ verdict: 'WARN', details: [expect.stringContaining('enabled 0')] });
    const noDaemon = run(ctx({ host: { audit: { loaded: [line], files: [], status: { enabled: 1, pid: 0 } } } }), '1.1.3');
    expect(noDaemon).toMatchObject({ verdict: 'WARN', details: [expect.stringContaining('auditd is not running')] });
    const unreadable = run(ctx({ host: { audit: { loaded: null, loadedError: 'auditctl: not found', files: [] } } }), '1.1.3');
    expect(unreadable).toMatchObject({ verdict: 'INFO', details: [expect.stringMatching(/^could not check/)] });
  });

  it('plans one rule per warned path', () => {
    const c = ctx();
    const report = runBench(c, { checks: ['1.1.3'] });
    expect(auditRulesFor(c, report)).toEqual([{ id: '1.1.3', path: '/usr/sbin/dockerd', line: '-w /usr/sbin/dockerd -p rwxa -k docker' }]);
    expect(fixPlan(c, report)[0]!.kind).toBe('audit');
  });

  it('1.1.2 warns ordinary users in the docker group, unless trusted', () => {
    const g = { exists: true, gid: 106, members: [{ name: 'alice', uid: 1000, via: 'group' as const }], uidMin: 1000, uidMax: 60000 };
    expect(run(ctx({ host: { dockerGroup: g } }), '1.1.2').verdict).toBe('WARN');
    const c = ctx({ host: { dockerGroup: g } });
    c.options.trustedUsers = ['alice'];
    expect(run(c, '1.1.2').verdict).toBe('PASS');
  });
});

describe('section 2 and 3', () => {
  it('reads options from the command line and daemon.json', () => {
    const c = ctx({ host: { daemon: { argv: ['dockerd', '--icc=false', '--log-level', 'debug'], config: { 'userland-proxy': false }, listeners: [] } } });
    expect(daemonOption(c, 'icc')).toBe('false');
    expect(daemonOption(c, 'log-level')).toBe('debug');
    expect(run(c, '2.2').verdict).toBe('PASS');
    expect(run(c, '2.3').verdict).toBe('WARN');
    expect(run(c, '2.16').verdict).toBe('PASS');
  });

  it('2.7 warns TCP without client verification, and is INFO without TCP', () => {
    expect(run(ctx(), '2.7').verdict).toBe('INFO');
    expect(run(ctx({ host: { daemon: { argv: ['dockerd', '-H', 'tcp://0.0.0.0:2375'], config: null, listeners: [] } } }), '2.7').verdict).toBe('WARN');
  });

  it('2.15 explains that live restore is not possible in swarm mode', () => {
    const r = run(ctx({ snapshot: { info: { Swarm: { LocalNodeState: 'active' } } } }), '2.15');
    expect(r.verdict).toBe('INFO');
    expect(r.details!.join()).toMatch(/swarm mode/);
  });

  it('3.16 compares modes bit by bit', () => {
    const sock = (mode: number) => ctx({ host: { files: { '/var/run/docker.sock': { path: '/var/run/docker.sock', exists: true, mode, uid: 0, gid: 106 } } } });
    expect(run(sock(0o660), '3.16').verdict).toBe('PASS');
    expect(run(sock(0o600), '3.16').verdict).toBe('PASS');
    expect(run(sock(0o666), '3.16').verdict).toBe('WARN');
    expect(run(sock(0o660), '3.15').verdict).toBe('PASS');
  });
});

describe('section 5 and 7', () => {
  it('evaluates containers once each and lists the offenders', () => {
    const c = ctx({
      snapshot: { containers: [container('a', { Privileged: true, Memory: 0 }), container('b', { Memory: 1024, PidsLimit: 10, ReadonlyRootfs: true })] },
    });
    expect(run(c, '5.5').items).toEqual(['a']);
    expect(run(c, '5.11').items).toEqual(['a']);
    expect(run(c, '5.29').items).toEqual(['a']);
  });

  it('5.7 does not pass when processes could not be listed', () => {
    expect(run(ctx({ snapshot: { containers: [container('a', {}, { processes: null })] } }), '5.7').verdict).toBe('INFO');
    expect(run(ctx({ snapshot: { containers: [container('a', {}, { processes: ['/usr/sbin/sshd -D'] })] } }), '5.7').verdict).toBe('WARN');
  });

  it('5.1 is INFO when swarm mode is intended, WARN otherwise', () => {
    const info = { Swarm: { LocalNodeState: 'active' } };
    expect(run(ctx({ snapshot: { info } }), '5.1').verdict).toBe('INFO');
    expect(run(ctx({ snapshot: { info }, swarmIntended: false }), '5.1').verdict).toBe('WARN');
  });

  it('7.1 counts managers; 7.3 reports ingress apart from user overlays', () => {
    const mgr = (id: string) => ({ ID: id, ManagerStatus: { Reachability: 'reachable' }, Description: { Hostname: id } });
    const sw = (n: number) =>
      ctx({
        snapshot: {
          info: { Swarm: { LocalNodeState: 'active' } },
          swarm: { inspect: {}, nodes: Array.from({ length: n }, (_, i) => mgr(`m${i}`)), services: [] },
        },
      });
    expect(run(sw(1), '7.1').verdict).toBe('PASS');
    expect(run(sw(2), '7.1').verdict).toBe('WARN');
    expect(run(sw(3), '7.1').verdict).toBe('PASS');
    expect(run(sw(9), '7.1').verdict).toBe('WARN');
    const nets = (extra: Record<string, unknown>[]) =>
      ctx({
        snapshot: { info: { Swarm: { LocalNodeState: 'active' } }, networks: [{ Name: 'ingress', Driver: 'overlay', Ingress: true, Options: {} }, ...extra] },
      });
    const onlyIngress = run(nets([{ Name: 'app', Driver: 'overlay', Options: { encrypted: '' } }]), '7.3');
    expect(onlyIngress.verdict).toBe('WARN');
    expect(onlyIngress.details!.join()).toMatch(/routing-mesh network: ingress/);
    expect(run(nets([{ Name: 'app', Driver: 'overlay', Options: {} }]), '7.3').items).toEqual(['app', 'ingress']);
  });

  it('7.9 compares the advertise address with the data-path address from the swarm state', () => {
    const sw = (swarmState: HostFacts['swarmState']) =>
      ctx({ snapshot: { info: { Swarm: { LocalNodeState: 'active', NodeAddr: '10.0.0.1' } } }, host: { swarmState } });
    expect(run(sw({ advertiseAddr: '10.0.0.1:2377', dataPathAddr: '', listenAddr: '0.0.0.0:2377' }), '7.9')).toMatchObject({
      verdict: 'WARN',
      details: [expect.stringContaining('no --data-path-addr')],
    });
    expect(run(sw({ advertiseAddr: '10.0.0.1:2377', dataPathAddr: '10.0.0.1', listenAddr: '0.0.0.0:2377' }), '7.9').verdict).toBe('WARN');
    expect(run(sw({ advertiseAddr: '10.0.0.1:2377', dataPathAddr: '192.168.7.1', listenAddr: '0.0.0.0:2377' }), '7.9')).toMatchObject({
      verdict: 'PASS',
      details: [expect.stringContaining('192.168.7.1')],
    });
    expect(run(sw(null), '7.9')).toMatchObject({ verdict: 'INFO', details: [expect.stringMatching(/^could not check/)] });
  });

  it('7.7 reads the real certificate expiry', () => {
    const c = ctx({
      snapshot: { info: { Swarm: { LocalNodeState: 'active' } } },
      host: { swarmNodeCert: { path: 'x', notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-11-20T00:00:00Z', subject: '' } },
    });
    expect(run(c, '7.7').verdict).toBe('WARN');
  });
});

describe('runner output', () => {
  it('scores like docker-bench and writes its JSON keys', () => {
    const c = ctx({ snapshot: { containers: [container('a', { Privileged: true })] } });
    const report = runBench(c, { checks: ['5.5', '5.9'] });
    expect(report.score).toBe(-1);
    const log = dockerBenchJson(report) as { tests: { id: string; results: { id: string; result: string; items?: string[] }[] }[]; checks: number };
    expect(log.checks).toBe(2);
    expect(log.tests[0]!.results[0]).toMatchObject({ id: '5.5', result: 'WARN', items: ['a'] });
    const f = benchFindings(report);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ id: '5.5', severity: 'CRITICAL', verdict: 'WARN' });
  });
});
