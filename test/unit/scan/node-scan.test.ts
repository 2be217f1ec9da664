import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { english, rawMessage } from '../../../src/core/message.js';
import { nodeScanMessages } from '../../../src/image/node-messages.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { createStyler } from '../../../src/core/style.js';
import { encodeNodeInventory, type NodeInventory } from '../../../src/image/node-images.js';
import { decodeOutcomes, mergeNodeInventories, nodeInventoryArgs, nodeScanJson, renderNodeScan } from '../../../src/scan/node-scan.js';
import { scanInventory } from '../../../src/scan/scan.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import type { Inventory } from '../../../src/packages/types.js';
import { makeFixtureDb } from '../../helpers/fixture-db.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const inv = (id: string, arch: string): Inventory => ({
  ref: id,
  imageId: id,
  os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
  packages: [{ type: 'deb', name: 'bash', version: '5.2.15-2+b2', sourceName: 'bash', path: 'var/lib/dpkg/status', purl: 'pkg:deb/debian/bash@5.2.15-2%2Bb2' }],
  warnings: [],
  layers: [],
  architecture: arch,
});
const nodeDoc = (images: NodeInventory['images']): NodeInventory => ({ format: 'swarmguard-node-inventory/2', images, skipped: 0 });

let dir = '';
let store: VulnStore;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sg-nodescan-'));
  store = VulnStore.open(makeFixtureDb(dir), { readonly: true });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const scan = (i: Inventory) => scanInventory(store, i);

describe('image scan --all-nodes: merging what the nodes hold', () => {
  const perNode = [
    {
      hostname: 'node-b',
      doc: nodeDoc([
        { id: D('a'), repoTags: ['web:latest'], repoDigests: [], inventory: inv(D('a'), 'amd64') },
        { id: D('c'), repoTags: ['only-b:1'], repoDigests: [], inventory: inv(D('c'), 'amd64') },
      ]),
    },
    {
      hostname: 'node-a',
      doc: nodeDoc([
        { id: D('a'), repoTags: ['web:1.0'], repoDigests: [], inventory: inv(D('a'), 'amd64') },
        { id: D('a'), repoTags: ['web:latest'], repoDigests: [], inventory: inv(D('a'), 'arm64') },
        { id: D('e'), repoTags: ['broken:1'], repoDigests: [], error: rawMessage('cannot export') },
      ]),
    },
  ];

  it('scans each image once per platform, naming every node that holds it', () => {
    const merged = mergeNodeInventories(perNode, scan);
    expect(merged.map((m) => [m.repoTags[0], m.platform, m.nodes])).toEqual([
      ['broken:1', 'unknown', ['node-a']],
      ['only-b:1', 'linux/amd64', ['node-b']],
      ['web:1.0', 'linux/amd64', ['node-a', 'node-b']],
      ['web:latest', 'linux/arm64', ['node-a']],
    ]);
    const web = merged.find((m) => m.platform === 'linux/amd64' && m.nodes.length === 2)!;
    expect(web.repoTags).toEqual(['web:1.0', 'web:latest']);
    // The real matcher against the fixture DB: bash in Debian 12 has the CRITICAL test advisory.
    expect(web.report!.findings.map((f) => [f.id, f.severity])).toContainEqual(['CVE-2099-0101', 'CRITICAL']);
    expect(web.report!.ref).toBe('web:1.0');
    const broken = merged.find((m) => m.repoTags[0] === 'broken:1')!;
    expect(broken.report).toBeUndefined();
    expect(broken.errors).toEqual([{ node: 'node-a', error: rawMessage('cannot export') }]);
  });

  it('names each node that failed, with its reason, and decodes the others', () => {
    const { nodes, perNode: decoded } = decodeOutcomes([
      { id: 'n1', hostname: 'node-a', state: 'ready', taskState: 'complete', text: encodeNodeInventory(perNode[1]!.doc) },
      { id: 'n2', hostname: 'node-b', state: 'ready', error: 'task running (timed out)' },
      { id: 'n3', hostname: 'node-c', state: 'ready', taskState: 'complete', text: 'garbage\n' },
      { id: 'n4', hostname: 'node-d', state: 'ready', taskState: 'failed', text: encodeNodeInventory(nodeDoc([])) },
    ]);
    expect(decoded.map((d) => d.hostname)).toEqual(['node-a', 'node-d']);
    expect(nodes.map((n) => ({ ...n, ...(n.error ? { error: english(n.error) } : {}) }))).toEqual([
      { nodeId: 'n1', hostname: 'node-a', images: 3, skipped: 0 },
      { nodeId: 'n2', hostname: 'node-b', images: 0, skipped: 0, error: 'task running (timed out)' },
      { nodeId: 'n3', hostname: 'node-c', images: 0, skipped: 0, error: 'the node printed no inventory' },
      { nodeId: 'n4', hostname: 'node-d', images: 0, skipped: 0, error: 'task failed' },
    ]);
    // Said in the reader's language: the job's state by id, the engine's words as they are.
    expect(nodes.map((n) => (n.error ? localizeMessage(n.error, 'ja') : ''))).toEqual([
      '',
      'task running (timed out)',
      'ノードがインベントリを出力しませんでした',
      'タスクの状態: failed',
    ]);
  });

  it('shows the same things in the table and in JSON', () => {
    const result = {
      images: mergeNodeInventories(perNode, scan),
      nodes: [
        { nodeId: 'n1', hostname: 'node-a', images: 3, skipped: 0 },
        { nodeId: 'n2', hostname: 'node-b', images: 2, skipped: 4, error: nodeScanMessages.say('nodescan.node.task', { state: 'failed' }) },
      ],
      pinned: { ref: D('f'), how: 'image ID' as const },
    };
    const text = renderNodeScan(result, createStyler(false), ['CRITICAL', 'HIGH'], english);
    expect(text).toMatch(/^only-b:1\s+linux\/amd64\s+node-b\s+debian 12\s+1\s+1\s+0\s+1$/m);
    expect(text).toMatch(/^web:1\.0\s+linux\/amd64\s+node-a, node-b\s/m);
    expect(text).toMatch(/^node-b\s+2 \(4 not read\)\s+task failed$/m);
    expect(text).toContain('error on node-a: cannot export');
    expect(text).toContain('1 of 2 node(s) scanned, 4 image(s), 3 vulnerabilities, 1 node(s) failed');
    const json = nodeScanJson(result, ['CRITICAL', 'HIGH']) as {
      images: { name: string; nodes: string[]; counts?: object }[];
      summary: object;
      nodes: object[];
    };
    expect(json.images.find((i) => i.name === 'only-b:1')).toMatchObject({ nodes: ['node-b'], counts: { CRITICAL: 1, HIGH: 0 } });
    expect(json.nodes[1]).toEqual({ nodeId: 'n2', hostname: 'node-b', images: 2, skipped: 4, error: 'task failed' });
    expect(json.summary).toEqual({ nodes: 2, nodesFailed: 1, images: 4, notScanned: 1, findings: 3 });
    // A message said in another language goes through `say`.
    expect(renderNodeScan(result, createStyler(false), ['CRITICAL'], () => 'X')).not.toContain('Images on the nodes');
  });

  it('passes the named images to the node job after --, so no name is read as an option', () => {
    expect(nodeInventoryArgs([])).toEqual(['image', 'node-inventory']);
    expect(nodeInventoryArgs(['-x', 'web'])).toEqual(['image', 'node-inventory', '--', '-x', 'web']);
  });
});
