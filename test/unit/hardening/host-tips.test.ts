import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeProcAddress, descriptorListeners, parseProcNetTcp } from '../../../src/hardening/dockerd-process.js';
import { mergeDaemonJson, parseDockerdArgv, tcpHosts } from '../../../src/hardening/daemon-config.js';
import { daemonApiFacts as daemon } from './daemon-facts.js';
import { checkTcpApi } from '../../../src/hardening/tcp-api-check.js';
import { checkDockerGroup, dockerGroupFacts, parseLoginDefs } from '../../../src/hardening/docker-group.js';

describe('/proc/net/tcp parsing', () => {
  it('decodes IPv4, IPv6 and v4-mapped addresses', () => {
    expect(decodeProcAddress('0100007F:5CC6')).toEqual({ address: '127.0.0.1', port: 23750 });
    expect(decodeProcAddress('00000000:0948')).toEqual({ address: '0.0.0.0', port: 2376 });
    expect(decodeProcAddress('00000000000000000000000000000000:0949')).toEqual({ address: '::', port: 2377 });
    expect(decodeProcAddress('00000000000000000000000001000000:0949')).toEqual({ address: '::1', port: 2377 });
    expect(decodeProcAddress('0000000000000000FFFF00000100007F:0050')).toEqual({ address: '127.0.0.1', port: 80 });
    expect(decodeProcAddress('zz:0050')).toBeUndefined();
    expect(decodeProcAddress('')).toBeUndefined();
  });

  it('keeps only listening sockets, by inode', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:5CC6 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:D8EE 0100007F:5CC6 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1',
      'garbage line',
    ].join('\n');
    expect([...parseProcNetTcp(text)]).toEqual([[4242, { address: '127.0.0.1', port: 23750 }]]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseProcNetTcp(s)));
    fc.assert(fc.property(fc.string(), (s) => void decodeProcAddress(s)));
  });
});

describe("a daemon's listeners from its descriptors", () => {
  const listening = new Map([
    [101, { address: '0.0.0.0', port: 2377 }],
    [102, { address: '127.0.0.1', port: 2375 }],
  ]);
  const failing = (code: string) => () => {
    throw Object.assign(new Error(code), { code });
  };
  const links = (table: Record<string, string | (() => never)>) => (fd: string) => {
    const v = table[fd];
    if (v === undefined) return failing('ENOENT')();
    return typeof v === 'string' ? v : v();
  };

  it('finds the listening sockets among the descriptors; one closed meanwhile is no listener', () => {
    const r = descriptorListeners(
      ['0', '3', '4', '5', '9'],
      links({ '0': '/dev/null', '3': 'socket:[101]', '4': 'socket:[555]', '5': 'socket:[102]' }),
      listening,
    );
    expect(r).toEqual({
      listeners: [
        { address: '0.0.0.0', port: 2377 },
        { address: '127.0.0.1', port: 2375 },
      ],
      unreadable: false,
    });
  });

  it('says the descriptors are unreadable when reading them is refused, even if some closed before they were read', () => {
    for (const code of ['EACCES', 'EPERM']) {
      const refused = failing(code);
      // fd 7 closed between the listing and its read: ENOENT, as on a busy daemon.
      const r = descriptorListeners(['3', '5', '7'], links({ '3': refused, '5': refused }), listening);
      expect(r, code).toEqual({ listeners: [], unreadable: true });
    }
  });
});

describe('dockerd argv and daemon.json', () => {
  it('reads -H in all its spellings and the TLS flags', () => {
    const cfg = parseDockerdArgv([
      'dockerd',
      '-H',
      'unix:///var/run/docker.sock',
      '-Htcp://0.0.0.0:2375',
      '--host=tcp://127.0.0.1:2376',
      '--tls',
      '--tlsverify=false',
    ]);
    expect(cfg.hosts).toEqual(['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375', 'tcp://127.0.0.1:2376']);
    expect(cfg.tls).toBe(true);
    expect(cfg.tlsVerify).toBe(false);
    expect(parseDockerdArgv(['dockerd', '--tlsverify', '--config-file', '/srv/d.json']).configFile).toBe('/srv/d.json');
  });

  it('merges daemon.json hosts and tls settings and ignores junk', () => {
    const cfg = mergeDaemonJson(parseDockerdArgv(['dockerd']), { hosts: ['tcp://:2376', 42], tlsverify: true });
    expect(cfg.hosts).toEqual(['tcp://:2376']);
    expect(cfg.tlsVerify).toBe(true);
    expect(mergeDaemonJson(cfg, 'nonsense')).toBe(cfg);
  });

  it('turns tcp hosts into host and port with dockerd defaults', () => {
    expect(tcpHosts(parseDockerdArgv(['dockerd', '-H', 'tcp://', '-H', 'tcp://[::1]:3000', '-H', 'fd://']))).toEqual([
      { host: '0.0.0.0', port: 2375, raw: 'tcp://' },
      { host: '::1', port: 3000, raw: 'tcp://[::1]:3000' },
    ]);
    expect(tcpHosts(parseDockerdArgv(['dockerd', '--tlsverify', '-H', 'tcp://10.0.0.1']))[0]!.port).toBe(2376);
  });
});

describe('checkTcpApi', () => {
  it('is CRITICAL when the probe got an answer without credentials, over HTTP or TLS', () => {
    const f = checkTcpApi([daemon({ probes: [{ port: 2375, bind: '0.0.0.0', result: { kind: 'open-http', apiVersion: '1.41' } }] })], 'h1');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'CRITICAL', target: { kind: 'engine', endpoint: 'tcp://0.0.0.0:2375' } });
    expect(f[0]!.message).toMatch(/plain HTTP with no authentication/);
    const t = checkTcpApi([daemon({ probes: [{ port: 2376, bind: '::', result: { kind: 'open-tls' } }] })], 'h1');
    expect(t[0]!.message).toMatch(/without asking for a client certificate/);
    expect(t[0]!.target).toEqual({ kind: 'engine', endpoint: 'tcp://[::]:2376' });
  });

  it('is quiet when TLS client authentication is required or nothing listens', () => {
    expect(checkTcpApi([daemon({ probes: [{ port: 2376, bind: '127.0.0.1', result: { kind: 'tls-client-auth-required', detail: 'alert' } }] })], 'h')).toEqual(
      [],
    );
    expect(checkTcpApi([daemon({})], 'h')).toEqual([]);
  });

  it('judges an unprobed tcp host by its config', () => {
    const f = checkTcpApi([daemon({ config: { hosts: ['tcp://10.1.2.3:2375'], tls: false, tlsVerify: false, configFile: '' } })], 'h');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('HIGH');
    expect(checkTcpApi([daemon({ config: { hosts: ['tcp://10.1.2.3:2376'], tls: true, tlsVerify: true, configFile: '' } })], 'h')).toEqual([]);
  });
});

describe('docker group', () => {
  const passwd = [
    'root:x:0:0:root:/root:/bin/bash',
    'ci:x:998:998::/home/ci:/bin/sh',
    'alice:x:1000:1000::/home/alice:/bin/bash',
    'bob:x:1001:106::/home/bob:/bin/bash',
    'nobody:x:65534:65534::/:/usr/sbin/nologin',
  ].join('\n');

  it('lists members from the group line and from primary groups', () => {
    const facts = dockerGroupFacts('root:x:0:\ndocker:x:106:alice,ci,ghost\n', passwd);
    expect(facts.gid).toBe(106);
    expect(facts.members).toEqual([
      { name: 'alice', uid: 1000, via: 'group' },
      { name: 'ci', uid: 998, via: 'group' },
      { name: 'ghost', via: 'group' },
      { name: 'bob', uid: 1001, via: 'primary' },
    ]);
  });

  it('flags ordinary users and unknown accounts, not system accounts or trusted users', () => {
    const facts = dockerGroupFacts('docker:x:106:alice,ci,ghost\n', passwd);
    const f = checkDockerGroup(facts, 'h1', ['bob']);
    expect(f.map((x) => x.evidence?.user)).toEqual(['alice', 'ghost']);
    expect(f.every((x) => x.severity === 'HIGH')).toBe(true);
    expect(f[0]!.message).toMatch(/root-equivalent/);
  });

  it('reads UID_MIN/UID_MAX from login.defs', () => {
    expect(parseLoginDefs('# c\nUID_MIN    500\nUID_MAX 2000\n')).toEqual({ uidMin: 500, uidMax: 2000 });
    const facts = dockerGroupFacts('docker:x:106:ci\n', passwd, 'UID_MIN 900\n');
    expect(checkDockerGroup(facts, 'h').map((x) => x.evidence?.user)).toEqual(['ci', 'bob']);
  });

  it('no docker group, no findings; unreadable files are said, not passed', () => {
    expect(checkDockerGroup(dockerGroupFacts('root:x:0:\n', passwd), 'h')).toEqual([]);
    const f = checkDockerGroup({ exists: false, members: [], uidMin: 1000, uidMax: 60000, unreadable: 'EACCES' }, 'h');
    expect(f[0]!.severity).toBe('INFO');
  });

  it('never throws on arbitrary account files', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (g, p, l) => void checkDockerGroup(dockerGroupFacts(g, p, l), 'h')));
  });
});
