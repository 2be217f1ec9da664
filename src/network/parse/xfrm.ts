// Parsers for `ip [-s] xfrm state`, `ip xfrm policy` and /proc/net/xfrm_stat. Key material is never kept.
import type { ParseResult } from '../firewall.js';
import { networkMessages as M } from '../messages.js';
import { parseEach, type Warn } from './each.js';

export interface XfrmState {
  src: string;
  dst: string;
  proto: string;
  /** Hex as printed, e.g. "0x1d6dc1a8". */
  spi: string;
  reqid: number;
  mode: string;
  /** Algorithms by role ("aead", "enc", "auth"…): the name and key length in bits; never the key. */
  algorithms: { role: string; name: string; keyBits: number; icvBits?: number }[];
  mark?: string;
  /** From `ip -s xfrm state`: "lifetime current". */
  bytes?: number;
  packets?: number;
  /** From `ip -s xfrm state`: "stats: replay-window N replay N failed N". */
  failed?: number;
}

const ALGO_ROLES = new Set(['aead', 'enc', 'auth', 'auth-trunc', 'comp']);

function hexBits(hex: string): number {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  return /^[0-9a-fA-F]*$/.test(h) ? h.length * 4 : 0;
}

interface Block {
  head: string;
  body: string[];
  line: number;
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    if (/^\S/.test(raw)) out.push({ head: raw.trim(), body: [], line: i + 1 });
    else out.at(-1)?.body.push(raw.trim());
  });
  return out;
}

/** Each block that starts "src A dst B…" (the head's match, to read more of it), read by `read`; a warning for the others. */
function parseBlocks<T>(text: string, head: RegExp, read: (b: Block, head: RegExpExecArray, warn: Warn) => T | undefined): ParseResult<T[]> {
  return parseEach(blocks(text), (b, _i, warn) => {
    const m = head.exec(b.head);
    return m ? read(b, m, warn) : warn(M.say('network.parse.xfrm.notSrcDst', { line: b.line }));
  });
}

/** "proto esp spi 0x… reqid 1 mode transport": the identity of a security association, as key/value words. */
function readSaWords(words: readonly string[], sa: { proto: string; spi?: string; reqid?: number; mode?: string }): void {
  for (let i = 0; i + 1 < words.length; i += 2) {
    const [k, v] = [words[i]!, words[i + 1]!];
    if (k === 'proto') sa.proto = v;
    else if (k === 'spi') sa.spi = v;
    else if (k === 'reqid') sa.reqid = Number(v) || 0;
    else if (k === 'mode') sa.mode = v;
  }
}

export function parseXfrmState(text: string): ParseResult<XfrmState[]> {
  return parseBlocks(text, /^src (\S+) dst (\S+)$/, (b, head, warn) => {
    const st: XfrmState = { src: head[1]!, dst: head[2]!, proto: '', spi: '', reqid: 0, mode: '', algorithms: [] };
    let section = '';
    for (const rawLine of b.body) {
      // `ip -s` annotates numbers: "spi 0x8f3a61c2(2403033538)", "reqid 13681891(0x00d0c4e3)", "0xKEY (160 bits) 64".
      const line = rawLine.replace(/\s\(\d+ bits\)/g, '').replace(/(\S)\([0-9a-fx]+\)/g, '$1');
      const words = line.split(/\s+/);
      const first = words[0] ?? '';
      if (first === 'proto') {
        readSaWords(words, st);
      } else if (ALGO_ROLES.has(first) && words.length >= 3) {
        // "aead rfc4106(gcm(aes)) 0xKEY 64" / "enc cbc(aes) 0xKEY" / "auth-trunc hmac(sha256) 0xKEY 128"
        const algo: XfrmState['algorithms'][number] = { role: first, name: words[1]!, keyBits: hexBits(words[2]!) };
        if (words[3] !== undefined && /^\d+$/.test(words[3])) algo.icvBits = Number(words[3]);
        st.algorithms.push(algo);
      } else if (first === 'mark') {
        st.mark = words[1] ?? '';
      } else if (line.startsWith('lifetime current')) {
        section = 'current';
      } else if (line.startsWith('lifetime config')) {
        section = 'config';
      } else if (first === 'stats:') {
        section = 'stats';
      } else if (section === 'current') {
        const m = /^(\d+)\(bytes\),\s*(\d+)\(packets\)/.exec(line);
        if (m) {
          st.bytes = Number(m[1]);
          st.packets = Number(m[2]);
        }
      } else if (section === 'stats') {
        const m = /failed (\d+)/.exec(line);
        if (m) st.failed = Number(m[1]);
      }
    }
    return st.proto === '' ? warn(M.say('network.parse.xfrm.stateNoProto', { line: b.line })) : st;
  });
}

export interface XfrmPolicy {
  src: string;
  dst: string;
  /** Selector protocol and port, e.g. udp / 4789 for Docker's overlay policies. */
  proto?: string;
  dport?: number;
  dir: string;
  priority?: number;
  mark?: string;
  templates: { src: string; dst: string; proto: string; spi?: string; reqid?: number; mode?: string }[];
}

export function parseXfrmPolicy(text: string): ParseResult<XfrmPolicy[]> {
  return parseBlocks(text, /^src (\S+) dst (\S+)(.*)$/, (b, head) => {
    const pol: XfrmPolicy = { src: head[1]!, dst: head[2]!, dir: '', templates: [] };
    const sel = head[3]!.trim().split(/\s+/);
    for (let i = 0; i + 1 < sel.length; i += 2) {
      if (sel[i] === 'proto') pol.proto = sel[i + 1]!;
      if (sel[i] === 'dport' && /^\d+$/.test(sel[i + 1]!)) pol.dport = Number(sel[i + 1]);
    }
    let tmpl: XfrmPolicy['templates'][number] | undefined;
    // Per-socket policies ("socket in/out") bypass IPsec for IKE daemons; they say nothing about overlays.
    if (b.body.some((l) => l.startsWith('socket '))) return undefined;
    for (const line of b.body) {
      const words = line.split(/\s+/);
      if (words[0] === 'dir') {
        pol.dir = words[1] ?? '';
        const p = words.indexOf('priority');
        if (p >= 0 && words[p + 1] !== undefined) pol.priority = Number(words[p + 1]);
      } else if (words[0] === 'mark') {
        pol.mark = words[1] ?? '';
      } else if (words[0] === 'tmpl') {
        tmpl = { src: words[2] ?? '', dst: words[4] ?? '', proto: '' };
        pol.templates.push(tmpl);
      } else if (words[0] === 'proto' && tmpl) {
        readSaWords(words, tmpl);
      }
    }
    return pol;
  });
}

/** /proc/net/xfrm_stat: "XfrmOutNoStates   12" per line. */
export function parseXfrmStat(text: string): ParseResult<Record<string, number>> {
  const counters = parseEach(text.split('\n'), (line, i, warn): [string, number] | undefined => {
    if (line.trim() === '') return undefined;
    const m = /^(Xfrm[A-Za-z0-9]+)\s+(\d+)\s*$/.exec(line.trim());
    return m ? [m[1]!, Number(m[2])] : warn(M.say('network.parse.xfrm.notCounter', { line: i + 1 }));
  });
  return { value: Object.fromEntries(counters.value), warnings: counters.warnings };
}
