// A rootless engine, from the facts rootless engines report (this machine cannot run one: /dev/net/tun is root's
// only, so slirp4netns cannot give RootlessKit a network; see docs/cis.md). The facts and their sources:
// - `docker info` Security Options of a rootless engine: "name=seccomp,profile=builtin", "name=rootless",
//   "name=cgroupns" (moby docs, engine/security/rootless.md, "docker info" under "Usage");
// - its socket /run/user/UID/docker.sock (DOCKER_HOST=unix:///run/user/1001/docker.sock in
//   docker/docker-bench-security#556, a rootless run of user "node", uid 1001), its data root
//   ~/.local/share/docker and daemon.json ~/.config/docker/daemon.json (rootless.md, "Known limitations" and
//   "Usage"), its unit ~/.config/systemd/user/docker.service (dockerd-rootless-setuptool.sh install);
// - the rootless dockerd's environment: _DOCKERD_ROOTLESS_CHILD=1 and ROOTLESSKIT_STATE_DIR, set by
//   dockerd-rootless.sh and rootlesskit (docker.io's contrib/dockerd-rootless.sh, traced here up to its
//   `exec rootlesskit --net=slirp4netns --port-driver=builtin …`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/bench/check.js';
import { ROOTLESS, rootlessOf } from '../../../src/bench/checks/rootless.js';
import { fixPlan } from '../../../src/bench/fix.js';
import type { FileFact, HostFacts } from '../../../src/bench/host-facts.js';
import { collectRootlessFacts, endpointUid, homeOfDataRoot, parseEnviron, rootlessLayout, statusUid, type RootlessFacts } from '../../../src/bench/rootless.js';
import { runBench } from '../../../src/bench/runner.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { inEnglish } from './in-english.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';

const HOME = '/home/node';
const UID = 1001;
const SECURITY_OPTIONS = ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'];

const file = (p: string, mode: number, uid = UID, extra: Partial<FileFact> = {}): [string, FileFact] => [
  p,
  { path: p, exists: true, mode, uid, gid: UID, ...extra },
];

function rootlessFacts(over: Partial<RootlessFacts> = {}): RootlessFacts {
  return {
    ...rootlessLayout({ uid: UID, home: HOME, runtimeDir: `/run/user/${UID}`, evidence: ['test'] }),
    unit: `${HOME}/.config/systemd/user/docker.service`,
    script: '/usr/bin/dockerd-rootless.sh',
    config: { icc: false, 'no-new-privileges': true },
    ...over,
  };
}

function ctx(rootless: RootlessFacts | null, files: [string, FileFact][] = []): CheckContext {
  const snapshot = snapshotOf({
    info: { Swarm: { LocalNodeState: 'inactive' }, SecurityOptions: SECURITY_OPTIONS, DockerRootDir: `${HOME}/.local/share/docker`, Driver: 'overlay2' },
  });
  const host: HostFacts = {
    hostname: 'h1',
    uid: 0,
    files: Object.fromEntries([file('/usr/bin/dockerd', 0o755, 0), ...files]),
    units: { 'docker.service': null, 'docker.socket': null, 'containerd.socket': null },
    audit: { loaded: [], files: [] },
    // dockerd-rootless.sh starts dockerd without --config-file: the root /etc/docker/daemon.json must not count.
    daemon: { argv: ['dockerd'], config: { icc: true }, listeners: [], pid: 4242, exe: '/usr/bin/dockerd' },
    containerdSocket: { path: '/run/containerd/containerd.sock', source: 'the default path' },
    mounts: [],
    dockerGroup: { exists: true, gid: 106, members: [{ name: 'alice', uid: 1000, via: 'group' }], uidMin: 1000, uidMax: 60000 },
    swarmNodeCert: null,
    swarmCaCert: null,
    groupNames: { 0: 'root', 106: 'docker', 1001: 'node' },
    rootless,
  };
  return { snapshot, host, options: { trustedUsers: [], swarmIntended: false, now: new Date('2026-11-28T00:00:00Z') } };
}

const LAYOUT_FILES: [string, FileFact][] = [
  file(`/run/user/${UID}/docker.sock`, 0o660, UID, { isSocket: true }),
  file(`${HOME}/.config/docker`, 0o700, UID, { isDirectory: true }),
  file(`${HOME}/.config/docker/daemon.json`, 0o666),
  file(`${HOME}/.local/share/docker`, 0o710, UID, { isDirectory: true }),
  file(`${HOME}/.config/systemd/user/docker.service`, 0o644),
  file(`/run/user/${UID}/docker/containerd/containerd.sock`, 0o660, UID, { isSocket: true }),
];

describe('the rootless layout', () => {
  it('follows the user, the runtime directory and the XDG variables as dockerd does', () => {
    const l = rootlessLayout({ uid: UID, home: HOME, evidence: [] });
    expect(l.socket).toBe('/run/user/1001/docker.sock');
    expect(l.configFile).toBe('/home/node/.config/docker/daemon.json');
    expect(l.dataRoot).toBe('/home/node/.local/share/docker');
    expect(l.containerdSocket).toBe('/run/user/1001/docker/containerd/containerd.sock');
    const x = rootlessLayout({
      uid: UID,
      home: HOME,
      evidence: [],
      env: {
        XDG_RUNTIME_DIR: '/tmp/rt',
        XDG_CONFIG_HOME: '/cfg',
        DOCKERD_ROOTLESS_ROOTLESSKIT_NET: 'pasta',
        DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER: 'implicit',
      },
    });
    expect([x.socket, x.configFile, x.rootlesskit.net, x.rootlesskit.portDriver]).toEqual([
      '/tmp/rt/docker.sock',
      '/cfg/docker/daemon.json',
      'pasta',
      'implicit',
    ]);
  });

  it('reads the endpoint, /proc status and environ, and the data root', () => {
    expect(endpointUid('unix:///run/user/1001/docker.sock')).toEqual({ uid: 1001, runtimeDir: '/run/user/1001' });
    expect(endpointUid('unix:///var/run/docker.sock')).toBeUndefined();
    expect(endpointUid('unix:///run/user/../0/docker.sock')).toBeUndefined();
    expect(statusUid('Name:\tdockerd\nUid:\t1001\t1001\t1001\t1001\n')).toBe(1001);
    expect(parseEnviron('HOME=/home/node\0_DOCKERD_ROOTLESS_CHILD=1\0A=b=c\0junk\0')).toEqual({ HOME: '/home/node', _DOCKERD_ROOTLESS_CHILD: '1', A: 'b=c' });
    expect(homeOfDataRoot('/home/node/.local/share/docker')).toBe('/home/node');
    expect(homeOfDataRoot('/var/lib/docker')).toBeUndefined();
  });

  it('keeps a flood of environment variables bounded', () => {
    const env = parseEnviron(Array.from({ length: 100_000 }, (_, i) => `V${i}=x`).join('\0'));
    expect(Object.keys(env).length).toBeLessThanOrEqual(4096);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-rootless-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a rootless dockerd in /proc by its RootlessKit environment, and reads the user daemon.json', async () => {
    const proc = path.join(dir, 'proc/4242');
    mkdirSync(proc, { recursive: true });
    writeFileSync(
      path.join(proc, 'environ'),
      'HOME=/home/node\0XDG_RUNTIME_DIR=/run/user/1001\0ROOTLESSKIT_STATE_DIR=/tmp/rootlesskit123\0_DOCKERD_ROOTLESS_CHILD=1\0',
    );
    writeFileSync(path.join(proc, 'status'), 'Name:\tdockerd\nPPid:\t4200\nUid:\t1001\t1001\t1001\t1001\n');
    mkdirSync(path.join(dir, 'proc/100'), { recursive: true });
    writeFileSync(path.join(dir, 'proc/100/environ'), 'HOME=/root\0');
    mkdirSync(path.join(dir, 'home/node/.config/docker'), { recursive: true });
    writeFileSync(path.join(dir, 'home/node/.config/docker/daemon.json'), '{"icc": false}');
    mkdirSync(path.join(dir, 'home/node/.config/systemd/user'), { recursive: true });
    writeFileSync(path.join(dir, 'home/node/.config/systemd/user/docker.service'), '[Service]\n');
    const r = await collectRootlessFacts({ root: dir, dockerdPids: [100, 4242] });
    expect(r).toMatchObject({ rootless: true, uid: 1001, daemonPid: 4242, socket: '/run/user/1001/docker.sock', config: { icc: false } });
    expect(r?.rootlesskit.pid).toBe(4200);
    expect(r?.unit).toBe('/home/node/.config/systemd/user/docker.service');
    expect(r?.evidence.join(' ')).toMatch(/under RootlessKit/);
    // A rootful engine: no rootless process, the default endpoint and data root.
    expect(await collectRootlessFacts({ root: dir, dockerdPids: [100], endpoint: 'unix:///var/run/docker.sock', dataRoot: '/var/lib/docker' })).toBeNull();
  });

  it('refuses a daemon.json that is not a JSON object, with the reason', async () => {
    writeFileSync(path.join(dir, 'home/node/.config/docker/daemon.json'), '[1,2]');
    const r = await collectRootlessFacts({ root: dir, dockerdPids: [4242] });
    expect(r?.config).toBeNull();
    expect(r?.configError).toMatch(/not a JSON object/);
  });
});

describe('benchmark verdicts on a rootless engine', () => {
  const report = runBench(ctx(rootlessFacts(), LAYOUT_FILES), { cis: '1.8.0' }, 0);
  const result = (id: string) => inEnglish(report.results.find((r) => r.id === id)!);

  it('says the report is about a rootless engine', () => {
    expect(report.rootless).toBe(true);
    expect(result('2.1').verdict).toBe('PASS');
  });

  it('says "not applicable: rootless" with the reason, never PASS or WARN, where a recommendation cannot apply', () => {
    const na = report.results.filter((r) => r.notApplicable !== undefined).map(inEnglish);
    // 1.8.0's 2.10 is userns-remap (1.6.0's 2.9); 2.17 the userland proxy (1.6.0's 2.16).
    expect(na.map((r) => r.id).sort()).toEqual(
      ['1.1.2', '1.1.10', '1.1.12', '1.1.13', '2.10', '2.17', '3.3', '3.4', '3.19', '3.20', '3.21', '3.22', '5.10', '5.31'].sort(),
    );
    for (const r of na) {
      expect(r.verdict, r.id).toBe('INFO');
      expect(r.details?.[0], r.id).toBe(`not applicable: rootless: ${r.notApplicable}`);
    }
    expect(result('2.10').notApplicable).toMatch(/RootlessKit's user namespace/);
    expect(result('1.1.2').notApplicable).toMatch(/\/run\/user\/1001\/docker\.sock belongs to its user/);
    // 1.6.0's 1.1.9 audits the docker.socket unit, which rootless Docker has not; 1.7.0 and 1.8.0 audit the socket itself.
    expect(result('1.1.9')).toMatchObject({ verdict: 'WARN', details: [expect.stringContaining('/run/user/1001/docker.sock')] });
    const r16 = runBench(ctx(rootlessFacts(), LAYOUT_FILES), { cis: '1.6.0', checks: ['1.1.9'] }, 0);
    expect(inEnglish(r16.results[0]!).notApplicable).toMatch(/no docker\.socket unit/);
  });

  it('says why in Japanese, with the paths as they are', () => {
    const ja = (id: string) => localizeMessage(report.results.find((r) => r.id === id)!.details[0]!, 'ja');
    for (const r of report.results.filter((x) => x.notApplicable !== undefined)) {
      expect(ja(r.id), r.id).toMatch(/^rootless では該当しません: .*[\u3040-\u30ff]/u);
      // The reason itself is translated: none of the English sentence is left.
      expect(ja(r.id), r.id).not.toMatch(/\b(the|is|by|not|no)\b/);
    }
    expect(ja('1.1.2')).toContain('/run/user/1001/docker.sock');
    expect(ja('3.15')).toBe('/run/user/1001/docker.sock の所有者はエンジンのユーザー（uid 1001）です');
  });

  it("judges the user's own files: owned by the engine's user, modes as the benchmark asks", () => {
    expect(result('3.15')).toMatchObject({ verdict: 'PASS' });
    expect(result('3.16')).toMatchObject({ verdict: 'PASS' });
    expect(result('3.17')).toMatchObject({ verdict: 'PASS' });
    expect(result('3.18')).toMatchObject({ verdict: 'WARN', items: ['/home/node/.config/docker/daemon.json'] });
    expect(result('3.1')).toMatchObject({ verdict: 'PASS' });
    // The socket owned by somebody else is a WARN, not a PASS.
    const stolen = runBench(ctx(rootlessFacts(), [...LAYOUT_FILES, file('/run/user/1001/docker.sock', 0o660, 0)]), { cis: '1.8.0', checks: ['3.15'] }, 0);
    expect(stolen.results[0]).toMatchObject({ verdict: 'WARN' });
  });

  it("reads the user's daemon.json, not /etc/docker/daemon.json", () => {
    expect(result('2.2').verdict).toBe('PASS');
    // 1.8.0's 2.15 is 1.6.0's 2.14, no-new-privileges.
    expect(result('2.15').verdict).toBe('PASS');
    const open = runBench(ctx(rootlessFacts({ config: { icc: true } }), LAYOUT_FILES), { cis: '1.8.0', checks: ['2.2'] }, 0);
    expect(open.results[0]!.verdict).toBe('WARN');
  });

  it('audits the rootless paths, and bench fix writes rules for them', () => {
    expect(result('1.1.5').details?.join(' ')).toContain('/home/node/.local/share/docker');
    expect(result('1.1.11').details?.join(' ')).toContain('/home/node/.config/docker/daemon.json');
    const plan = fixPlan(ctx(rootlessFacts(), LAYOUT_FILES), report);
    const audit = plan.find((s) => s.kind === 'audit')!;
    expect(audit.action).toContain('-w /home/node/.local/share/docker -p rwxa -k docker');
    expect(audit.action).not.toContain('/var/lib/docker');
    expect(audit.action).not.toContain('/etc/default/docker');
  });

  it('takes the rootless layout from `docker info` when the host shows no rootless process', () => {
    const c = ctx(null, LAYOUT_FILES);
    expect(rootlessOf(c)?.dataRoot).toBe('/home/node/.local/share/docker');
    const r = runBench(c, { cis: '1.8.0', checks: ['2.10', '3.3'] }, 0);
    expect(r.results.map((x) => x.verdict)).toEqual(['INFO', 'INFO']);
    expect(r.results.every((x) => x.notApplicable !== undefined)).toBe(true);
  });

  it('gives every rootless verdict a requirement the catalogues state', () => {
    const known = new Set(runBench(ctx(null), { cis: '1.6.0' }, 0).results.map((r) => r.check));
    for (const key of Object.keys(ROOTLESS)) expect(known.has(key), key).toBe(true);
  });
});
