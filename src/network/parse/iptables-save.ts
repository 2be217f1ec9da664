// Parses `iptables-save` output into the common firewall model (filter/mangle/security INPUT paths and their chains).
import { SaidError, messageOf } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import { protocolNumber } from '../firewall.js';
import type { Action, FwChain, FwRule, FwTable, Match, ParseResult, PortRange, Ruleset } from '../firewall.js';
import { networkMessages as M } from '../messages.js';

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

/** A line or rule the reader cannot follow: why, by id (`message` is its English); the parser makes it a warning. */
export class RuleSyntaxError extends SaidError {}

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
  if (quoted) throw new RuleSyntaxError(M.say('network.parse.iptables.unterminatedQuote'));
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

/**
 * What an iptables target does to a packet: a verdict, a jump to one of `userChains`, nothing (LOG, MARK… go on to
 * the next rule) or a terminating target we do not model. iptables-nft's `xt` targets in nft JSON mean the same.
 */
export function iptablesTarget(target: string, userChains: ReadonlySet<string> = new Set()): Action {
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

/** The words of one rule and the position of the word being read. */
interface RuleWords {
  words: string[];
  i: number;
}

/** The value of option `opt`: the next word, which is consumed; throws when there is none. */
function valueOf(r: RuleWords, opt: string): string {
  const v = r.words[r.i + 1];
  if (v === undefined) throw new RuleSyntaxError(M.say('network.parse.iptables.noValue', { option: opt }));
  r.i += 1;
  return v;
}

/** A target option (`-j ACCEPT`, `-g CHAIN`): the rule's action; undefined when `w` is not a target option. */
function targetOption(w: string, r: RuleWords, userChains: Set<string>): Action | undefined {
  switch (w) {
    case '-j':
    case '--jump': {
      const action = iptablesTarget(valueOf(r, w), userChains);
      // Target options (e.g. --reject-with icmp-port-unreachable) follow; skip them.
      while (r.i + 1 < r.words.length && r.words[r.i + 1] !== '-m') r.i += 1;
      return action;
    }
    case '-g':
    case '--goto':
      return { kind: 'goto', chain: valueOf(r, w) };
  }
  return undefined;
}

/** A module option we do not model: it narrows the rule in a way we cannot decide. */
function unmodelledOption(w: string, r: RuleWords, not: string): Match {
  if (!w.startsWith('-')) throw new RuleSyntaxError(M.say('network.parse.iptables.unexpectedWord', { word: w }));
  const vals: string[] = [];
  if (!FLAG_OPTIONS.has(w)) {
    while (r.i + 1 < r.words.length && !r.words[r.i + 1]!.startsWith('-') && r.words[r.i + 1] !== '!') vals.push(r.words[++r.i]!);
  }
  // Peers use ephemeral or fixed source ports we cannot know.
  if (w === '--sport' || w === '--source-port' || w === '--sports' || w === '--source-ports') return { kind: 'unknown', text: `${not}${w} ${vals.join(' ')}` };
  return { kind: 'unknown', text: `${not}${w}${vals.length ? ` ${vals.join(' ')}` : ''}` };
}

/** What a match option (`-p tcp`, `--dport 80`, `! -s 10.0.0.0/8`) adds to the rule; options that only enable or annotate add nothing. */
function matchOption(w: string, r: RuleWords, negate: boolean): Match[] {
  const not = negate ? '! ' : '';
  switch (w) {
    case '-p':
    case '--protocol': {
      const v = valueOf(r, w);
      const proto = protocolNumber(v);
      return [proto === undefined ? { kind: 'unknown', text: `-p ${v}` } : { kind: 'proto', proto, negate }];
    }
    case '-s':
    case '--source':
    case '--src':
      return [{ kind: 'saddr', cidrs: valueOf(r, w).split(','), negate }];
    case '-d':
    case '--destination':
    case '--dst':
      // Packets to this node: the destination is one of its own addresses, which we do not compare.
      return [{ kind: 'unknown', text: `${not}-d ${valueOf(r, w)}` }];
    case '-i':
    case '--in-interface':
      return [{ kind: 'iif', names: [valueOf(r, w)], negate }];
    case '-o':
    case '--out-interface': // no output interface on the input path: never restricts these packets
    case '-m':
    case '--match': // module names only enable options; the options themselves carry the meaning
    case '--comment':
      valueOf(r, w);
      return [];
    case '--dport':
    case '--destination-port':
    case '--dports':
    case '--destination-ports':
    case '--ports': {
      const v = valueOf(r, w);
      const ports = parsePortSpec(v);
      if (!ports) throw new RuleSyntaxError(M.say('network.parse.iptables.badPorts', { ports: v }));
      return [{ kind: 'dport', ports, negate }];
    }
    case '--ctstate':
    case '--state':
      return [{ kind: 'ctstate', states: valueOf(r, w).split(','), negate }];
    case '-f':
    case '--fragment':
      return [{ kind: 'unknown', text: `${not}-f` }];
    case '-c':
    case '--set-counters':
      valueOf(r, w);
      valueOf(r, w);
      return [];
    default:
      return [unmodelledOption(w, r, not)];
  }
}

/** Parses the words after `-A CHAIN`. Throws on a rule it cannot follow (the caller turns that into a warning). */
export function parseRuleArgs(words: string[], userChains: Set<string>): { matches: Match[]; action: Action } {
  const matches: Match[] = [];
  let action: Action = { kind: 'none' };
  let negate = false;
  const r: RuleWords = { words, i: 0 };
  for (; r.i < words.length; r.i += 1) {
    const w = words[r.i]!;
    if (w === '!') {
      negate = true;
      continue;
    }
    const target = targetOption(w, r, userChains);
    if (target) action = target;
    else matches.push(...matchOption(w, r, negate));
    negate = false;
  }
  return { matches, action };
}

/** A rule line kept until its table is committed, when every chain name is known. */
interface PendingRule {
  chain: string;
  words: string[];
  text: string;
  line: number;
}

/** Parses the rules of a committed table into its chains; a rule it cannot follow is a warning. */
function commitRules(table: FwTable, pending: readonly PendingRule[], warnings: Message[]): void {
  const userChains = new Set(table.chains.filter((c) => !(c.name in BUILTIN_HOOKS)).map((c) => c.name));
  for (const p of pending) {
    let chain = table.chains.find((c) => c.name === p.chain);
    if (!chain) {
      warnings.push(M.say('network.parse.iptables.undeclaredChain', { line: p.line, chain: p.chain }));
      chain = { name: p.chain, rules: [] };
      table.chains.push(chain);
    }
    try {
      const { matches, action } = parseRuleArgs(p.words, userChains);
      chain.rules.push({ matches, action, text: p.text } satisfies FwRule);
    } catch (e) {
      warnings.push(M.say('network.parse.iptables.ruleNotRead', { line: p.line, error: messageOf(e), rule: p.text.slice(0, 200) }));
    }
  }
}

/** ":NAME POLICY [counters]": the chain it declares, or undefined when the line is not one. */
function declaredChain(line: string, tableName: string): FwChain | undefined {
  const m = /^:(\S+)\s+(\S+)/.exec(line);
  if (!m) return undefined;
  const name = m[1]!;
  const hook = BUILTIN_HOOKS[name];
  const chain: FwChain = { name, rules: [] };
  // Only input-path base chains matter to us; other hooks are kept as plain chains.
  if (hook === 'input' && tableName in INPUT_HOOK) {
    chain.hook = 'input';
    chain.priority = INPUT_HOOK[tableName]!;
  } else if (hook && hook !== 'input') {
    chain.hook = hook;
  }
  if (m[2] === 'ACCEPT') chain.policy = 'accept';
  else if (m[2] === 'DROP') chain.policy = 'drop';
  return chain;
}

/** "-A CHAIN words…" or "-I CHAIN …": the rule to parse at COMMIT, or why the line cannot be one. */
function ruleLine(line: string, n: number): PendingRule | Message {
  let words: string[];
  try {
    words = tokenize(line);
  } catch (e) {
    return M.say('network.parse.iptables.lineNotRead', { line: n, error: messageOf(e) });
  }
  const chain = words[1];
  return chain ? { chain, words: words.slice(2), text: line, line: n } : M.say('network.parse.iptables.noChain', { line: n });
}

export function parseIptablesSave(text: string): ParseResult<IptablesSave> {
  const warnings: Message[] = [];
  const tables: FwTable[] = [];
  let variant: IptablesSave['variant'];
  let table: FwTable | undefined;
  let pending: PendingRule[] = [];
  const commit = () => {
    if (!table) return;
    commitRules(table, pending, warnings);
    tables.push(table);
    pending = [];
    table = undefined;
  };
  text.split(/\r?\n/).forEach((raw, idx) => {
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
        warnings.push(M.say('network.parse.iptables.noCommit', { line: n, table: table.name }));
        commit();
      }
      table = { family: 'iptables', name: line.slice(1).trim(), chains: [] };
      return;
    }
    if (line === 'COMMIT') {
      if (!table) warnings.push(M.say('network.parse.iptables.commitOutside', { line: n }));
      commit();
      return;
    }
    if (!table) {
      warnings.push(M.say('network.parse.iptables.outsideTable', { line: n, text: line.slice(0, 200) }));
    } else if (line.startsWith(':')) {
      const chain = declaredChain(line, table.name);
      if (chain) table.chains.push(chain);
      else warnings.push(M.say('network.parse.iptables.badChainLine', { line: n }));
    } else if (line.startsWith('-A ') || line.startsWith('-I ')) {
      const rule = ruleLine(line, n);
      if ('words' in rule) pending.push(rule);
      else warnings.push(rule);
    } else {
      warnings.push(M.say('network.parse.iptables.notUnderstood', { line: n, text: line.slice(0, 200) }));
    }
  });
  if (table) {
    warnings.push(M.say('network.parse.iptables.noCommitAtEnd', { table: table.name }));
    commit();
  }
  return { value: { source: 'iptables', tables, ...(variant ? { variant } : {}) }, warnings };
}
