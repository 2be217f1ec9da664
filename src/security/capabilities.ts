// Which added Linux capabilities break isolation? One answer for compose lint, CIS 5.4 and the swarm audit.

/** Why each capability is dangerous, in a few words. */
export const DANGEROUS_CAPABILITIES: Readonly<Record<string, string>> = {
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

/** Escapes in one step: reported as CRITICAL. */
const ESCAPE_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE']);

/** "cap_sys_admin", " SYS_ADMIN" and "CAP_SYS_ADMIN" are one capability. */
export function normalizeCapability(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

export interface DangerousCapability {
  capability: string;
  why: string;
  /** One step from owning the node. */
  escape: boolean;
}

/** The dangerous ones among added capabilities, normalized, in the order given, each once. */
export function dangerousCapabilities(added: readonly string[]): DangerousCapability[] {
  const seen = new Set<string>();
  const out: DangerousCapability[] = [];
  for (const raw of added) {
    const capability = normalizeCapability(raw);
    const why = DANGEROUS_CAPABILITIES[capability];
    if (why === undefined || seen.has(capability)) continue;
    seen.add(capability);
    out.push({ capability, why, escape: ESCAPE_CAPABILITIES.has(capability) });
  }
  return out;
}

/** True when the drop list drops every capability. */
export const dropsAllCapabilities = (dropped: readonly string[]): boolean => dropped.some((c) => normalizeCapability(c) === 'ALL');
