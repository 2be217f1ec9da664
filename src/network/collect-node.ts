// Collects this node's network facts once: firewall dumps, kernel listings, xfrm state, and the swarm's view from the engine.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import { errorMessage, messageOf } from '../core/errors.js';
import type { EngineConnection } from '../engine/connection.js';
import type { Ruleset } from './firewall.js';
import type { ClusterNode, EncryptedNetworkSpan, FirewallFacts, KernelFacts, NodeNetworkFacts, XfrmFacts } from './node-facts.js';
import { parseIptablesSave } from './parse/iptables-save.js';
import { parseKernelConfig, parseProcCrypto, parseProcModules } from './parse/kernel.js';
import { parseNftJson } from './parse/nft-json.js';
import { parseXfrmPolicy, parseXfrmState, parseXfrmStat } from './parse/xfrm.js';
import { listNodes, listTasks } from '../engine/api.js';
import { rawMessage, type Message } from '../core/message.js';
import { networkMessages as M } from './messages.js';
import { coreMessages } from '../core/messages.js';

export interface CommandOutput {
  ok: boolean;
  stdout: string;
  /** Why the command failed, by id (the command's own words are a value in it). */
  error?: Message;
}

export type RunCommand = (file: string, args: string[]) => Promise<CommandOutput>;

export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: 15_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({
          ok: false,
          stdout: stdout ?? '',
          error:
            code === 'ENOENT'
              ? M.say('network.read.notInstalled', { command: file })
              : coreMessages.say('core.inputAt', {
                  where: `${file} ${args.join(' ')}`,
                  message: rawMessage((stderr || errorMessage(err)).trim().split('\n')[0] ?? ''),
                }),
        });
      } else resolve({ ok: true, stdout });
    });
  });

/** Tables iptables-nft owns inside nftables: evaluated from iptables-save, so skipped in the nft dump. */
const IPTABLES_NFT_TABLES = new Set(['filter', 'mangle', 'raw', 'security', 'nat']);

/** Builds the firewall facts from whatever dumps were obtained. Pure: tested with recorded outputs. */
export function firewallFromDumps(dumps: { iptablesNft?: string; iptablesLegacy?: string; nftJson?: string }, errors: Message[] = []): FirewallFacts {
  const rulesets: Ruleset[] = [];
  const sources: string[] = [];
  const warnings: Message[] = [];
  /** A reader's warning, said with the command whose output it read. */
  const from = (source: string, found: readonly Message[]) => found.map((warning) => M.say('network.parse.from', { source, warning }));
  let iptablesNft = false;
  if (dumps.iptablesNft !== undefined && dumps.iptablesNft.trim() !== '') {
    const r = parseIptablesSave(dumps.iptablesNft);
    rulesets.push(r.value);
    warnings.push(...from('iptables-save', r.warnings));
    iptablesNft = r.value.variant !== 'legacy';
    sources.push(`iptables-save${r.value.variant ? ` (${r.value.variant})` : ''}`);
  }
  if (dumps.iptablesLegacy !== undefined && dumps.iptablesLegacy.trim() !== '') {
    const r = parseIptablesSave(dumps.iptablesLegacy);
    rulesets.push(r.value);
    warnings.push(...from('iptables-legacy-save', r.warnings));
    sources.push('iptables-legacy-save');
  }
  if (dumps.nftJson !== undefined && dumps.nftJson.trim() !== '') {
    try {
      const r = parseNftJson(dumps.nftJson);
      const tables = r.value.tables.filter((t) => !(iptablesNft && (t.family === 'ip' || t.family === 'ip6') && IPTABLES_NFT_TABLES.has(t.name)));
      rulesets.push({ source: 'nftables', tables });
      warnings.push(...from('nft', r.warnings));
      sources.push('nft -j list ruleset');
    } catch (e) {
      errors.push(messageOf(e));
    }
  }
  return { rulesets, sources, errors, warnings };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(path: string): string[] | undefined {
  try {
    return readdirSync(path);
  } catch {
    return undefined;
  }
}

function moduleFiles(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > 8) return out;
  for (const e of listDir(dir) ?? []) {
    const p = `${dir}/${e}`;
    const m = /^(.+)\.ko(\.(?:xz|gz|zst))?$/.exec(e);
    if (m) out.push(m[1]!.replace(/-/g, '_'));
    else if (!e.includes('.')) moduleFiles(p, depth + 1, out);
  }
  return out;
}

export function collectKernelFacts(root = ''): KernelFacts {
  const release = os.release();
  const k: KernelFacts = { release, ipvs: existsSync(`${root}/proc/net/ip_vs`) };
  let configText: string | undefined;
  try {
    configText = gunzipSync(readFileSync(`${root}/proc/config.gz`)).toString('utf8');
    k.configSource = '/proc/config.gz';
  } catch {
    configText = readText(`${root}/boot/config-${release}`);
    if (configText !== undefined) k.configSource = `/boot/config-${release}`;
  }
  if (configText !== undefined) k.config = parseKernelConfig(configText).value;
  const modules = readText(`${root}/proc/modules`);
  if (modules !== undefined) k.loadedModules = parseProcModules(modules).value.map((m) => m.name);
  const sys = listDir(`${root}/sys/module`);
  if (sys) k.sysModules = sys;
  if (existsSync(`${root}/lib/modules/${release}`)) k.availableModules = moduleFiles(`${root}/lib/modules/${release}/kernel`);
  const crypto = readText(`${root}/proc/crypto`);
  if (crypto !== undefined) k.crypto = [...new Set(parseProcCrypto(crypto).value.map((a) => a.name))];
  const matches = readText(`${root}/proc/net/ip_tables_matches`);
  if (matches !== undefined)
    k.xtMatches = [
      ...new Set(
        matches
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ];
  return k;
}

/** A command that failed: why, when it said so, else that it failed. */
const failed = (error: Message | undefined, command: string): Message => error ?? M.say('network.read.failed', { command });

export async function collectXfrmFacts(run: RunCommand, sampleMs: number): Promise<XfrmFacts> {
  const x: XfrmFacts = { errors: [] };
  const st = await run('ip', ['-s', 'xfrm', 'state']);
  // Key material goes through this process only; the parser keeps algorithm names and key lengths.
  if (st.ok) x.states = parseXfrmState(st.stdout).value;
  else x.errors.push(failed(st.error, 'ip xfrm state'));
  const pol = await run('ip', ['xfrm', 'policy']);
  if (pol.ok) x.policies = parseXfrmPolicy(pol.stdout).value;
  else x.errors.push(failed(pol.error, 'ip xfrm policy'));
  const stat1 = readText('/proc/net/xfrm_stat');
  if (stat1 !== undefined) {
    x.stat = parseXfrmStat(stat1).value;
    if (sampleMs > 0) {
      const t0 = Date.now();
      await new Promise((r) => setTimeout(r, sampleMs));
      const stat2 = readText('/proc/net/xfrm_stat');
      if (stat2 !== undefined) {
        x.statLater = parseXfrmStat(stat2).value;
        x.statIntervalMs = Date.now() - t0;
      }
    }
  } else {
    x.errors.push(M.say('network.read.xfrmStat'));
  }
  return x;
}

export async function collectFirewallFacts(run: RunCommand): Promise<FirewallFacts> {
  const errors: Message[] = [];
  const dumps: { iptablesNft?: string; iptablesLegacy?: string; nftJson?: string } = {};
  const ipt = await run('iptables-save', []);
  if (ipt.ok) dumps.iptablesNft = ipt.stdout;
  else errors.push(failed(ipt.error, 'iptables-save'));
  // iptables-save may be the nf_tables variant while legacy tables still filter: read both.
  if (ipt.ok && /\(nf_tables\)/.test(ipt.stdout)) {
    const legacy = await run('iptables-legacy-save', []);
    if (legacy.ok && /^-A /m.test(legacy.stdout)) dumps.iptablesLegacy = legacy.stdout;
  }
  const nft = await run('nft', ['-j', 'list', 'ruleset']);
  if (nft.ok) dumps.nftJson = nft.stdout;
  else if (!ipt.ok) errors.push(failed(nft.error, 'nft'));
  return firewallFromDumps(dumps, errors);
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseClusterNodes(list: unknown): ClusterNode[] {
  return (Array.isArray(list) ? list : []).map((n) => {
    const r = rec(n);
    return {
      id: str(r.ID),
      hostname: str(rec(r.Description).Hostname),
      addr: str(rec(r.Status).Addr),
      role: str(rec(r.Spec).Role),
    };
  });
}

/** Encrypted overlays with running tasks, and the nodes those tasks run on (from the task list). */
export function encryptedSpans(tasks: unknown, nodes: ClusterNode[]): EncryptedNetworkSpan[] {
  const spans = new Map<string, { name: string; nodeIds: Set<string> }>();
  for (const t of Array.isArray(tasks) ? tasks : []) {
    const task = rec(t);
    if (str(rec(task.Status).State) !== 'running') continue;
    const nodeId = str(task.NodeID);
    for (const att of Array.isArray(task.NetworksAttachments) ? task.NetworksAttachments : []) {
      const net = rec(rec(att).Network);
      const spec = rec(net.Spec);
      const opts = rec(rec(spec.DriverConfiguration).Options);
      if (!Object.prototype.hasOwnProperty.call(opts, 'encrypted')) continue;
      const id = str(net.ID);
      const s = spans.get(id) ?? { name: str(spec.Name), nodeIds: new Set<string>() };
      if (nodeId) s.nodeIds.add(nodeId);
      spans.set(id, s);
    }
  }
  return [...spans.entries()].map(([id, s]) => ({
    id,
    name: s.name,
    nodes: [...s.nodeIds].map((nid) => nodes.find((n) => n.id === nid) ?? { id: nid, hostname: nid, addr: '', role: '' }),
  }));
}

export interface CollectOptions {
  run?: RunCommand;
  /** Milliseconds between two reads of xfrm_stat (0: one read). */
  sampleMs?: number;
}

export async function collectNodeFacts(conn: EngineConnection | undefined, options: CollectOptions = {}): Promise<NodeNetworkFacts> {
  const run = options.run ?? runCommand;
  const [firewall, xfrm] = await Promise.all([collectFirewallFacts(run), collectXfrmFacts(run, options.sampleMs ?? 1000)]);
  const facts: NodeNetworkFacts = {
    hostname: os.hostname(),
    peers: [],
    firewall,
    kernel: collectKernelFacts(),
    xfrm,
    encryptedNetworks: [],
  };
  if (conn) {
    facts.engineVersion = conn.server.Version;
    const info = rec(await conn.docker.info());
    const swarm = rec(info.Swarm);
    const nodeId = str(swarm.NodeID);
    if (swarm.ControlAvailable === true) {
      const nodes = parseClusterNodes(await listNodes(conn.docker));
      facts.peers = nodes.filter((n) => n.id !== nodeId);
      facts.node = nodes.find((n) => n.id === nodeId);
      const tasks = await listTasks(conn.docker, { 'desired-state': ['running'] });
      facts.encryptedNetworks = encryptedSpans(tasks, nodes);
    } else if (nodeId) {
      facts.node = { id: nodeId, hostname: facts.hostname, addr: str(swarm.NodeAddr), role: 'worker' };
    }
  }
  return facts;
}
