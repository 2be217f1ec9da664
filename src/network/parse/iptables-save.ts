// Parses `iptables-save` output into the common firewall model (filter/mangle/security INPUT paths and their chains).
import {
  protocolNumber,
  type Action,
  type FwChain,
  type FwRule,
  type FwTable,
  type Match,
  type ParseResult,
  type PortRange,
  type Ruleset,
} from '../firewall.js';

export interface IptablesSave extends Ruleset {
  source: 'iptables';
  /** "nf_tables" or "legacy" when the header says so: iptables-nft rules also appear in `nft list ruleset`. */
  variant?: 'nf_tables' | 'legacy';
}

/** The input hook of each iptables table, with the priority nftables gives it. */
const INPUT_HOOK: Record<string, number> = { mangle: -150, filter: 0, security: 50 };
const BUILTIN_HOOKS: Record<string, string> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };
const NON_TERMINATING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'TRACE',
  'AUDIT',
  'TOS',
  'DSCP',
  'TTL',
  'CLASSIFY',
  'SECMARK',
  'CONNSECMARK',
  'CT',
  'NOTRACK',
  'TCPMSS',
  'SET',
  'CHECKSUM',
  'IDLETIMER',
  'RATEEST',
  'HMARK',
  'TEE',
  'LED',
]);

/** Splits a rule line like a shell would for iptables-save: double quotes group, backslash escapes inside quotes. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < line.length) {
        cur += line[++i];
      } else if (c === '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (inWord) out.push(cur);
  return out;
}

export function parsePortSpec(spec: string): PortRange[] | undefined {
  const ranges: PortRange[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d{1,5})(?:[:-](\d{0,5}))?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? 65535 : Number(m[2]);
    if (from > 65535 || to > 65535 || to < from) return undefined;
    ranges.push({ from, to });
  }
  return ranges.length > 0 ? ranges : undefined;
}

function targetAction(target: string, userChains: Set<string>): Action {
  switch (target) {
    case 'ACCEPT':
      return { kind: 'accept' };
    case 'DROP':
      return { kind: 'drop' };
    case 'REJECT':
      return { kind: 'reject' };
    case 'RETURN':
      return { kind: 'return' };
  }
  if (userChains.has(target)) return { kind: 'jump', chain: target };
  if (NON_TERMINATING.has(target)) return { kind: 'none' };
  return { kind: 'other', name: target };
}

/** Options that take no value; every other `--opt` consumes the words up to the next option. */
const FLAG_OPTIONS = new Set([
  '--syn',
  '--rcheck',
  '--update',
  '--set',
  '--remove',
  '--rsource',
  '--rdest',
  '--log-uid',
  '--log-tcp-sequence',
  '--log-tcp-options',
  '--log-ip-options',
  '--physdev-is-bridged',
  '--physdev-is-in',
  '--physdev-is-out',
  '--dst-type-limit-iface-in',
  '--limit-iface-in',
  '--limit-iface-out',
]);

/** Parses the words after `-A CHAIN`. Throws on a rule it cannot follow (the caller turns that into a warning). */
export function parseRuleArgs(words: string[], userChains: Set<string>): { matches: Match[]; action: Action } {
  const matches: Match[] = [];
  let action: Action = { kind: 'none' };
  let neg = false;
  let i = 0;
  const value = (opt: string): string => {
    const v = words[i + 1];
    if (v === undefined) throw new Error(`${opt} has no value`);
    i += 1;
    return v;
  };
  while (i < words.length) {
    const w = words[i]!;
    if (w === '!') {
      neg = true;
      i += 1;
      continue;
    }
    switch (w) {
      case '-p':
      case '--protocol': {
        const v = value(w);
        const proto = protocolNumber(v);
        if (proto === undefined) matches.push({ kind: 'unknown', text: `-p ${v}` });
        else matches.push({ kind: 'proto', proto, negate: neg });
        break;
      }
      case '-s':
      case '--source':
      case '--src':
        matches.push({ kind: 'saddr', cidrs: value(w).split(','), negate: neg });
        break;
      case '-d':
      case '--destination':
      case '--dst':
        // Packets to this node: the destination is one of its own addresses, which we do not compare.
        matches.push({ kind: 'unknown', text: `${neg ? '! ' : ''}-d ${value(w)}` });
        break;
      case '-i':
      case '--in-interface':
        matches.push({ kind: 'iif', names: [value(w)], negate: neg });
        break;
      case '-o':
      case '--out-interface':
        value(w); // no output interface on the input path: never restricts these packets
        break;
      case '-m':
      case '--match':
        // Module names only enable options; the options themselves carry the meaning.
        value(w);
        break;
      case '--dport':
      case '--destination-port':
      case '--dports':
      case '--destination-ports':
      case '--ports': {
        const v = value(w);
        const ports = parsePortSpec(v);
        if (!ports) throw new Error(`bad port list "${v}"`);
        matches.push({ kind: 'dport', ports, negate: neg });
        break;
      }
      case '--ctstate':
      case '--state':
        matches.push({ kind: 'ctstate', states: value(w).split(','), negate: neg });
        break;
      case '--comment':
        value(w);
        break;
      case '-j':
      case '--jump': {
        const target = value(w);
        action = targetAction(target, userChains);
        // Target options (e.g. --reject-with icmp-port-unreachable) follow; skip them.
        while (i + 1 < words.length && words[i + 1] !== '-m') i += 1;
        break;
      }
      case '-g':
      case '--goto':
        action = { kind: 'goto', chain: value(w) };
        break;
      case '-f':
      case '--fragment':
        matches.push({ kind: 'unknown', text: `${neg ? '! ' : ''}-f` });
        break;
      case '-c':
      case '--set-counters':
        value(w);
        value(w);
        break;
      default: {
        if (!w.startsWith('-')) throw new Error(`unexpected word "${w}"`);
        // A module option we do not model: it narrows the rule in a way we cannot decide.
        const vals: string[] = [];
        if (!FLAG_OPTIONS.has(w)) {
          while (i + 1 < words.length && !words[i + 1]!.startsWith('-') && words[i + 1] !== '!') vals.push(words[++i]!);
        }
        if (w === '--sport' || w === '--source-port' || w === '--sports' || w === '--source-ports') {
          // Peers use ephemeral or fixed source ports we cannot know.
          matches.push({ kind: 'unknown', text: `${neg ? '! ' : ''}${w} ${vals.join(' ')}` });
        } else {
          matches.push({ kind: 'unknown', text: `${neg ? '! ' : ''}${w}${vals.length ? ` ${vals.join(' ')}` : ''}` });
        }
      }
    }
    neg = false;
    i += 1;
  }
  return { matches, action };
}

export function parseIptablesSave(text: string): ParseResult<IptablesSave> {
  const warnings: string[] = [];
  const tables: FwTable[] = [];
  let variant: IptablesSave['variant'];
  let table: FwTable | undefined;
  // Rules are parsed when the table is committed, once every chain name is known.
  let pending: { chain: string; words: string[]; text: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  const commit = () => {
    if (!table) return;
    const userChains = new Set(table.chains.filter((c) => !(c.name in BUILTIN_HOOKS)).map((c) => c.name));
    for (const p of pending) {
      let chain = table.chains.find((c) => c.name === p.chain);
      if (!chain) {
        warnings.push(`line ${p.line}: rule for undeclared chain ${p.chain}`);
        chain = { name: p.chain, rules: [] };
        table.chains.push(chain);
      }
      try {
        const { matches, action } = parseRuleArgs(p.words, userChains);
        chain.rules.push({ matches, action, text: p.text } satisfies FwRule);
      } catch (e) {
        warnings.push(`line ${p.line}: ${(e as Error).message}: ${p.text.slice(0, 200)}`);
      }
    }
    tables.push(table);
    pending = [];
    table = undefined;
  };
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    const n = idx + 1;
    if (line === '') return;
    if (line.startsWith('#')) {
      if (/\(nf_tables\)/.test(line)) variant = 'nf_tables';
      else if (/\(legacy\)/.test(line)) variant = 'legacy';
      return;
    }
    if (line.startsWith('*')) {
      if (table) {
        warnings.push(`line ${n}: table ${table.name} has no COMMIT`);
        commit();
      }
      table = { family: 'iptables', name: line.slice(1).trim(), chains: [] };
      return;
    }
    if (line === 'COMMIT') {
      if (!table) warnings.push(`line ${n}: COMMIT outside a table`);
      commit();
      return;
    }
    if (!table) {
      warnings.push(`line ${n}: outside a table: ${line.slice(0, 200)}`);
      return;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)/.exec(line);
      if (!m) {
        warnings.push(`line ${n}: bad chain line`);
        return;
      }
      const name = m[1]!;
      const hook = BUILTIN_HOOKS[name];
      const chain: FwChain = { name, rules: [] };
      // Only input-path base chains matter to us; other hooks are kept as plain chains.
      if (hook === 'input' && table.name in INPUT_HOOK) {
        chain.hook = 'input';
        chain.priority = INPUT_HOOK[table.name]!;
      } else if (hook && hook !== 'input') {
        chain.hook = hook;
      }
      if (m[2] === 'ACCEPT') chain.policy = 'accept';
      else if (m[2] === 'DROP') chain.policy = 'drop';
      table.chains.push(chain);
      return;
    }
    if (line.startsWith('-A ') || line.startsWith('-I ')) {
      let words: string[];
      try {
        words = tokenize(line);
      } catch (e) {
        warnings.push(`line ${n}: ${(e as Error).message}`);
        return;
      }
      const chain = words[1];
      if (!chain) {
        warnings.push(`line ${n}: rule without a chain`);
        return;
      }
      pending.push({ chain, words: words.slice(2), text: line, line: n });
      return;
    }
    warnings.push(`line ${n}: not understood: ${line.slice(0, 200)}`);
  });
  if (table) {
    warnings.push(`table ${table.name} has no COMMIT`);
    commit();
  }
  return { value: { source: 'iptables', tables, ...(variant ? { variant } : {}) }, warnings };
}
