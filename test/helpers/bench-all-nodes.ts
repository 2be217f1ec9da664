// What the `bench --all-nodes` tests share: the lab's job options, each node's results from the job's JSON, the
// parity of the job with a local `bench` on each node, and the swarmguard containers a job may leave on a lab node.
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { runCli } from '../integration/helpers/run-cli.js';

export const LAB_SOCKET = ['--engine-socket', '/run/swarmguard-lab/{{.Node.Hostname}}.sock'];
export const LAB_NODES = ['sg-node1', 'sg-node2'];

/** `bench --all-nodes` on the lab whose manager is `manager`. */
export const labBench = (manager: string, ...args: string[]) =>
  runCli(['bench', '--all-nodes', ...LAB_SOCKET, '--timeout', '90', ...args], { env: { DOCKER_HOST: manager } });

export type NodeResults = Record<string, Record<string, { result: string; details?: string }>>;
/** `bench --all-nodes --format json` → node → check → result. */
export function nodeResults(stdout: string): NodeResults {
  const doc = JSON.parse(stdout) as {
    nodes: { hostname: string; error?: string; log?: { tests: { results: { id: string; result: string; details?: string }[] }[] } }[];
  };
  const out: NodeResults = {};
  for (const n of doc.nodes) {
    expect(n.error, n.hostname).toBeUndefined();
    out[n.hostname] = Object.fromEntries(n.log!.tests.flatMap((t) => t.results).map((r) => [r.id, r]));
  }
  return out;
}

/**
 * swarmguard's containers on a lab node once they have had their moment to go: the last one, the reaper's helper,
 * removes the reaper after it exits and then itself (auto-remove), a second or two after the command returns.
 */
export async function ownContainersOn(node: string): Promise<string> {
  const list = () =>
    execFileSync('docker', ['-H', `unix:///run/swarmguard-lab/${node}.sock`, 'ps', '-a', '--filter', 'label=com.swarmguard.role', '--format', '{{.Names}}'], {
      encoding: 'utf8',
    }).trim();
  const end = Date.now() + 30_000;
  let left = list();
  while (left !== '' && /^swarmguard-reap-[0-9a-f]{6}-helper$/m.test(left) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    left = list();
  }
  return left;
}

/**
 * Checks whose answer only a local run can give, with the reason (docs/security.md, "What the all-nodes job reads").
 * None today: a difference in any check fails the test.
 */
const ONLY_VISIBLE_LOCALLY: Record<string, string> = {};

/**
 * The job's results against `bench` run here on each node's engine, check by check. Everything that differs fails,
 * unless listed in ONLY_VISIBLE_LOCALLY, or the node's state changed while the test ran (the lab and the test engine
 * are shared): a local run before and one after the job; a check counts when both local runs agree.
 */
export async function expectParity(
  runJob: () => Promise<{ status: number | null; stdout: string; stderr: string }>,
  sockets: Record<string, string>,
  args: string[],
): Promise<{ job: NodeResults; local: NodeResults }> {
  const local = async (socket: string) => {
    const r = await runCli(['bench', '--format', 'json', ...args], { env: { DOCKER_HOST: socket } });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { tests: { results: { id: string; result: string; details?: string }[] }[] };
    return Object.fromEntries(doc.tests.flatMap((t) => t.results).map((x) => [x.id, x]));
  };
  const before: NodeResults = {};
  for (const [node, socket] of Object.entries(sockets)) before[node] = await local(socket);
  const r = await runJob();
  expect(r.status, r.stderr).toBe(0);
  const job = nodeResults(r.stdout);
  expect(Object.keys(job).sort()).toEqual(Object.keys(sockets).sort());
  const after: NodeResults = {};
  const differences: string[] = [];
  for (const [node, socket] of Object.entries(sockets)) {
    after[node] = await local(socket);
    const there = job[node];
    expect(there, `no result from ${node}`).toBeDefined();
    expect(Object.keys(there!).length).toBeGreaterThan(100);
    const ids = new Set([...Object.keys(after[node]), ...Object.keys(there!)]);
    for (const id of ids) {
      if (id in ONLY_VISIBLE_LOCALLY) continue;
      const [l, l2, j] = [before[node]![id], after[node][id], there![id]];
      const same = (x: typeof l, y: typeof l) => x?.result === y?.result && JSON.stringify(x?.details) === JSON.stringify(y?.details);
      if (!same(l, l2)) continue;
      if (!same(l, j))
        differences.push(`${node} ${id}: bench ${l?.result} ${JSON.stringify(l?.details)}, --all-nodes ${j?.result} ${JSON.stringify(j?.details)}`);
    }
  }
  expect(differences).toEqual([]);
  return { job, local: after };
}
