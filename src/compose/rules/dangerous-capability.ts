// cap_add of capabilities that break container isolation (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL…).
import { cis, nist } from '../../core/finding.js';
import type { Finding } from '../../core/finding.js';
import { defineRule, report, services } from './rule.js';

/** Why each capability is dangerous, in a few words. */
export const DANGEROUS_CAPS: Record<string, string> = {
  ALL: 'every capability: nearly root on the host',
  SYS_ADMIN: 'mount, namespaces, BPF, many escape paths',
  SYS_MODULE: 'load kernel modules',
  SYS_PTRACE: 'trace and inject into other processes',
  SYS_RAWIO: 'raw I/O ports and memory',
  SYS_BOOT: 'reboot the host',
  SYS_TIME: 'set the host clock',
  DAC_READ_SEARCH: 'open any file by handle (the "shocker" escape)',
  DAC_OVERRIDE: 'ignore file permissions',
  NET_ADMIN: 'reconfigure interfaces, routes and firewall',
  NET_RAW: 'raw sockets: spoofing and sniffing',
  MAC_ADMIN: 'change the LSM (AppArmor/SELinux) policy',
  MAC_OVERRIDE: 'bypass the LSM policy',
  BPF: 'load BPF programs',
  PERFMON: 'kernel performance monitoring',
  SYSLOG: 'read the kernel log (addresses)',
  SETFCAP: 'set file capabilities',
  LINUX_IMMUTABLE: 'change immutable files',
};

export function normalizeCap(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

export const dangerousCapability = defineRule(
  {
    id: 'dangerous-capability',
    title: 'Dangerous Linux capability added',
    severity: 'HIGH',
    description:
      'cap_add grants kernel capabilities beyond Docker\'s default set. SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, ' +
      'NET_ADMIN, ALL and similar ones let a compromised process escape the container or take over the node\'s network.',
    remediation: 'Remove the capability; if the program needs one narrow privilege, grant only that one and drop ALL others (`cap_drop: [ALL]`).',
    references: [cis('5.3', 'Ensure that Linux kernel capabilities are restricted within containers'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (ctx) => {
    const out: Finding[] = [];
    for (const svc of services(ctx)) {
      svc.capAdd.forEach((cap, i) => {
        const c = normalizeCap(cap);
        const why = DANGEROUS_CAPS[c];
        if (why === undefined) return;
        out.push(
          report(dangerousCapability.meta, ctx, ['services', svc.name, 'cap_add', i], `service "${svc.name}" adds ${c}: ${why}`, {
            evidence: { service: svc.name, capability: c },
            ...(c === 'ALL' || c === 'SYS_ADMIN' || c === 'SYS_MODULE' ? { severity: 'CRITICAL' as const } : {}),
          }),
        );
      });
    }
    return out;
  },
);
