// `swarmguard watch`: on every service create/update, judge the image the service now runs by its
// digest's latest verdict in the history (scanning it when there is none), and optionally enforce the
// deploy policy. An image that cannot be scanned is a policy decision (--on-scan-failure), never silence.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { atLeast, type Severity } from '../core/severity.js';
import { inspectService, listServices } from '../engine/api.js';
import type { WatchHistory } from '../history/scan-store.js';
import { familiarName, formatFamiliar, parseImageReference, pinned, printable as safe, type ImageReference } from '../core/image-reference.js';
import type { EnforceMode, EnforceResult, EnforcedState, ImageVerdict } from './enforce.js';
import { enforceOnService, pinnedDigest } from './enforce.js';
import { followEvents, type EngineEvent } from './events.js';
import type { ScanJob, ScanQueue } from './queue.js';

/** Where watch keeps the time of the last engine event it handled (nanoseconds, as the engine sends it). */
const LAST_EVENT_KEY = 'watch.lastEventNano';

/** `enforce` is the former name of `block`. */
export type ScanFailurePolicy = 'allow' | 'alert' | 'block' | 'enforce';

export interface WatchPolicy {
  threshold: Severity;
  enforce?: EnforceMode;
  /** What to do with a deployed image that cannot be scanned (default block with --enforce, else alert). */
  onScanFailure?: ScanFailurePolicy;
  /** --policy: the image is judged by the policy (src/policy/decide.ts) instead of --threshold. */
  decide?: (ref: string) => Promise<{ passed: boolean; why: string }>;
}

export interface WatchHooks {
  onEnforced?: (r: EnforceResult, job: ScanJob | undefined, why: string) => void | Promise<void>;
  /** A deployed image could not be scanned and the policy is alert. */
  onScanFailureAlert?: (service: string, image: string, reason: string) => void | Promise<void>;
}

interface ServiceInspect {
  ID: string;
  Version?: { Index?: number };
  Spec: { Name: string; Mode?: { Replicated?: { Replicas?: number } }; TaskTemplate?: { ContainerSpec?: { Image?: string } } };
}

/** What a service runs, resolved to the digest that is judged. */
export type ServiceImage = { ok: true; job: ScanJob; service: string; image: string } | { ok: false; service: string; image: string; reason: string };

export class ServiceWatcher {
  /** Services waiting for the scan of a digest, for enforcement: id → name, and whether an earlier verdict passed it. */
  private readonly waiting = new Map<string, Map<string, { name: string; passedBefore: boolean }>>();
  /** The state our own enforcement left each service in: the events it causes are not judged again. */
  private readonly enforced = new Map<string, EnforcedState>();
  /** The enforcement in flight on each service: one at a time, so two events of one deploy never race to update it. */
  private readonly acting = new Map<string, Promise<unknown>>();
  /** The services whose turn the current call chain holds (an action that judges what a service moved to acts in its own turn). */
  private readonly holding = new AsyncLocalStorage<ReadonlySet<string>>();
  private readonly onScanFailure: ScanFailurePolicy;

  constructor(
    private readonly docker: Docker,
    private readonly queue: ScanQueue,
    private readonly history: WatchHistory,
    private readonly policy: WatchPolicy,
    private readonly log: (line: string) => void,
    private readonly hooks: WatchHooks = {},
  ) {
    const chosen = policy.onScanFailure ?? (policy.enforce ? 'block' : 'alert');
    this.onScanFailure = chosen === 'enforce' ? 'block' : chosen;
  }

  /**
   * The image a service runs. Swarm pins `repo:tag@sha256:D`: D is what runs on the nodes, so D is what is
   * scanned (by `repo@D`, never by the manager's `repo:tag`, which may be another image). An unpinned
   * spec (`--resolve-image never`) tells nothing of what the nodes run (each resolves the tag by itself):
   * it cannot be judged, and the scan-failure policy applies.
   */
  imageOfService(svc: ServiceInspect): ServiceImage {
    const name = svc.Spec.Name;
    const image = svc.Spec.TaskTemplate?.ContainerSpec?.Image ?? '';
    let ref: ImageReference;
    try {
      ref = parseImageReference(image);
    } catch (e) {
      return { ok: false, service: name, image, reason: errorMessage(e) };
    }
    const base = { repository: familiarName(ref), tag: ref.tag ?? null, trigger: 'deploy' as const };
    if (ref.digest !== undefined) {
      const scanRef = formatFamiliar(pinned(ref, ref.digest));
      return { ok: true, service: name, image, job: { ...base, digest: ref.digest, origin: `ref:${scanRef}`, ref: scanRef } };
    }
    return {
      ok: false,
      service: name,
      image,
      reason: 'not pinned by digest: cannot tell which image the nodes run (deploy with --resolve-image always or changed)',
    };
  }

  /** The history's word on a spec image: only a pinned digest with a finished scan has one. */
  async verdictOf(image: string): Promise<ImageVerdict> {
    const digest = pinnedDigest(image);
    const verdict = digest ? await this.history.latestVerdict(digest) : undefined;
    if (!verdict) return 'unknown';
    return this.serious(verdict.findings).length > 0 ? 'failing' : 'clean';
  }

  private serious(findings: readonly Finding[]): Finding[] {
    return findings.filter((f) => atLeast(f.severity, this.policy.threshold));
  }

  async onEvent(ev: EngineEvent): Promise<void> {
    if (ev.Type !== 'service' || (ev.Action !== 'create' && ev.Action !== 'update')) return;
    const serviceId = ev.Actor.ID;
    let svc: ServiceInspect;
    try {
      svc = await inspectService(this.docker, serviceId);
    } catch (e) {
      // Removed in the meantime, or the engine is unreachable: nothing runs that we could judge.
      this.log(`service ${safe(ev.Actor.Attributes.name ?? serviceId)} ${ev.Action}: ${errorMessage(e)}`);
      return;
    }
    if (await this.isOwnUpdate(serviceId, svc)) return;
    await this.evaluate(serviceId, svc, ev.Action);
  }

  /** Judges what a service runs now: by the history's verdict, else by a new scan. */
  private async evaluate(serviceId: string, svc: ServiceInspect, what: string): Promise<void> {
    const found = this.imageOfService(svc);
    if (!found.ok) {
      await this.scanFailed(serviceId, found.service, found.image, found.reason);
      return;
    }
    const { job } = found;
    const verdict = await this.history.latestVerdict(job.digest);
    if (verdict) {
      this.log(`service ${safe(found.service)} ${what}d → ${safe(job.ref)}: judged by scan #${verdict.id} (${verdict.trigger}, ${verdict.finishedAt})`);
      if (await this.judge(serviceId, found.service, job, verdict.findings, `scan #${verdict.id}`)) return;
    }
    // No verdict yet, or a clean one: a new scan (if the queue runs one) has the last word.
    this.wait(job.digest, serviceId, { name: found.service, passedBefore: verdict !== undefined });
    const r = await this.queue.submit(job);
    if (!verdict) this.log(`service ${safe(found.service)} ${what}d → ${safe(job.ref)}: ${r.status}`);
    if (r.status === 'full' || r.status === 'closed') {
      this.unwait(job.digest, serviceId);
      if (!verdict) await this.scanFailed(serviceId, found.service, found.image, r.status === 'full' ? 'the scan queue is full' : 'the scan queue is closed');
    } else if (r.status === 'recent') {
      this.unwait(job.digest, serviceId);
      // Finished between the look-up and the submit.
      const late = verdict ? undefined : await this.history.latestVerdict(job.digest);
      if (late) await this.judge(serviceId, found.service, job, late.findings, `scan #${late.id}`);
    }
  }

  /** Called by the queue when a scan finishes. */
  async onScanned(job: ScanJob, findings: readonly Finding[]): Promise<void> {
    const services = this.waiting.get(job.digest);
    this.waiting.delete(job.digest);
    for (const [id, w] of services ?? []) await this.judge(id, w.name, job, findings);
  }

  /** Called by the queue when a scan failed for good. */
  async onScanFailed(job: ScanJob, error: string): Promise<void> {
    const services = this.waiting.get(job.digest);
    this.waiting.delete(job.digest);
    for (const [id, w] of services ?? []) {
      // A digest an earlier scan passed keeps that verdict when a fresh scan fails.
      if (w.passedBefore) this.log(`service ${safe(w.name)}: a new scan of ${safe(job.ref)} failed (${safe(error)}); the earlier verdict stands`);
      else await this.scanFailed(id, w.name, job.ref, error, job);
    }
  }

  /**
   * Applies the policy to one service; true when it acted. `fromHistory` names the earlier scan that decided:
   * no new scan alerts for it, so the deploy itself is reported.
   */
  private async judge(serviceId: string, name: string, job: ScanJob, findings: readonly Finding[], fromHistory?: string): Promise<boolean> {
    let why: string;
    if (this.policy.decide) {
      let d: { passed: boolean; why: string };
      try {
        d = await this.policy.decide(job.ref);
      } catch (e) {
        await this.scanFailed(serviceId, name, job.ref, `the policy could not be evaluated: ${errorMessage(e)}`);
        return false;
      }
      if (d.passed) return false;
      why = `${job.ref} fails the policy: ${d.why}${fromHistory ? ` (${fromHistory})` : ''}`;
    } else {
      const serious = this.serious(findings);
      if (serious.length === 0) return false;
      why = `${job.ref} has ${serious.length} finding(s) at or above ${this.policy.threshold}${fromHistory ? ` (${fromHistory})` : ''}`;
    }
    if (!this.policy.enforce) {
      if (fromHistory) this.log(`ALERT: service ${safe(name)} now runs ${safe(why)}`);
      return false;
    }
    return this.act(serviceId, name, job, why);
  }

  /** `job` is the scan that failed, when there was one: the action applies only while the service runs its digest. */
  private async scanFailed(serviceId: string, name: string, image: string, reason: string, job?: ScanJob): Promise<void> {
    const what = `service ${safe(name)} runs ${safe(image)}, which could not be scanned: ${safe(reason)}`;
    if (this.onScanFailure === 'allow') {
      this.log(`SCAN FAILED: ${what}; allowed (--on-scan-failure allow)`);
      return;
    }
    if (this.onScanFailure === 'alert' || !this.policy.enforce) {
      this.log(`ALERT: ${what}${this.onScanFailure === 'block' ? ' (no --enforce action given)' : ''}`);
      await this.hooks.onScanFailureAlert?.(name, image, reason);
      return;
    }
    await this.act(serviceId, name, job, `${what} (--on-scan-failure block)`, image);
  }

  /**
   * Enforces on a service that still runs what was judged (`job`'s digest, or the unjudgeable `image`).
   * When it runs something else by now, that is judged instead: the action never lands on a state that
   * nobody judged.
   */
  private act(serviceId: string, name: string, job: ScanJob | undefined, why: string, image?: string): Promise<boolean> {
    // One action per service at a time: a later one waits, then inspects the service afresh (enforceOnService),
    // and finds it moved or already blocked instead of failing with "update out of sequence".
    const held = this.holding.getStore();
    if (held?.has(serviceId)) return this.actNow(serviceId, name, job, why, image);
    const before = this.acting.get(serviceId) ?? Promise.resolve();
    const mine = before.then(() => this.holding.run(new Set([...(held ?? []), serviceId]), () => this.actNow(serviceId, name, job, why, image)));
    const settled = mine.catch(() => undefined);
    this.acting.set(serviceId, settled);
    void settled.then(() => {
      if (this.acting.get(serviceId) === settled) this.acting.delete(serviceId);
    });
    return mine;
  }

  private async actNow(serviceId: string, name: string, job: ScanJob | undefined, why: string, image?: string): Promise<boolean> {
    let result: EnforceResult;
    try {
      result = await enforceOnService(this.docker, serviceId, {
        mode: this.policy.enforce!,
        ...(job ? { judgedDigest: job.digest } : { judgedImage: image ?? '' }),
        verdictOf: (i) => this.verdictOf(i),
      });
    } catch (e) {
      this.log(`POLICY: could not enforce on service ${safe(name)}: ${errorMessage(e)}`);
      await this.recordAction(name, job, 'failed', `${why}: could not enforce: ${errorMessage(e)}`);
      return false;
    }
    if (result.action === 'moved') {
      this.log(`POLICY: ${safe(why)}; but ${safe(result.detail)} (${safe(result.image ?? 'no image')}): judging that instead`);
      await this.recordAction(name, job, 'moved', `${why}; ${result.detail}`);
      try {
        await this.evaluate(serviceId, await inspectService(this.docker, serviceId), 'update');
      } catch (e) {
        this.log(`service ${safe(name)}: ${errorMessage(e)}`);
      }
      return false;
    }
    if (result.leaves) this.enforced.set(serviceId, result.leaves);
    this.log(`POLICY: ${safe(why)}: ${safe(result.detail)}`);
    await this.recordAction(name, job, result.action, `${why}: ${result.detail}`);
    await this.hooks.onEnforced?.(result, job, why);
    return result.action !== 'none';
  }

  /** Every enforcement decision lands in the history, with its reason. */
  private async recordAction(service: string, job: ScanJob | undefined, action: string, reason: string): Promise<void> {
    try {
      await this.history.recordEnforcement({ service, action, reason, digest: job?.digest ?? null, at: new Date().toISOString() });
    } catch (e) {
      this.log(`could not record the enforcement on ${safe(service)} in the history: ${errorMessage(e)}`);
    }
  }

  /**
   * True when the event is our own update: the service is at the exact version our update left, runs the
   * image it left, and that image does not fail the policy (a failing state is never exempt).
   */
  private async isOwnUpdate(serviceId: string, svc: ServiceInspect): Promise<boolean> {
    const left = this.enforced.get(serviceId);
    if (!left) return false;
    const image = svc.Spec.TaskTemplate?.ContainerSpec?.Image;
    if (svc.Version?.Index === left.version && image === left.image && (image === undefined || (await this.verdictOf(image)) !== 'failing')) return true;
    if ((svc.Version?.Index ?? 0) > left.version) this.enforced.delete(serviceId);
    return false;
  }

  private wait(digest: string, serviceId: string, w: { name: string; passedBefore: boolean }): void {
    const services = this.waiting.get(digest) ?? new Map<string, { name: string; passedBefore: boolean }>();
    services.set(serviceId, w);
    this.waiting.set(digest, services);
  }

  private unwait(digest: string, serviceId: string): void {
    const services = this.waiting.get(digest);
    services?.delete(serviceId);
    if (services?.size === 0) this.waiting.delete(digest);
  }

  /**
   * Judges every service changed since the last event a previous run handled (deploys made while watch was
   * down, or lost with an engine restart), so that restarting watch is no way around it.
   */
  async catchUp(nowMs = Date.now()): Promise<number> {
    const last = await this.history.getState(LAST_EVENT_KEY);
    if (last === undefined || !/^\d{1,30}$/.test(last)) {
      // First start with this history: from now on, nothing is missed.
      await this.history.setState(LAST_EVENT_KEY, (BigInt(nowMs) * 1_000_000n).toString());
      return 0;
    }
    const sinceMs = Number(BigInt(last) / 1_000_000n);
    const changed = (await listServices(this.docker)).filter((svc) => {
      const t = Date.parse(svc.UpdatedAt || svc.CreatedAt);
      return Number.isFinite(t) && t >= sinceMs;
    });
    if (changed.length > 0) this.log(`catching up: ${changed.length} service(s) changed since ${new Date(sinceMs).toISOString()}, while watch was not running`);
    for (const svc of changed)
      await this.onEvent({
        Type: 'service',
        Action: 'update',
        Actor: { ID: svc.ID, Attributes: { name: svc.Spec.Name } },
        time: 0,
        timeNano: 0,
        timeNanoText: '0',
      });
    return changed.length;
  }

  run(signal: AbortSignal, since?: number): Promise<void> {
    return followEvents(
      this.docker,
      async (e) => {
        await this.onEvent(e);
        await this.history.setState(LAST_EVENT_KEY, e.timeNanoText);
      },
      {
        filters: { type: ['service'], event: ['create', 'update'] },
        ...(since !== undefined ? { since } : {}),
        log: this.log,
        signal,
      },
    );
  }
}
