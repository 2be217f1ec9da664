// `swarmguard audit`: everything for a whole cluster in one report — compose lint, the live swarm, the host,
// the CIS benchmark, and lint plus vulnerability scan of every image the services run (once per image).
import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import { countBySeverity, type Finding } from '../core/finding.js';
import { VERDICTS, type Severity, type Verdict } from '../core/severity.js';
import { loadCompose } from '../compose/load.js';
import { runRules } from '../compose/rules/index.js';
import { takeSnapshot } from '../engine/snapshot.js';
import type { EngineConnection } from '../engine/connection.js';
import { collectHostFacts } from '../bench/host-facts.js';
import { benchAllNodes } from '../bench/all-nodes.js';
import { benchFindings, excludedNote, findingsFromLog, runBench, type BenchReport } from '../bench/runner.js';
import type { BenchVerdict } from '../history/audit-runs.js';
import { inspectImage } from '../engine/api.js';
import type { EngineServiceModel } from '../engine/models.js';
import { mergeSameProblem } from './merge.js';
import { collectHostTipFacts, runHostTipChecks } from '../hardening/index.js';
import { collectImageLintFacts } from '../imagelint/facts.js';
import { lintImage } from '../imagelint/rules.js';
import { inventoryImage } from '../image/inventory.js';
import { scanInventory } from '../scan/scan.js';
import { VulnStore } from '../vulndb/store.js';
import { auditSwarmServices } from './swarm-checks.js';

export interface AuditOptions {
  composeFiles: string[];
  dbPath: string;
  bench: boolean;
  /** Run the benchmark on every node (a global job with this image) instead of this node only. */
  allNodes?: { image: string; engineSocket: string; timeoutMs: number };
  images: boolean;
  trustedUsers: string[];
  log?: (line: string) => void;
}

export interface AuditResult {
  findings: Finding[];
  /** What could not be checked, and why. */
  coverage: string[];
  checked: string[];
  score: number;
  /** Every benchmark verdict per node (PASS, WARN, INFO, NOTE), for the history. */
  bench: BenchVerdict[];
}

const WEIGHT: Record<Severity, number> = { CRITICAL: 10, HIGH: 5, MEDIUM: 2, LOW: 1, UNKNOWN: 0, INFO: 0 };

/** 100 minus weighted findings (CRITICAL 10, HIGH 5, MEDIUM 2, LOW 1), never below 0. */
export function auditScore(findings: readonly Finding[]): number {
  const c = countBySeverity(findings);
  return Math.max(0, 100 - Object.entries(WEIGHT).reduce((s, [sev, w]) => s + c[sev as Severity] * w, 0));
}

/** The images the swarm's services run, with the local image each resolves to (deduplicated by image ID). */
export async function serviceImages(
  docker: Docker,
  services: readonly EngineServiceModel[],
): Promise<{ ref: string; id: string | null; services: string[] }[]> {
  const byRef = new Map<string, string[]>();
  for (const s of services) {
    const image = s.Spec.TaskTemplate.ContainerSpec.Image;
    if (!image) continue;
    const ref = image.replace(/@sha256:[a-f0-9]{64}$/, '');
    byRef.set(ref, [...(byRef.get(ref) ?? []), s.Spec.Name]);
  }
  const byId = new Map<string, { ref: string; id: string | null; services: string[] }>();
  for (const [ref, svcs] of byRef) {
    let id: string | null = null;
    try {
      id = (await inspectImage(docker, ref)).Id;
    } catch {
      id = null;
    }
    const key = id ?? `missing:${ref}`;
    const cur = byId.get(key);
    if (cur) cur.services.push(...svcs);
    else byId.set(key, { ref, id, services: [...svcs] });
  }
  return [...byId.values()];
}

export async function runAudit(conn: EngineConnection, options: AuditOptions): Promise<AuditResult> {
  const log = options.log ?? (() => undefined);
  const findings: Finding[] = [];
  const coverage: string[] = [];
  const checked: string[] = [];
  // Every benchmark verdict, for the history (the findings carry the WARNs only).
  const bench: BenchVerdict[] = [];
  const verdictsOf = (r: BenchReport): BenchReport => {
    bench.push(...r.results.map((x) => ({ node: r.node, id: x.id, verdict: x.verdict })));
    return r;
  };
  const isVerdict = (v: string): v is Verdict => (VERDICTS as readonly string[]).includes(v);
  const verdictsOfLog = (log: Record<string, unknown>, node: string): BenchVerdict[] =>
    (Array.isArray(log.tests) ? (log.tests as { results?: { id?: unknown; result?: unknown }[] }[]) : [])
      .flatMap((t) => t.results ?? [])
      .flatMap((r) => (typeof r.id === 'string' && typeof r.result === 'string' && isVerdict(r.result) ? [{ node, id: r.id, verdict: r.result }] : []));
  const step = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
      checked.push(what);
    } catch (e) {
      coverage.push(`${what}: not checked (${errorMessage(e)})`);
    }
  };

  if (options.composeFiles.length > 0) {
    await step(`compose lint of ${options.composeFiles.join(', ')}`, async () => {
      findings.push(...runRules(await loadCompose(options.composeFiles, { env: process.env, cwd: process.cwd() })));
    });
  }
  log('reading the engine and this host');
  const snapshot = await takeSnapshot(conn);
  if (snapshot.errors.length > 0) coverage.push(...snapshot.errors.map((e) => `engine: ${e}`));
  const dataRoot = snapshot.info.DockerRootDir || undefined;
  const host = await collectHostFacts(dataRoot ? { dataRoot } : {});
  coverage.push(...excludedNote(snapshot.excluded));
  const ctx = { snapshot, host, options: { trustedUsers: options.trustedUsers, swarmIntended: true, now: new Date() } };
  if (snapshot.swarm) {
    await step('live swarm audit', async () => {
      findings.push(...benchFindings(verdictsOf(runBench(ctx, { checks: ['7'] }))), ...auditSwarmServices(snapshot));
    });
  } else coverage.push('live swarm audit: this engine is not a swarm manager');
  await step('host and daemon tips', async () => {
    findings.push(...runHostTipChecks(await collectHostTipFacts(), { trustedUsers: options.trustedUsers }));
  });
  if (options.bench && options.allNodes && snapshot.swarm) {
    const all = options.allNodes;
    await step('CIS Docker Benchmark 1.6.0 on every node', async () => {
      const outcomes = await benchAllNodes(conn.docker, {
        image: all.image,
        engineSocket: all.engineSocket,
        args: ['--exclude', '7'],
        timeoutMs: all.timeoutMs,
        log,
      });
      for (const o of outcomes) {
        if (o.log) findings.push(...findingsFromLog(o.log, o.hostname));
        if (o.log) bench.push(...verdictsOfLog(o.log, o.hostname));
        else coverage.push(`CIS benchmark on ${o.hostname}: ${o.error ?? 'no result'}`);
      }
    });
  } else if (options.bench) {
    await step(`CIS Docker Benchmark 1.6.0 on ${host.hostname}`, async () => {
      findings.push(...benchFindings(verdictsOf(runBench(ctx, { exclude: ['7'] }))));
    });
  } else coverage.push('CIS benchmark: skipped (--no-bench)');

  if (options.images && snapshot.swarm) {
    const images = await serviceImages(conn.docker, snapshot.swarm.services);
    const haveDb = existsSync(options.dbPath);
    if (!haveDb) coverage.push(`vulnerability scan: no database at ${options.dbPath} (run \`swarmguard db update\` or \`db import\`)`);
    const store = haveDb ? VulnStore.open(options.dbPath, { readonly: true }) : undefined;
    try {
      for (const img of images) {
        if (!img.id) {
          coverage.push(`image ${img.ref} (${img.services.join(', ')}): not on this node, not checked`);
          continue;
        }
        log(`image ${img.ref}`);
        await step(`image lint of ${img.ref}`, async () => {
          findings.push(...lintImage(await collectImageLintFacts(img.ref), { allowedRegistries: [], maxSizeMiB: 500 }));
        });
        if (store) {
          await step(`vulnerability scan of ${img.ref}`, async () => {
            findings.push(...scanInventory(store, await inventoryImage(img.ref)).all);
          });
        }
      }
    } finally {
      store?.close();
    }
  } else if (!options.images) coverage.push('images: skipped (--no-images)');
  const merged = mergeSameProblem(findings);
  return { findings: merged, coverage, checked, score: auditScore(merged), bench };
}
