// A small common model of packet-filter rules (from iptables-save or nft JSON) and the question we ask of it:
// would a NEW packet of this protocol/port from this node address be accepted on the INPUT path?
import type { Message } from '../core/message.js';

/** IP protocol numbers we care about, and the names iptables/nft print for them. */
export const IP_PROTOCOLS: Record<string, number> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  sctp: 132,
  udplite: 136,
};
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ESP = 50;

export function protocolNumber(name: string): number | undefined {
  const n = name.trim().toLowerCase();
  if (/^\d{1,3}$/.test(n)) {
    const v = Number(n);
    return v <= 255 ? v : undefined;
  }
  return IP_PROTOCOLS[n];
}

export function protocolName(n: number): string {
  for (const [k, v] of Object.entries(IP_PROTOCOLS)) if (v === n && k !== 'ipv6-icmp') return k;
  return String(n);
}

export interface PortRange {
  from: number;
  to: number;
}

export type Match =
  | { kind: 'proto'; proto: number; negate: boolean }
  | { kind: 'dport'; ports: PortRange[]; negate: boolean }
  | { kind: 'saddr'; cidrs: string[]; negate: boolean }
  | { kind: 'iif'; names: string[]; negate: boolean }
  | { kind: 'ctstate'; states: string[]; negate: boolean }
  /** A condition we do not model (string match, set lookup, rate limit…): it may or may not match. */
  | { kind: 'unknown'; text: string };

export type Action =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'reject' }
  | { kind: 'return' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string }
  /** Non-terminating (LOG, counter, MARK…) or no target at all. */
  | { kind: 'none' }
  /** A terminating target we do not model (NFQUEUE…). */
  | { kind: 'other'; name: string };

export interface FwRule {
  matches: Match[];
  action: Action;
  /** The rule as the source printed it, for evidence. */
  text: string;
}

export interface FwChain {
  name: string;
  /** Base chains only: the hook they run on ("input", "forward"…). */
  hook?: string;
  priority?: number;
  policy?: 'accept' | 'drop';
  rules: FwRule[];
}

export interface FwTable {
  family: string;
  name: string;
  chains: FwChain[];
}

export interface Ruleset {
  source: 'iptables' | 'nftables';
  tables: FwTable[];
}

export interface ParseResult<T> {
  value: T;
  /** Lines or objects that could not be understood (they are skipped, not guessed), by message id. */
  warnings: Message[];
}

/** A packet arriving at this node from another node. */
export interface Packet {
  proto: number;
  dport?: number;
  /** The peer's address; unknown when the cluster's addresses are not known. */
  saddr?: string;
  iif?: string;
}

export type FinalVerdict = 'accept' | 'drop';

export interface Evaluation {
  verdict: FinalVerdict;
  /** The rule (or policy) that decided, e.g. "filter/INPUT: -A INPUT -p tcp --dport 22 -j ACCEPT" or "filter/INPUT policy DROP". */
  decidedBy: string;
  /** Rules skipped because a condition could not be decided; they might change the answer. */
  uncertain: string[];
}

// ---------------------------------------------------------------- addresses --

function ipv4ToInt(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v;
}

/** True/false for IPv4; undefined when either side is not IPv4 (then the rule cannot be decided). */
export function cidrContains(cidr: string, addr: string): boolean | undefined {
  const [net, lenText] = cidr.split('/');
  const a = ipv4ToInt(addr);
  const n = ipv4ToInt(net ?? '');
  if (a === undefined || n === undefined) return undefined;
  const len = lenText === undefined ? 32 : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > 32) return undefined;
  if (len === 0) return true;
  const size = 2 ** (32 - len);
  return Math.floor(a / size) === Math.floor(n / size);
}

function ifaceMatches(pattern: string, name: string): boolean {
  // iptables and nft both use a trailing "+" / "*" as a prefix wildcard.
  if (pattern.endsWith('+') || pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

// --------------------------------------------------------------- evaluation --

type Tri = 'yes' | 'no' | 'maybe';

function negate(t: Tri, neg: boolean): Tri {
  if (!neg || t === 'maybe') return t;
  return t === 'yes' ? 'no' : 'yes';
}

export function matchPacket(m: Match, p: Packet): Tri {
  switch (m.kind) {
    case 'proto':
      return negate(m.proto === 0 || m.proto === p.proto ? 'yes' : 'no', m.negate);
    case 'dport':
      if (p.dport === undefined) return negate('no', m.negate);
      return negate(m.ports.some((r) => p.dport! >= r.from && p.dport! <= r.to) ? 'yes' : 'no', m.negate);
    case 'saddr': {
      if (p.saddr === undefined) return 'maybe';
      const res = m.cidrs.map((c) => cidrContains(c, p.saddr!));
      if (res.some((r) => r === true)) return negate('yes', m.negate);
      if (res.some((r) => r === undefined)) return 'maybe';
      return negate('no', m.negate);
    }
    case 'iif':
      if (p.iif === undefined) return 'maybe';
      return negate(m.names.some((n) => ifaceMatches(n, p.iif!)) ? 'yes' : 'no', m.negate);
    case 'ctstate':
      // The packets we ask about open a connection: conntrack state "new" (or "untracked" never).
      return negate(m.states.map((s) => s.toLowerCase()).includes('new') ? 'yes' : 'no', m.negate);
    case 'unknown':
      return 'maybe';
  }
}

export function matchRule(r: FwRule, p: Packet): Tri {
  let result: Tri = 'yes';
  for (const m of r.matches) {
    const t = matchPacket(m, p);
    if (t === 'no') return 'no';
    if (t === 'maybe') result = 'maybe';
  }
  return result;
}

type ChainOutcome = { verdict: FinalVerdict | 'return' | 'continue'; decidedBy?: string };

function runChain(table: FwTable, chain: FwChain, p: Packet, uncertain: string[], depth: number): ChainOutcome {
  if (depth > 32) {
    uncertain.push(`${table.name}/${chain.name}: chain nesting deeper than 32`);
    return { verdict: 'continue' };
  }
  for (const rule of chain.rules) {
    const t = matchRule(rule, p);
    if (t === 'no') continue;
    const where = `${table.family === 'iptables' ? '' : `${table.family} `}${table.name}/${chain.name}: ${rule.text}`;
    if (t === 'maybe') {
      if (rule.action.kind !== 'none') uncertain.push(where);
      continue;
    }
    const a = rule.action;
    switch (a.kind) {
      case 'none':
        continue;
      case 'accept':
        return { verdict: 'accept', decidedBy: where };
      case 'drop':
      case 'reject':
        return { verdict: 'drop', decidedBy: where };
      case 'return':
        return { verdict: 'return' };
      case 'other':
        uncertain.push(where);
        continue;
      case 'jump':
      case 'goto': {
        const target = table.chains.find((c) => c.name === a.chain);
        if (!target) {
          uncertain.push(`${where} (chain ${a.chain} not found)`);
          continue;
        }
        const sub = runChain(table, target, p, uncertain, depth + 1);
        if (sub.verdict === 'accept' || sub.verdict === 'drop') return sub;
        if (a.kind === 'goto') return { verdict: 'return' };
        continue;
      }
    }
  }
  return { verdict: 'continue' };
}

/** Every base chain on the input hook, lowest priority first (nft runs them all; a drop anywhere is final). */
export function inputChains(rs: Ruleset, family: 'ipv4' = 'ipv4'): { table: FwTable; chain: FwChain }[] {
  const out: { table: FwTable; chain: FwChain }[] = [];
  for (const table of rs.tables) {
    if (family === 'ipv4' && !['ip', 'inet', 'iptables'].includes(table.family)) continue;
    for (const chain of table.chains) if (chain.hook === 'input') out.push({ table, chain });
  }
  return out.sort((a, b) => (a.chain.priority ?? 0) - (b.chain.priority ?? 0));
}

/** Walks the input path of one ruleset. No input chain at all means nothing filters: accept. */
export function evaluateInput(rs: Ruleset, p: Packet): Evaluation {
  const uncertain: string[] = [];
  let decidedBy = 'no input filter rules';
  for (const { table, chain } of inputChains(rs)) {
    const out = runChain(table, chain, p, uncertain, 0);
    if (out.verdict === 'drop') return { verdict: 'drop', decidedBy: out.decidedBy ?? '', uncertain };
    if (out.verdict === 'accept') {
      decidedBy = out.decidedBy ?? '';
      continue;
    }
    const policy = chain.policy ?? 'accept';
    const label = `${table.family === 'iptables' ? '' : `${table.family} `}${table.name}/${chain.name} policy ${policy.toUpperCase()}`;
    if (policy === 'drop') return { verdict: 'drop', decidedBy: label, uncertain };
    decidedBy = label;
  }
  return { verdict: 'accept', decidedBy, uncertain };
}

/** Several rulesets filter in turn (iptables-legacy and nftables both hook input): all must accept. */
export function evaluateAll(rulesets: Ruleset[], p: Packet): Evaluation {
  const uncertain: string[] = [];
  let last: Evaluation = { verdict: 'accept', decidedBy: 'no firewall rules', uncertain };
  for (const rs of rulesets) {
    const e = evaluateInput(rs, p);
    uncertain.push(...e.uncertain);
    if (e.verdict === 'drop') return { ...e, uncertain };
    last = { ...e, uncertain };
  }
  return last;
}

/** Accepting rules on the input path that open TCP/UDP port 50: the mistake for "ESP" (IP protocol 50). */
export function port50Rules(rs: Ruleset): string[] {
  const out: string[] = [];
  for (const { table, chain } of inputChains(rs)) {
    const visit = (c: FwChain, depth: number) => {
      if (depth > 8) return;
      for (const r of c.rules) {
        const opens50 = r.matches.some((m) => m.kind === 'dport' && !m.negate && m.ports.some((x) => x.from === 50 && x.to === 50));
        if (opens50 && r.action.kind === 'accept') out.push(`${table.name}/${c.name}: ${r.text}`);
        if (r.action.kind === 'jump' || r.action.kind === 'goto') {
          const target = (r.action as { chain: string }).chain;
          const sub = table.chains.find((x) => x.name === target);
          if (sub) visit(sub, depth + 1);
        }
      }
    };
    visit(chain, 0);
  }
  return [...new Set(out)];
}
