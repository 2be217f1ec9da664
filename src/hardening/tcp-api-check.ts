// The check "Docker API over TCP only with TLS client authentication": config plus an active loopback probe.
import { defineCheck, findingOf, type Occurrence } from '../core/check.js';
import { cis, type Finding } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { daemonApiConfig, parseDockerdArgv, readDaemonJson, tcpHosts, unauthenticatedApiHosts } from './daemon-config.js';
import { findDockerdProcesses, type DockerdProcess } from './dockerd-process.js';
import { HOST_CATEGORY, type DaemonApiFacts, type HostTipInput } from './check.js';
import { hardeningMessages as M } from './messages.js';
import { probeTcpApi } from './tcp-api-probe.js';

export const tcpApiCheck = defineCheck<HostTipInput>(
  {
    id: 'engine-api-tcp-unauthenticated',
    title: 'Docker API reachable over TCP without TLS client authentication',
    severity: 'CRITICAL',
    description:
      'Whoever can open a connection to an unauthenticated Docker API controls the engine, and through it the host (root). ' +
      'Over TCP the API must require TLS with client certificates (--tlsverify), or be reached over SSH.',
    remediation:
      'Remove tcp:// hosts from dockerd, or start it with --tlsverify --tlscacert --tlscert --tlskey (daemon.json "tlsverify": true); ' +
      'remote clients use DOCKER_HOST=ssh://user@host or tcp:// with DOCKER_TLS_VERIFY=1.',
    references: [cis('2.7'), nistRef('4.3.1'), nistRef('4.5.4')],
  },
  ({ facts }) => tcpApiOccurrences(facts.daemons, facts.hostname),
);

/** Swarm's own ports (control plane with mutual TLS, gossip): not the Docker API unless configured as one. */
const SWARM_PORTS = new Set([2377, 7946]);

const LOOPBACK_OR_ANY = /^(127\.|0\.0\.0\.0$|::$|::1$|::ffff:127\.)/;

/** Collects the facts: running dockerds, their config, their TCP listeners, and a loopback probe of each. */
export async function collectDaemonApiFacts(procRoot = '/proc', probe = probeTcpApi): Promise<DaemonApiFacts[]> {
  const procs: DockerdProcess[] = await findDockerdProcesses(procRoot);
  const out: DaemonApiFacts[] = [];
  for (const p of procs) {
    // No daemon.json, or unreadable: argv alone.
    const config = daemonApiConfig(p.argv, (await readDaemonJson(parseDockerdArgv(p.argv).configFile)).config);
    const probes: DaemonApiFacts['probes'] = [];
    const seen = new Set<number>();
    const configured = new Set(tcpHosts(config).map((h) => h.port));
    for (const l of p.listeners) {
      if (seen.has(l.port) || (SWARM_PORTS.has(l.port) && !configured.has(l.port))) continue;
      seen.add(l.port);
      // Loopback only: a socket bound to a specific external address is judged from config alone.
      if (!LOOPBACK_OR_ANY.test(l.address)) continue;
      probes.push({ port: l.port, bind: l.address, result: await probe(l.port, l.address.includes(':') && l.address !== '::' ? '::1' : '127.0.0.1') });
    }
    out.push({ pid: p.pid, config, listeners: p.listeners, probes });
  }
  return out;
}

/** Pure: facts in, occurrences out (an open port is CRITICAL, a configured but unprobed one HIGH). */
function tcpApiOccurrences(facts: readonly DaemonApiFacts[], hostname: string): Occurrence[] {
  const findings: Occurrence[] = [];
  for (const d of facts) {
    for (const pr of d.probes) {
      const endpoint = `tcp://${pr.bind.includes(':') ? `[${pr.bind}]` : pr.bind}:${pr.port}`;
      if (pr.result.kind === 'open-http' || pr.result.kind === 'open-tls') {
        findings.push({
          severity: 'CRITICAL',
          target: { kind: 'engine', endpoint },
          message:
            pr.result.kind === 'open-http'
              ? M.say('hardening.rule.apiOverHttp', { pid: d.pid, endpoint, hostname })
              : M.say('hardening.rule.apiOverTlsUnverified', { pid: d.pid, endpoint }),
          evidence: { pid: d.pid, probe: pr.result.kind, apiVersion: pr.result.apiVersion ?? null, tls: d.config.tls, tlsverify: d.config.tlsVerify },
        });
      }
    }
    const probed = new Set(d.probes.map((p) => p.port));
    const open = new Set(unauthenticatedApiHosts(d.config));
    for (const h of tcpHosts(d.config)) {
      if (probed.has(h.port) || !open.has(h.raw)) continue;
      findings.push({
        severity: 'HIGH',
        target: { kind: 'engine', endpoint: h.raw },
        message: M.say('hardening.rule.apiNotProbed', { pid: d.pid, host: h.raw }),
        evidence: { pid: d.pid, host: h.raw, tls: d.config.tls, tlsverify: false },
      });
    }
  }
  return findings;
}

/** The check's findings for these daemons alone (as `host check` reports them). */
export function checkTcpApi(facts: readonly DaemonApiFacts[], hostname: string): Finding[] {
  return tcpApiOccurrences(facts, hostname).map((o) => findingOf(tcpApiCheck.meta, o, HOST_CATEGORY));
}
