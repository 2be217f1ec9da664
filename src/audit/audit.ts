// `swarmguard audit`: everything for a whole cluster in one report — compose lint, the live swarm, the host,
// the CIS benchmark, and lint plus vulnerability scan of every image the services run (once per image).
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { messageOf } from '../core/errors.js';
import { notesSaid, pushNote, rawMessage, type Message } from '../core/message.js';
import { auditMessages as A } from './messages.js';
import { countBySeverity, type Finding } from '../core/finding.js';
import { VERDICTS, type Severity, type Verdict } from '../core/severity.js';
import { loadCompose } from '../compose/load.js';
import { runRules } from '../compose/rules/index.js';
import { takeSnapshot } from '../engine/snapshot.js';
import type { EngineConnection } from '../engine/connection.js';
import { collectHostFacts } from '../bench/host-facts.js';
import { benchAllNodes } from '../bench/all-nodes.js';
import { LATEST_CIS } from '../bench/catalogue.js';
import { benchFindings, excludedNote, findingsFromLog, runBench, type BenchReport } from '../bench/runner.js';
import type { BenchVerdict } from '../history/audit-runs.js';
import { exportImage, inspectImage } from '../engine/api.js';
import type { EngineServiceModel } from '../engine/models.js';
import { mergeSameProblem } from './merge.js';
import { collectHostTipFacts, runHostTipChecks } from '../hardening/index.js';
import { lintFactsFromArchive } from '../imagelint/facts.js';
import { lintImage } from '../imagelint/rules.js';
import { openArchiveStream, type ImageArchive } from '../image/archive.js';
import { defaultLayerCache, inventoryArchive } from '../image/inventory.js';
import type { LayerCache } from '../image/layer-cache.js';
import type { Inventory } from '../packages/types.js';
import { scanInventory } from '../scan/scan.js';
import { VulnStore } from '../vulndb/store.js';
import { auditSwarmServices } from './swarm-checks.js';
import { readBenchLog } from '../bench/log.js';

export interface AuditOptions {
  composeFiles: string[];
  dbPath: string;
  bench: boolean;
  /** Run the benchmark on every node (a global job with this image) instead of this node only. */
  allNodes?: { image: string; engineSocket: string; timeoutMs: number };
  images: boolean;
  trustedUsers: string[];
  /** Progress said by id (the caller prints it in its reader's language). */
  log?: (m: Message) => void;
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
async function serviceImages(docker: Docker, services: readonly EngineServiceModel[]): Promise<{ ref: string; id: string | null; services: string[] }[]> {
  const byRef = new Map<string, string[]>();
  for (const s of services) {
    const image = s.Spec.TaskTemplate.ContainerSpec.Image;
    if (!image) continue;
    const ref = image.replace(/@sha256:[a-f0-9]{64}$/, '');
    byRef.set(ref, [...(byRef.get(ref) ?? []), s.Spec.Name]);
  }
  const byId = new Map<string, { ref: string; id: string | null; services: string[] }>();
  for (const [ref, svcs] of byRef) {
    const id = await inspectImage(docker, ref).then(
      (image) => image.Id,
      () => null,
    );
    const key = id ?? `missing:${ref}`;
    const cur = byId.get(key);
    if (cur) cur.services.push(...svcs);
    else byId.set(key, { ref, id, services: [...svcs] });
  }
  return [...byId.values()];
}

/** Runs one part of the audit: its findings join the report, or the reason it could not run joins the coverage. */
export type AuditStep = (what: Message, fn: () => Finding[] | void | Promise<Finding[] | void>) => Promise<void>;

/** What reading the service images needs: one `docker save` of an image, and a scanner for its inventory. */
export interface ImageAuditSources {
  save(ref: string): Promise<Readable>;
  /** Scans an inventory (the caller opens the vulnerability store once); absent when there is no database. */
  scan?: (inventory: Inventory) => Finding[];
  cache?: LayerCache;
}

/**
 * Image lint and vulnerability scan of each image from one export of it: the export is spooled once and both the
 * lint walk (file modes, credential files, which the layer cache does not keep) and the inventory walk (through the
 * layer cache) read that copy. Returns how many exports were made: one per image.
 */
export async function auditImages(
  refs: readonly string[],
  sources: ImageAuditSources,
  step: AuditStep,
  log: (m: Message) => void = () => undefined,
): Promise<number> {
  let exports = 0;
  for (const ref of refs) {
    log(A.say('audit.progress.image', { ref }));
    // Opened on first use and shared: a failed export is reported by both steps, not tried twice.
    let opened: Promise<ImageArchive> | undefined;
    const open = (): Promise<ImageArchive> =>
      (opened ??= (async () => {
        exports += 1;
        return openArchiveStream(await sources.save(ref), ref);
      })());
    try {
      await step(A.say('audit.part.imageLint', { ref }), async () =>
        lintImage(await lintFactsFromArchive(await open(), ref), { allowedRegistries: [], maxSizeMiB: 500 }),
      );
      const scan = sources.scan;
      if (scan) await step(A.say('audit.part.vulnScan', { ref }), async () => scan(await inventoryArchive(await open(), ref, undefined, sources.cache)));
    } finally {
      if (opened)
        await opened.then(
          (a) => a.cleanup(),
          () => undefined,
        );
    }
  }
  return exports;
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
    readBenchLog(log).results.flatMap((r) => (isVerdict(r.result) ? [{ node, id: r.id, verdict: r.result }] : []));
  const step: AuditStep = async (what, fn) => {
    try {
      const found = await fn();
      if (found) findings.push(...found);
      pushNote(checked, what);
    } catch (e) {
      pushNote(coverage, A.say('audit.note.notChecked', { part: what, error: messageOf(e) }));
    }
  };

  if (options.composeFiles.length > 0) {
    await step(A.say('audit.part.compose', { files: options.composeFiles.join(', ') }), async () => {
      return runRules(await loadCompose(options.composeFiles, { env: process.env, cwd: process.cwd() }));
    });
  }
  log(A.say('audit.progress.engine'));
  const snapshot = await takeSnapshot(conn);
  for (const error of snapshot.errors) pushNote(coverage, A.say('audit.note.engine', { error }));
  const dataRoot = snapshot.info.DockerRootDir || undefined;
  const host = await collectHostFacts(dataRoot ? { dataRoot } : {});
  for (const m of notesSaid(excludedNote(snapshot.excluded))) pushNote(coverage, m);
  const ctx = { snapshot, host, options: { trustedUsers: options.trustedUsers, swarmIntended: true, now: new Date() } };
  if (snapshot.swarm) {
    await step(A.say('audit.part.swarm'), () => [
      ...benchFindings(verdictsOf(runBench(ctx, { checks: ['7'], cis: LATEST_CIS }))),
      ...auditSwarmServices(snapshot),
    ]);
  } else pushNote(coverage, A.say('audit.note.notManager'));
  await step(A.say('audit.part.hostTips'), async () => runHostTipChecks(await collectHostTipFacts(), { trustedUsers: options.trustedUsers }));
  if (options.bench && options.allNodes && snapshot.swarm) {
    const all = options.allNodes;
    await step(A.say('audit.part.benchEveryNode', { version: LATEST_CIS }), async () => {
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
        else
          pushNote(
            coverage,
            o.error !== undefined
              ? A.say('audit.note.benchFailed', { node: o.hostname, error: rawMessage(o.error) })
              : A.say('audit.note.benchNoResult', { node: o.hostname }),
          );
      }
    });
  } else if (options.bench) {
    await step(A.say('audit.part.benchOn', { version: LATEST_CIS, node: host.hostname }), () =>
      benchFindings(verdictsOf(runBench(ctx, { exclude: ['7'], cis: LATEST_CIS }))),
    );
  } else pushNote(coverage, A.say('audit.note.noBench'));

  if (options.images && snapshot.swarm) {
    const images = await serviceImages(conn.docker, snapshot.swarm.services);
    const haveDb = existsSync(options.dbPath);
    if (!haveDb) pushNote(coverage, A.say('audit.note.noDatabase', { db: options.dbPath }));
    const store = haveDb ? VulnStore.open(options.dbPath, { readonly: true }) : undefined;
    try {
      const present = images.filter((img) => img.id !== null);
      for (const img of images) if (!img.id) pushNote(coverage, A.say('audit.note.imageAbsent', { ref: img.ref, services: img.services.join(', ') }));
      await auditImages(
        present.map((img) => img.ref),
        {
          save: (ref) => exportImage(conn.docker, ref),
          ...(store ? { scan: (inventory: Inventory) => scanInventory(store, inventory).all } : {}),
          cache: defaultLayerCache(),
        },
        step,
        log,
      );
    } finally {
      store?.close();
    }
  } else if (!options.images) pushNote(coverage, A.say('audit.note.noImages'));
  const merged = mergeSameProblem(findings);
  return { findings: merged, coverage, checked, score: auditScore(merged), bench };
}
