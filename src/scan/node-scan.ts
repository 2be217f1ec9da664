// `image scan --all-nodes`: every node reads its own images (a one-shot job, src/image/node-images.ts prints their
// inventories), the manager matches them against its one advisory database, and the results are merged per image
// (content digest) and per platform, each naming the nodes that hold it. A node that fails or times out is named
// with its reason; it makes the run fail.
import type Docker from 'dockerode';
import { UserError, messageOf } from '../core/errors.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { inspectService, listTasks } from '../engine/api.js';
import { engineSocketAccess, pinImage, runNodeJob, type CleanupGuard, type JobMount, type NodeJobOutcome, type PinnedImage } from '../engine/node-job.js';
import { printable } from '../core/image-reference.js';
import { decodeNodeInventory, type NodeInventory } from '../image/node-images.js';
import { nodeScanMessages as m } from '../image/node-messages.js';
import { english, rawMessage, type Message } from '../core/message.js';
import type { Inventory } from '../packages/types.js';
import { uncoveredTargets, type ScanReport } from './scan.js';
import { renderScanTable } from './table.js';
import { scanMessages } from './messages.js';

/** One image as the swarm holds it: one content digest and platform, on one or more nodes. */
export interface NodeScannedImage {
  /** The image ID (config digest, or on the containerd store its manifest or index digest). */
  imageId: string;
  platform: string;
  /** Its tags and repo digests, over every node that holds it. */
  repoTags: string[];
  repoDigests: string[];
  /** Hostnames of the nodes that hold it, sorted. */
  nodes: string[];
  report?: ScanReport;
  /** Why it was not scanned (the node could not read it, or the match failed), with the node that said so. */
  errors: { node: string; error: Message }[];
}

export interface NodeScanStatus {
  nodeId: string;
  hostname: string;
  /** Images read on that node. */
  images: number;
  /** Images beyond the per-node limit, not read. */
  skipped: number;
  /** Why the node gave no inventory, by id (the job's or the engine's own words as a value). */
  error?: Message;
}

export interface NodeScanResult {
  images: NodeScannedImage[];
  nodes: NodeScanStatus[];
  pinned: PinnedImage;
}

const platformOf = (inv: Inventory | undefined): string => inv?.platform ?? (inv?.architecture ? `linux/${inv.architecture}` : 'unknown');

/**
 * The per-node inventories merged per image ID and platform: one scan each (the first node's inventory; the same
 * ID is the same content), naming every node that holds it. Pure: `scan` is the manager's matcher.
 */
export function mergeNodeInventories(
  perNode: readonly { hostname: string; doc: NodeInventory }[],
  scan: (inventory: Inventory) => ScanReport,
): NodeScannedImage[] {
  const byKey = new Map<string, NodeScannedImage & { inventory?: Inventory }>();
  for (const { hostname, doc } of perNode) {
    for (const img of doc.images) {
      const platform = platformOf(img.inventory);
      const key = `${img.id}\u0000${platform}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { imageId: img.id, platform, repoTags: [], repoDigests: [], nodes: [], errors: [] };
        byKey.set(key, entry);
      }
      for (const t of img.repoTags) if (!entry.repoTags.includes(t)) entry.repoTags.push(t);
      for (const d of img.repoDigests) if (!entry.repoDigests.includes(d)) entry.repoDigests.push(d);
      if (!entry.nodes.includes(hostname)) entry.nodes.push(hostname);
      if (img.inventory && !entry.inventory) entry.inventory = img.inventory;
      if (img.error !== undefined) entry.errors.push({ node: hostname, error: img.error });
    }
  }
  const out: NodeScannedImage[] = [];
  for (const { inventory, ...entry } of byKey.values()) {
    entry.nodes.sort();
    entry.repoTags.sort();
    entry.repoDigests.sort();
    if (inventory) {
      // The name a person knows it by, not the ID it was read by.
      const named: Inventory = {
        ...inventory,
        ref: entry.repoTags[0] ?? entry.repoDigests[0] ?? inventory.ref,
        ...(inventory.repoDigest === undefined && entry.repoDigests[0] !== undefined ? { repoDigest: entry.repoDigests[0] } : {}),
      };
      try {
        entry.report = scan(named);
        // Scanned: a node that could not read it is still listed, its reason with it.
      } catch (e) {
        entry.errors.push({ node: entry.nodes.join(', '), error: messageOf(e) });
      }
    }
    out.push(entry);
  }
  return out.sort((a, b) => imageName(a).localeCompare(imageName(b)) || a.platform.localeCompare(b.platform));
}

/** How a merged image is named: its first tag, else its first repo digest, else its short ID. */
export function imageName(i: Pick<NodeScannedImage, 'repoTags' | 'repoDigests' | 'imageId'>): string {
  return i.repoTags[0] ?? i.repoDigests[0] ?? i.imageId.replace(/^sha256:/, '').slice(0, 12);
}

/** The nodes that run `service` (a running task there) and the image its spec names. */
export async function serviceNodes(docker: Docker, service: string): Promise<{ nodeIds: string[]; image: string }> {
  const svc = await inspectService(docker, service);
  const tasks = await listTasks(docker, { service: [svc.ID] });
  const nodeIds = [...new Set(tasks.filter((t) => t.Status.State === 'running' && t.NodeID !== '').map((t) => t.NodeID))];
  if (nodeIds.length === 0) throw new UserError(m.say('nodescan.service.idle', { service }), { hint: m.say('nodescan.service.idle.hint') });
  return { nodeIds, image: svc.Spec.TaskTemplate.ContainerSpec.Image };
}

export interface NodeScanOptions {
  /** Only these images (references, IDs); default every image of every node. */
  wanted: readonly string[];
  /** Only the nodes running this service (and its image, unless images are named). */
  service?: string;
  /** The swarmguard image the job runs (pinned by content on the manager). */
  jobImage: string;
  engineSocket: string;
  timeoutMs: number;
  name: string;
  labels: Record<string, string>;
  reap?: {
    reapArgs: (service: string) => string[];
    reapAccess: { mounts: JobMount[]; env: string[] };
    reapLabels: Record<string, string>;
    reapName: string;
  };
  guard?: CleanupGuard;
  log?: (m: Message) => void;
  scan: (inventory: Inventory) => ScanReport;
}

/** The bytes of tmpfs the job writes to (the export spool, should one be needed): memory only while used. */
const JOB_TMPFS_BYTES = 512 << 20;

/** The node job's arguments: `image node-inventory [REF…]`. */
export function nodeInventoryArgs(wanted: readonly string[]): string[] {
  return ['image', 'node-inventory', ...(wanted.length > 0 ? ['--', ...wanted] : [])];
}

/** Runs the inventory job on every (chosen) node, decodes each node's answer, and merges and scans the images. */
export async function scanAllNodes(docker: Docker, o: NodeScanOptions): Promise<NodeScanResult> {
  let wanted = [...o.wanted];
  let nodeIds: string[] | undefined;
  if (o.service !== undefined) {
    const s = await serviceNodes(docker, o.service);
    nodeIds = s.nodeIds;
    if (wanted.length === 0 && s.image !== '') wanted = [s.image];
  }
  const pinned = await pinImage(docker, o.jobImage);
  const access = engineSocketAccess(o.engineSocket);
  const outcomes = await runNodeJob(docker, {
    name: o.name,
    what: 'scan',
    askedImage: o.jobImage,
    labels: o.labels,
    image: pinned,
    args: nodeInventoryArgs(wanted),
    mounts: access.mounts,
    env: access.env,
    hostname: '{{.Node.Hostname}}',
    readOnlyRoot: { tmpfs: { '/tmp': JOB_TMPFS_BYTES } },
    noNetwork: true,
    ...(nodeIds ? { nodeIds } : {}),
    timeoutMs: o.timeoutMs,
    ...(o.reap ?? {}),
    ...(o.guard ? { guard: o.guard } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  const { nodes, perNode } = decodeOutcomes(outcomes);
  return { images: mergeNodeInventories(perNode, o.scan), nodes, pinned };
}

/** Each node's answer decoded, or its failure named. */
export function decodeOutcomes(outcomes: readonly NodeJobOutcome[]): {
  nodes: NodeScanStatus[];
  perNode: { hostname: string; doc: NodeInventory }[];
} {
  const nodes: NodeScanStatus[] = [];
  const perNode: { hostname: string; doc: NodeInventory }[] = [];
  for (const o of outcomes) {
    const status: NodeScanStatus = { nodeId: o.id, hostname: o.hostname, images: 0, skipped: 0 };
    if (o.text === undefined) status.error = o.error !== undefined ? rawMessage(o.error) : m.say('nodescan.node.noOutput');
    else {
      try {
        const doc = decodeNodeInventory(o.text);
        status.images = doc.images.length;
        status.skipped = doc.skipped;
        perNode.push({ hostname: o.hostname, doc });
        if (o.taskState !== undefined && o.taskState !== 'complete') status.error = m.say('nodescan.node.task', { state: o.taskState });
      } catch (e) {
        status.error = o.truncated ? m.say('nodescan.node.outputCut', { error: messageOf(e) }) : messageOf(e);
      }
    }
    nodes.push(status);
  }
  return { nodes: nodes.sort((a, b) => a.hostname.localeCompare(b.hostname)), perNode };
}

const count = (r: ScanReport, sev: Severity): number => r.findings.filter((f) => f.severity === sev).length;

/** The whole result as JSON: everything the table shows (and each image's findings). */
export function nodeScanJson(r: NodeScanResult, severities: readonly Severity[]): unknown {
  const findings = r.images.reduce((n, i) => n + (i.report?.findings.length ?? 0), 0);
  return {
    job: { image: r.pinned.ref, pinnedBy: r.pinned.how },
    // Machine formats are English.
    nodes: r.nodes.map((n) => ({ ...n, ...(n.error !== undefined ? { error: english(n.error) } : {}) })),
    images: r.images.map((i) => ({
      name: imageName(i),
      imageId: i.imageId,
      platform: i.platform,
      repoTags: i.repoTags,
      repoDigests: i.repoDigests,
      nodes: i.nodes,
      ...(i.report
        ? {
            os: i.report.inventory.os,
            packages: i.report.inventory.packages.length,
            counts: Object.fromEntries(severities.map((s) => [s, count(i.report!, s)])),
            covered: uncoveredTargets(i.report).length === 0,
            ...(uncoveredTargets(i.report).length > 0 ? { uncovered: uncoveredTargets(i.report).map((t) => t.label) } : {}),
            findings: i.report.findings,
            notes: i.report.notes,
          }
        : {}),
      ...(i.errors.length > 0 ? { errors: i.errors.map((e) => ({ node: e.node, error: english(e.error) })) } : {}),
    })),
    summary: {
      nodes: r.nodes.length,
      nodesFailed: r.nodes.filter((n) => n.error !== undefined).length,
      images: r.images.length,
      notScanned: r.images.filter((i) => !i.report).length,
      findings,
    },
  };
}

/** The report per image (with the nodes that hold it), then one summary table per image and one per node; `say` renders a message in the reader's language. */
export function renderNodeScan(r: NodeScanResult, s: Styler, severities: readonly Severity[], say: (msg: Message) => string): string {
  const out: string[] = [];
  for (const i of r.images) {
    const nodes = say(m.say('nodescan.image.nodes', { nodes: i.nodes.map(printable).join(', ') }));
    if (i.report) out.push(renderScanTable(i.report, s, severities).trimEnd(), s.dim(nodes));
    else out.push(s.bold(printable(imageName(i))), s.dim(nodes));
    for (const e of i.errors) out.push(s.red(say(m.say('nodescan.image.error', { node: printable(e.node), error: printable(say(e.error)) }))));
    out.push('');
  }
  const header = [
    say(scanMessages.say('scan.col.image')),
    say(m.say('nodescan.col.platform')),
    say(m.say('nodescan.col.nodes')),
    say(scanMessages.say('scan.col.os')),
    say(scanMessages.say('scan.col.packages')),
    ...severities,
    say(scanMessages.say('scan.col.total')),
  ];
  const rows = r.images.map((i) => {
    const base = [printable(imageName(i)), printable(i.platform), i.nodes.map(printable).join(', ')];
    if (!i.report) return [...base, s.red(say(scanMessages.say('scan.cell.error'))), '-', ...severities.map(() => '-'), '-'];
    const inv = i.report.inventory;
    const nothingCovered = i.report.targets.length > 0 && uncoveredTargets(i.report).length === i.report.targets.length;
    return [
      ...base,
      inv.os ? printable(`${inv.os.family} ${inv.os.version}`) : '-',
      String(inv.packages.length),
      ...severities.map((sev) => (count(i.report!, sev) > 0 ? s.severity(sev, String(count(i.report!, sev))) : '0')),
      nothingCovered ? s.yellow(say(scanMessages.say('scan.cell.notCovered'))) : String(i.report.findings.length),
    ];
  });
  out.push(s.bold(say(m.say('nodescan.title.images'))));
  out.push(renderTable(header, rows, { align: ['left', 'left', 'left', 'left', 'right', ...severities.map(() => 'right' as const), 'right'] }).trimEnd());
  out.push('');
  out.push(s.bold(say(m.say('nodescan.title.nodes'))));
  out.push(
    renderTable(
      [say(m.say('nodescan.col.node')), say(m.say('nodescan.col.images')), say(m.say('nodescan.col.status'))],
      r.nodes.map((n) => [
        printable(n.hostname),
        String(n.images) + (n.skipped > 0 ? ` (${say(m.say('nodescan.node.notRead', { count: n.skipped }))})` : ''),
        n.error !== undefined ? s.red(printable(say(n.error))) : say(m.say('nodescan.node.ok')),
      ]),
      { align: ['left', 'right', 'left'] },
    ).trimEnd(),
  );
  const failed = r.nodes.filter((n) => n.error !== undefined).length;
  const findings = r.images.reduce((n, i) => n + (i.report?.findings.length ?? 0), 0);
  const summary = say(m.say('nodescan.summary', { scanned: r.nodes.length - failed, nodes: r.nodes.length, images: r.images.length, findings }));
  out.push('');
  out.push(`${summary}${failed ? `, ${s.red(say(m.say('nodescan.summary.failed', { failed })))}` : ''}`);
  return `${out.join('\n')}\n`;
}
