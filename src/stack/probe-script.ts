// The connectivity probe: a POSIX sh script for busybox (nslookup, nc, timeout, awk), and the parser of what it prints.
// It runs inside the task's network namespace (or beside the task on the same node), never inside the task's own image.

export interface ProbeTarget {
  /** The DNS name to resolve through Swarm's embedded DNS, e.g. "test_httpd". */
  name: string;
  ports: number[];
  /** Also resolve and try "tasks.NAME" (the task addresses), to tell a VIP failure from an overlay failure. */
  tasksToo: boolean;
}

export interface ProbeScriptOptions {
  timeoutSeconds: number;
  /** At most this many addresses tried per name (dnsrr can return many). */
  maxAddresses?: number;
  /** A line sent after connecting (off by default: most services should not receive stray bytes). */
  marker?: string;
}

/** Names and markers end up inside a shell script: only these characters are ever allowed. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;
const SAFE_MARKER = /^[A-Za-z0-9 _.:=-]{1,200}$/;

export function isSafeProbeName(name: string): boolean {
  return SAFE_NAME.test(name);
}

export function buildProbeScript(targets: ProbeTarget[], opts: ProbeScriptOptions): string {
  const t = Math.max(1, Math.min(60, Math.round(opts.timeoutSeconds)));
  const max = Math.max(1, Math.min(16, opts.maxAddresses ?? 4));
  if (opts.marker !== undefined && !SAFE_MARKER.test(opts.marker)) throw new Error(`unsafe probe marker "${opts.marker}"`);
  const lines: string[] = [
    // Facts of this network namespace and kernel: IPVS is per netns; the kernel config is global.
    'if [ -e /proc/net/ip_vs ]; then echo "SG-FACT ipvs yes"; else echo "SG-FACT ipvs no"; fi',
    'if [ -r /proc/config.gz ]; then esp=$(zcat /proc/config.gz 2>/dev/null | grep -E "^(# )?CONFIG_INET_ESP[= ]" | head -1); echo "SG-FACT esp-config ${esp:-absent}"; fi',
    'if grep -q "rfc4106(gcm(aes))" /proc/crypto 2>/dev/null; then echo "SG-FACT gcm yes"; fi',
    'echo "SG-FACT hostname $(hostname)"',
    `resolve() { nslookup "$1" 127.0.0.11 2>&1 | awk '/^Name:/{f=1} f && /^Address/ { sub(/^Address[^:]*:[ \\t]*/, ""); split($0, a, " "); print a[1] }' | head -${max} | tr '\\n' ' '; }`,
    `connect() { ${
      opts.marker !== undefined
        ? `out=$(echo "${opts.marker}" | timeout ${t + 2} nc -w ${t} "$1" "$2" 2>&1 >/dev/null)`
        : `out=$(timeout ${t + 2} nc -w ${t} "$1" "$2" </dev/null 2>&1 >/dev/null)`
    }; rc=$?; echo "SG-TCP $3 $1 $2 $rc $(echo "$out" | tr '\\n' ' ' | cut -c1-160)"; }`,
    'probe() { name=$1; shift; addrs=$(resolve "$name"); if [ -z "$addrs" ]; then echo "SG-DNS $name FAIL $(nslookup "$name" 127.0.0.11 2>&1 | grep -iE "can.t find|timed out|no servers|NXDOMAIN|SERVFAIL" | head -1 | tr -s " " | cut -c1-120)"; return; fi; echo "SG-DNS $name OK $addrs"; for p in "$@"; do for a in $addrs; do connect "$a" "$p" "$name"; done; done; }',
  ];
  for (const target of targets) {
    if (!SAFE_NAME.test(target.name)) throw new Error(`unsafe service name "${target.name}"`);
    const ports = target.ports.filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
    lines.push(`probe ${target.name} ${ports.join(' ')}`);
    if (target.tasksToo) lines.push(`probe tasks.${target.name} ${ports.join(' ')}`);
  }
  lines.push('echo "SG-END"');
  return lines.join('\n');
}

export type TcpOutcome = 'ok' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface DnsResult {
  name: string;
  ok: boolean;
  addresses: string[];
  error?: string;
}

export interface TcpResult {
  name: string;
  address: string;
  port: number;
  outcome: TcpOutcome;
  detail: string;
}

export interface ProbeOutput {
  facts: { ipvs?: boolean; espConfig?: string; gcm?: boolean; hostname?: string };
  dns: DnsResult[];
  tcp: TcpResult[];
  /** The script ran to its end (SG-END seen). */
  complete: boolean;
}

export function classifyTcp(rc: number, message: string): TcpOutcome {
  if (rc === 0) return 'ok';
  const m = message.toLowerCase();
  if (m.includes('refused')) return 'refused';
  if (m.includes('no route') || m.includes('unreachable')) return 'unreachable';
  if (m.includes('timed out') || rc === 124 || rc === 143) return 'timeout';
  return 'error';
}

/** Parses the probe's output; lines it does not know (and any noise) are ignored. */
export function parseProbeOutput(text: string): ProbeOutput {
  const out: ProbeOutput = { facts: {}, dns: [], tcp: [], complete: false };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const w = line.split(/\s+/);
    switch (w[0]) {
      case 'SG-FACT':
        if (w[1] === 'ipvs') out.facts.ipvs = w[2] === 'yes';
        else if (w[1] === 'esp-config') out.facts.espConfig = w.slice(2).join(' ');
        else if (w[1] === 'gcm') out.facts.gcm = w[2] === 'yes';
        else if (w[1] === 'hostname' && w[2]) out.facts.hostname = w[2];
        break;
      case 'SG-DNS':
        if (w[1] && (w[2] === 'OK' || w[2] === 'FAIL')) {
          const ok = w[2] === 'OK';
          const rest = w.slice(3).filter(Boolean);
          out.dns.push({ name: w[1], ok, addresses: ok ? rest : [], ...(ok ? {} : { error: rest.join(' ') || 'no address' }) });
        }
        break;
      case 'SG-TCP': {
        const [, name, address, port, rc] = w;
        if (!name || !address || !port || !/^\d+$/.test(port) || rc === undefined || !/^\d+$/.test(rc)) break;
        const detail = w.slice(5).join(' ');
        out.tcp.push({ name, address, port: Number(port), outcome: classifyTcp(Number(rc), detail), detail });
        break;
      }
      case 'SG-END':
        out.complete = true;
        break;
    }
  }
  return out;
}

/** Splits Docker's multiplexed log stream (8-byte frame headers) into text; plain text passes through. */
export function demuxDockerLogs(buf: Buffer): string {
  let out = '';
  let i = 0;
  const looksFramed = buf.length >= 8 && (buf[0] === 1 || buf[0] === 2) && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!looksFramed) return buf.toString('utf8');
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  return out;
}
