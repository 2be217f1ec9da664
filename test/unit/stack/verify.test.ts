import { rawMessage } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import { explainFailure } from '../../../src/stack/verify-cause.js';
import { evaluatePairs, groupProbes, parseStackServices, parseStackTasks, planProbes, verifyFindings } from '../../../src/stack/verify.js';
import type { ProbeOutput } from '../../../src/stack/probe-script.js';
import type { StackService, TaskProbe } from '../../../src/stack/verify-model.js';
import { facts, fx, out, snapshot } from './verify-fixtures.js';

describe('parsing the stack from the engine', () => {
  it('counts desired and running, endpoint mode, networks, VIPs, published targets', () => {
    const s = snapshot(true);
    const b = s.services.find((x) => x.name === 'test_httpd');
    expect(b).toMatchObject({ desired: 2, running: 1, endpointMode: 'dnsrr', networks: ['NET'], ports: [80], portSource: "the service's published ports" });
    expect(s.services.find((x) => x.name === 'test_vip')?.vips).toEqual([{ networkId: 'NET', addr: '10.0.1.2' }]);
    expect(s.tasks.find((t) => t.id === 'ta')).toMatchObject({ containerId: 'c1', addresses: [{ networkId: 'NET', ip: '10.0.1.5' }] });
  });

  it('survives junk from the engine', () => {
    expect(parseStackTasks([null, 3, { Status: 'x' }])).toHaveLength(3);
    expect(parseStackServices([null, { Spec: { Mode: { Global: {} } } }], [])[1]).toMatchObject({ mode: 'global', desired: 0, endpointMode: 'vip' });
  });

  it('plans a probe from each running task to every other service on a shared network', () => {
    const plan = planProbes(snapshot(true));
    expect(plan.map((p) => `${p.task.id}@${p.networkId}:${p.targets.map((t) => t.name).join(',')}`)).toEqual([
      'ta@NET:test_httpd,test_vip',
      'tb@NET:test_nginx,test_vip',
      'tv@NET:test_nginx,test_httpd',
    ]);
  });

  it('runs one probe per (node, network), serving every task there and every target on the network', () => {
    const groups = groupProbes(planProbes(snapshot(true)));
    expect(
      groups.map(
        (g) =>
          `${g.nodeId}/${g.networkId}: ${g.members.map((m) => m.task.id).join(',')} -> ${g.targets
            .map((t) => t.name)
            .sort()
            .join(',')}`,
      ),
    ).toEqual(['N1/NET: ta,tv -> test_httpd,test_nginx,test_vip', 'N2/NET: tb -> test_nginx,test_vip']);
  });
});

describe('cause analysis', () => {
  const s = snapshot(true, facts());
  const [nginx, httpd, vip] = s.services as [StackService, StackService, StackService];
  const fromA = s.tasks.find((t) => t.id === 'ta')!;
  /** The probe's lines when test_httpd resolves to its task but does not answer on port 80. */
  const HTTPD_TIMES_OUT = ['SG-DNS test_httpd OK 10.0.1.7', 'SG-TCP test_httpd 10.0.1.7 80 1 nc: timed out'];
  /** What the probe from nginx's task on node1 to `target` makes of `output`. */
  const fromNginx = (target: StackService, output: ProbeOutput) =>
    evaluatePairs(s, [{ task: fromA, networkId: 'NET', service: nginx, targets: [target], output }])[0];

  it('VIP service + no IPVS in the task netns', () => {
    const o = out([
      'SG-FACT ipvs no',
      'SG-DNS test_vip OK 10.0.1.2',
      'SG-TCP test_vip 10.0.1.2 80 1 nc: timed out',
      'SG-DNS tasks.test_vip OK 10.0.1.3',
      'SG-TCP tasks.test_vip 10.0.1.3 80 0',
    ]);
    const pair = fromNginx(vip, o);
    expect(pair?.status).toBe('timeout');
    expect(pair?.cause).toMatch(/^VIP addresses do not route on this node: the kernel has no IPVS \(ip_vs\); the task addresses \(tasks.test_vip\) answer/);
  });

  it('encrypted overlay across nodes, kernel without ESP: no IPsec SAs', () => {
    const o = out(['SG-FACT ipvs no', 'SG-FACT esp-config # CONFIG_INET_ESP is not set', ...HTTPD_TIMES_OUT]);
    const pair = fromNginx(httpd, o);
    expect(pair?.cause).toMatch(/^traffic is dropped: no IPsec SAs — the kernel of node1 has no ESP support/);
    expect(pair?.cause).toContain('node2 (192.168.56.12)');
  });

  it('encrypted overlay across nodes, ESP supported but no SA: names the drop counter', () => {
    const o = out(['SG-FACT ipvs yes', 'SG-FACT esp-config CONFIG_INET_ESP=m', ...HTTPD_TIMES_OUT]);
    const pair = fromNginx(httpd, o);
    expect(pair?.cause).toBe('traffic is dropped: no IPsec SAs from node1 to node2 on encrypted network test_encrypted (XfrmOutNoStates=12)');
  });

  it('encrypted overlay, SAs present, firewall drops ESP', () => {
    const withSa = snapshot(
      true,
      facts({
        xfrm: {
          states: [{ src: '192.168.56.11', dst: '192.168.56.12', proto: 'esp', spi: '0x1', reqid: 13681891, mode: 'transport', algorithms: [] }],
          errors: [],
        },
        firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-port50.txt') }),
      }),
    );
    const o = out(['SG-FACT ipvs yes', ...HTTPD_TIMES_OUT]);
    const [pair] = evaluatePairs(withSa, [{ task: fromA, networkId: 'NET', service: withSa.services[0]!, targets: [withSa.services[1]!], output: o }]);
    expect(pair?.cause).toMatch(/^the firewall of node1 drops ESP \(IP protocol 50\) from node2/);
  });

  it('plain overlay across nodes: firewall dropping VXLAN, or the generic advice', () => {
    const plain = snapshot(
      false,
      facts({ firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 7946,4789', '--dports 7946') }) }),
    );
    const o = out([...HTTPD_TIMES_OUT]);
    const tp: TaskProbe = { task: plain.tasks[0]!, networkId: 'NET', service: plain.services[0]!, targets: [plain.services[1]!], output: o };
    expect(evaluatePairs(plain, [tp])[0]?.cause).toMatch(/^the firewall of node1 drops VXLAN \(4789\/udp\) from node2/);
    const open = snapshot(false, facts());
    expect(evaluatePairs(open, [{ ...tp, service: open.services[0]!, targets: [open.services[1]!] }])[0]?.cause).toMatch(
      /^no answer across nodes \(node1 → node2 \(192.168.56.12\)\): check 4789\/udp/,
    );
  });

  it('refused, DNS failure, same-node timeout; OK has no cause', () => {
    const refused = out(['SG-DNS test_httpd OK 10.0.1.7', "SG-TCP test_httpd 10.0.1.7 80 1 nc: can't connect to remote host (10.0.1.7): Connection refused"]);
    expect(fromNginx(httpd, refused)?.cause).toMatch(/^connection refused: nothing listens on port 80/);
    const nx = out(["SG-DNS test_httpd FAIL ** server can't find test_httpd: NXDOMAIN"]);
    const dns = fromNginx(httpd, nx);
    expect(dns?.status).toBe('DNS failed');
    expect(dns?.cause).toMatch(/embedded DNS \(127.0.0.11\) did not resolve test_httpd/);
    const same = out(['SG-FACT ipvs yes', 'SG-DNS test_vip OK 10.0.1.3', 'SG-TCP test_vip 10.0.1.3 80 1 nc: timed out']);
    const vipDnsrr = { ...vip, endpointMode: 'dnsrr' as const, vips: [] };
    expect(fromNginx(vipDnsrr, same)?.cause).toMatch(/same node \(node1\)/);
    const ok = out(['SG-DNS test_httpd OK 10.0.1.7', 'SG-TCP test_httpd 10.0.1.7 80 0']);
    const okPair = fromNginx(httpd, ok)!;
    expect(okPair.status).toBe('OK');
    expect(explainFailure(okPair, { snapshot: s, from: fromA, target: httpd, output: ok })).toBeUndefined();
  });

  it('a probe that did not run, or a target without port, is reported as not verified', () => {
    const noPort = { ...httpd, ports: [] };
    const pairs = evaluatePairs(s, [
      { task: fromA, networkId: 'NET', service: nginx, targets: [httpd], error: rawMessage('probe image busybox:stable is not on this node') },
      { task: fromA, networkId: 'NET', service: nginx, targets: [noPort], output: out([]) },
    ]);
    // A probe that printed no DNS line for the name: the name was not resolved.
    expect(pairs.map((p) => p.status)).toEqual(['not run', 'DNS failed']);
    const f = verifyFindings(s, pairs).filter((x) => x.id === 'stack-probe-not-run');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('MEDIUM');
  });

  it('a target without any known port gets its name resolved only: INFO, not MEDIUM', () => {
    const noPort = { ...httpd, ports: [] };
    const pairs = evaluatePairs(s, [{ task: fromA, networkId: 'NET', service: nginx, targets: [noPort], output: out(['SG-DNS test_httpd OK 10.0.1.7']) }]);
    expect(pairs).toEqual([expect.objectContaining({ status: 'DNS only', addresses: ['10.0.1.7'] })]);
    expect(verifyFindings(s, pairs).filter((x) => x.id.startsWith('stack-probe'))).toEqual([
      expect.objectContaining({ id: 'stack-probe-dns-only', severity: 'INFO' }),
    ]);
    const nx = evaluatePairs(s, [
      { task: fromA, networkId: 'NET', service: nginx, targets: [noPort], output: out(["SG-DNS test_httpd FAIL ** server can't find test_httpd: NXDOMAIN"]) },
    ]);
    expect(nx[0]?.status).toBe('DNS failed');
  });

  it('a dnsrr name that still resolves to a stale VIP: every address is tried and the stale one is named with the remedy', () => {
    const o = out(['SG-DNS test_httpd OK 10.0.1.7 10.0.1.250', 'SG-TCP test_httpd 10.0.1.7 80 0', 'SG-TCP test_httpd 10.0.1.250 80 1 nc: timed out']);
    const pair = fromNginx(httpd, o);
    expect(pair?.status).toBe('timeout');
    expect(pair?.failed).toEqual(['10.0.1.250']);
    expect(pair?.detail).toMatch(/10\.0\.1\.250: nc: timed out; 10\.0\.1\.7 answered/);
    expect(pair?.cause).toMatch(
      /^stale VIP: test_httpd \(endpoint_mode dnsrr\) resolves to 2 addresses for 1 running task\(s\); 10\.0\.1\.250 belongs to no task/,
    );
    expect(pair?.cause).toMatch(/docker service rm test_httpd/);
    // A task address that does not answer is not a stale VIP.
    const down = out([...HTTPD_TIMES_OUT]);
    expect(fromNginx(httpd, down)?.cause).not.toMatch(/stale/);
  });
});

describe('verifyFindings', () => {
  it('flags unconverged services, unencrypted stack networks and failed pairs; nothing when all is well', () => {
    const s = snapshot(false);
    const ids = verifyFindings(s, [])
      .map((f) => f.id)
      .sort();
    expect(ids).toEqual(['overlay-not-encrypted', 'stack-service-not-converged']);
    const ok = snapshot(true);
    ok.services.forEach((x) => (x.running = x.desired));
    expect(verifyFindings(ok, [])).toEqual([]);
  });
});
