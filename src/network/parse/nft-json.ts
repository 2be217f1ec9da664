// Parses `nft -j list ruleset` into the common firewall model: tables, base chains with hook/priority/policy, rules.
import { InputError } from '../../core/errors.js';
import { rawMessage } from '../../core/message.js';
import { networkMessages as M } from '../messages.js';
import { parseEach } from './each.js';
import { iptablesTarget } from './iptables-save.js';
import { protocolNumber, PROTO_ESP, PROTO_TCP, PROTO_UDP } from '../firewall.js';
import type { Action, FwChain, FwTable, Match, ParseResult, PortRange, Ruleset } from '../firewall.js';

export interface NftRuleset extends Ruleset {
  source: 'nftables';
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Statements that neither filter nor decide. */
const IGNORED = new Set(['counter', 'log', 'comment', 'mangle', 'meta', 'ct helper', 'notrack', 'flow', 'dup', 'fwd', 'synproxy', 'secmark', 'quota counter']);
const PRIORITY_NAMES: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

/** A value on the right of a match: a number, a name, a range, a set of those, a prefix. */
function values(v: Json): Json[] {
  if (isObj(v) && Array.isArray(v.set)) return v.set;
  if (Array.isArray(v)) return v;
  return [v];
}

function portRanges(v: Json): PortRange[] | undefined {
  const out: PortRange[] = [];
  for (const x of values(v)) {
    if (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 65535) out.push({ from: x, to: x });
    else if (typeof x === 'string' && /^\d{1,5}$/.test(x) && Number(x) <= 65535) out.push({ from: Number(x), to: Number(x) });
    else if (isObj(x) && Array.isArray(x.range) && x.range.length === 2) {
      const range: unknown[] = x.range;
      const [a, b] = range;
      if (typeof a !== 'number' || typeof b !== 'number' || a > b || a < 0 || b > 65535) return undefined;
      out.push({ from: a, to: b });
    } else return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function protocols(v: Json): number[] | undefined {
  const out: number[] = [];
  for (const x of values(v)) {
    const n = typeof x === 'number' ? x : typeof x === 'string' ? protocolNumber(x) : undefined;
    if (n === undefined || n < 0 || n > 255) return undefined;
    out.push(n);
  }
  return out.length > 0 ? out : undefined;
}

function cidrs(v: Json): string[] | undefined {
  const out: string[] = [];
  for (const x of values(v)) {
    if (typeof x === 'string') out.push(x);
    else if (isObj(x) && isObj(x.prefix) && typeof x.prefix.addr === 'string' && typeof x.prefix.len === 'number') out.push(`${x.prefix.addr}/${x.prefix.len}`);
    else return undefined;
  }
  return out.length > 0 ? out : undefined;
}

function short(v: Json): string {
  const s = JSON.stringify(v) ?? '';
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** One `match` statement into model matches; anything not modelled becomes `unknown`. */
export function parseMatch(m: Record<string, Json>): Match[] {
  const op = typeof m.op === 'string' ? m.op : '==';
  const negate = op === '!=';
  if (!['==', '!=', 'in'].includes(op)) return [{ kind: 'unknown', text: short(m) }];
  const left = m.left;
  const right = m.right;
  const unknown: Match[] = [{ kind: 'unknown', text: short(m) }];
  if (!isObj(left)) return unknown;
  if (isObj(left.meta) && (left.meta.key === 'l4proto' || left.meta.key === 'protocol')) {
    if (left.meta.key === 'protocol') return unknown; // ethertype, not the IP protocol
    const ps = protocols(right);
    if (!ps) return unknown;
    return ps.length === 1 ? [{ kind: 'proto', proto: ps[0]!, negate }] : unknown;
  }
  if (isObj(left.meta) && (left.meta.key === 'iifname' || left.meta.key === 'iif')) {
    const names = values(right)
      .filter((x): x is string => typeof x === 'string')
      .map((n) => n.replace(/\*$/, '+'));
    return names.length > 0 ? [{ kind: 'iif', names, negate }] : unknown;
  }
  if (isObj(left.meta) && (left.meta.key === 'oifname' || left.meta.key === 'oif')) return []; // no output interface on input
  if (isObj(left.payload)) {
    const proto = left.payload.protocol;
    const field = left.payload.field;
    if ((proto === 'ip' && field === 'protocol') || (proto === 'ip6' && field === 'nexthdr')) {
      const ps = protocols(right);
      if (ps && ps.length === 1) return [{ kind: 'proto', proto: ps[0]!, negate }];
      return unknown;
    }
    if ((proto === 'tcp' || proto === 'udp' || proto === 'th' || proto === 'sctp') && field === 'dport') {
      const ports = portRanges(right);
      if (!ports) return unknown;
      const out: Match[] = [];
      // `tcp dport 2377` also means "protocol tcp", even when negated on the port.
      if (proto === 'tcp') out.push({ kind: 'proto', proto: PROTO_TCP, negate: false });
      if (proto === 'udp') out.push({ kind: 'proto', proto: PROTO_UDP, negate: false });
      if (proto === 'sctp') out.push({ kind: 'proto', proto: 132, negate: false });
      out.push({ kind: 'dport', ports, negate });
      return out;
    }
    if ((proto === 'tcp' || proto === 'udp') && field === 'sport') {
      return [
        { kind: 'proto', proto: proto === 'tcp' ? PROTO_TCP : PROTO_UDP, negate: false },
        { kind: 'unknown', text: short(m) },
      ];
    }
    if (proto === 'esp')
      return [
        { kind: 'proto', proto: PROTO_ESP, negate: false },
        { kind: 'unknown', text: short(m) },
      ];
    if (proto === 'ip' && field === 'saddr') {
      const cs = cidrs(right);
      return cs ? [{ kind: 'saddr', cidrs: cs, negate }] : unknown;
    }
    if (proto === 'ip' && field === 'daddr') return unknown;
  }
  if (isObj(left.ct) && left.ct.key === 'state') {
    const states = values(right).filter((x): x is string => typeof x === 'string');
    return states.length > 0 ? [{ kind: 'ctstate', states, negate }] : unknown;
  }
  return unknown;
}

function parseVerdict(stmt: Record<string, Json>): Action | undefined {
  if ('accept' in stmt) return { kind: 'accept' };
  if ('drop' in stmt) return { kind: 'drop' };
  if ('reject' in stmt) return { kind: 'reject' };
  if ('return' in stmt) return { kind: 'return' };
  if ('continue' in stmt) return { kind: 'none' };
  if (isObj(stmt.jump) && typeof stmt.jump.target === 'string') return { kind: 'jump', chain: stmt.jump.target };
  if (isObj(stmt.goto) && typeof stmt.goto.target === 'string') return { kind: 'goto', chain: stmt.goto.target };
  if ('queue' in stmt) return { kind: 'other', name: 'queue' };
  return undefined;
}

/** Renders a rule compactly for evidence: the statement keys in order. */
function ruleText(expr: Json[]): string {
  return expr
    .map((s) => {
      if (!isObj(s)) return '?';
      const [k] = Object.keys(s);
      if (k === 'match' && isObj(s.match)) return `${short(s.match.left)} ${typeof s.match.op === 'string' ? s.match.op : '=='} ${short(s.match.right)}`;
      if (k === 'jump' || k === 'goto') return `${k} ${isObj(s[k]) ? String(s[k].target) : ''}`;
      return k ?? '?';
    })
    .join(' ');
}

/** A rule's statements into model matches and the verdict that ends it; what is not modelled becomes `unknown`. */
function ruleBody(expr: readonly Json[]): { matches: Match[]; action: Action } {
  const matches: Match[] = [];
  for (const stmt of expr) {
    if (!isObj(stmt)) {
      matches.push({ kind: 'unknown', text: short(stmt) });
      continue;
    }
    if (isObj(stmt.match)) {
      matches.push(...parseMatch(stmt.match));
      continue;
    }
    const verdict = parseVerdict(stmt);
    if (verdict) return { matches, action: verdict }; // a verdict ends the rule
    if (isObj(stmt.xt)) {
      // iptables-nft compatibility expressions (multiport, comment, u32…): opaque to nft's JSON.
      const xt = stmt.xt;
      if (xt.type === 'target') {
        // A non-terminating target (LOG, MARK…) lets the packet go on, as it does in iptables.
        const action = iptablesTarget(String(xt.name));
        if (action.kind !== 'none') return { matches, action };
      } else if (xt.name !== 'comment') {
        matches.push({ kind: 'unknown', text: `xt ${String(xt.type)} ${String(xt.name)}` });
      }
      continue;
    }
    const [k] = Object.keys(stmt);
    if (k !== undefined && IGNORED.has(k)) continue;
    matches.push({ kind: 'unknown', text: short(stmt) });
  }
  return { matches, action: { kind: 'none' } };
}

/** The `nftables` array of `nft -j list ruleset`; what is not that is an InputError that says what to give. */
function rulesetItems(text: string, file: string): Json[] {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, M.say('network.nft.notJson', { error: rawMessage((e as Error).message) }), { hint: M.say('network.nft.hint') });
  }
  if (!isObj(doc) || !Array.isArray(doc.nftables)) {
    throw new InputError(file, M.say('network.nft.noTables'), { hint: M.say('network.nft.hint') });
  }
  return doc.nftables;
}

/** The tables of a ruleset by family and name, and their chains by name, made when first named. */
class Tables {
  private readonly byKey = new Map<string, FwTable>();

  table(family: Json, name: Json): FwTable {
    const k = `${String(family)}\u0000${String(name)}`;
    let t = this.byKey.get(k);
    if (!t) {
      t = { family: String(family), name: String(name), chains: [] };
      this.byKey.set(k, t);
    }
    return t;
  }

  chain(family: Json, table: Json, name: string): FwChain {
    const t = this.table(family, table);
    let c = t.chains.find((x) => x.name === name);
    if (!c) {
      c = { name, rules: [] };
      t.chains.push(c);
    }
    return c;
  }

  all(): FwTable[] {
    return [...this.byKey.values()];
  }
}

/** A base chain of type filter takes its hook, priority (a number or a standard name) and policy. */
function setHook(chain: FwChain, c: Record<string, Json>): void {
  if (typeof c.hook !== 'string' || (c.type !== undefined && c.type !== 'filter')) return;
  chain.hook = c.hook;
  const prio = typeof c.prio === 'number' ? c.prio : typeof c.prio === 'string' ? PRIORITY_NAMES[c.prio] : 0;
  chain.priority = prio ?? 0;
  chain.policy = c.policy === 'drop' ? 'drop' : 'accept';
}

export function parseNftJson(text: string, file = 'nft -j list ruleset'): ParseResult<NftRuleset> {
  const items = rulesetItems(text, file);
  const tables = new Tables();
  const { warnings } = parseEach(items, (item, idx, warn) => {
    if (!isObj(item)) return warn(M.say('network.parse.nft.notObject', { item: idx }));
    if (isObj(item.table)) {
      tables.table(item.table.family, item.table.name);
    } else if (isObj(item.chain)) {
      const c = item.chain;
      if (typeof c.name !== 'string') return warn(M.say('network.parse.nft.chainNoName', { item: idx }));
      setHook(tables.chain(c.family, c.table, c.name), c);
    } else if (isObj(item.rule)) {
      const r = item.rule;
      if (typeof r.chain !== 'string' || !Array.isArray(r.expr)) return warn(M.say('network.parse.nft.ruleNoChain', { item: idx }));
      const { matches, action } = ruleBody(r.expr);
      tables.chain(r.family, r.table, r.chain).rules.push({ matches, action, text: ruleText(r.expr) });
    }
    return undefined;
  });
  return { value: { source: 'nftables', tables: tables.all() }, warnings };
}
