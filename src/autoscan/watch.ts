// `swarmguard watch`: on every service create/update, scan the image the service now runs (once per
// digest), and optionally enforce the deploy policy on that service.
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { atLeast, type Severity } from '../core/severity.js';
import type { EnforceMode, EnforceResult } from './enforce.js';
import { enforceOnService } from './enforce.js';
import { followEvents, type EngineEvent } from './events.js';
import type { ScanJob, ScanQueue } from './queue.js';

export interface WatchPolicy {
  threshold: Severity;
  enforce?: EnforceMode;
}

/** Splits "repo:tag@sha256:…" into its parts; the tag is after the last colon of the last path part. */
export function splitImageRef(ref: string): { repository: string; tag: string | null; digest: string | null } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
  return { repository: name, tag: null, digest };
}

interface ServiceInspect {
  ID: string;
  Spec: { Name: string; TaskTemplate?: { ContainerSpec?: { Image?: string } } };
}

export class ServiceWatcher {
  /** Services waiting for the scan of a digest, for enforcement. */
  private readonly waiting = new Map<string, Set<string>>();
  /** Services this watcher acted on recently: their own rollback update must not trigger another. */
  private readonly enforced = new Map<string, number>();

  constructor(
    private readonly docker: Docker,
    private readonly queue: ScanQueue,
    private readonly policy: WatchPolicy,
    private readonly log: (line: string) => void,
    private readonly onEnforced?: (r: EnforceResult, job: ScanJob) => void | Promise<void>,
  ) {}

  /** Resolves the image a service runs to a digest this engine can read: the pinned digest, or the local image ID. */
  async jobForService(serviceId: string): Promise<{ job: ScanJob; service: string } | undefined> {
    const svc = (await this.docker.getService(serviceId).inspect()) as ServiceInspect;
    const image = svc.Spec.TaskTemplate?.ContainerSpec?.Image;
    if (!image) return undefined;
    const parts = splitImageRef(image);
    let digest = parts.digest;
    let ref = image;
    try {
      const local = (await this.docker.getImage(parts.tag ? `${parts.repository}:${parts.tag}` : image).inspect()) as { Id: string };
      // The engine reads the local image; key it by the image ID unless the spec pinned a digest.
      digest = digest ?? local.Id;
      ref = parts.tag ? `${parts.repository}:${parts.tag}` : local.Id;
    } catch {
      if (!digest) {
        this.log(`service ${svc.Spec.Name}: image ${image} is not on this node and not pinned by digest; cannot tell what to scan`);
        return undefined;
      }
    }
    return { job: { digest: digest!, repository: parts.repository, tag: parts.tag, trigger: 'deploy', origin: `ref:${ref}`, ref }, service: svc.Spec.Name };
  }

  async onEvent(ev: EngineEvent): Promise<void> {
    if (ev.Type !== 'service' || (ev.Action !== 'create' && ev.Action !== 'update')) return;
    const until = this.enforced.get(ev.Actor.ID);
    if (until !== undefined && until > Date.now()) return;
    let found;
    try {
      found = await this.jobForService(ev.Actor.ID);
    } catch (e) {
      this.log(`service ${ev.Actor.Attributes.name ?? ev.Actor.ID} ${ev.Action}: ${errorMessage(e)}`);
      return;
    }
    if (!found) return;
    const set = this.waiting.get(found.job.digest) ?? new Set<string>();
    set.add(ev.Actor.ID);
    this.waiting.set(found.job.digest, set);
    const r = this.queue.submit(found.job);
    this.log(`service ${found.service} ${ev.Action}d → ${found.job.ref}: ${r.status}`);
  }

  /** Called by the queue when a scan finishes. */
  async onScanned(job: ScanJob, findings: readonly Finding[]): Promise<void> {
    const services = this.waiting.get(job.digest);
    this.waiting.delete(job.digest);
    if (!services || !this.policy.enforce) return;
    const serious = findings.filter((f) => atLeast(f.severity, this.policy.threshold));
    if (serious.length === 0) return;
    for (const id of services) {
      try {
        const result = await enforceOnService(this.docker, id, this.policy.enforce);
        this.enforced.set(id, Date.now() + 5 * 60_000);
        this.log(`POLICY: ${job.ref} has ${serious.length} finding(s) at or above ${this.policy.threshold}: ${result.detail}`);
        await this.onEnforced?.(result, job);
      } catch (e) {
        this.log(`POLICY: could not enforce on service ${id}: ${errorMessage(e)}`);
      }
    }
  }

  run(signal: AbortSignal, since?: number): Promise<void> {
    return followEvents(this.docker, (e) => this.onEvent(e), {
      filters: { type: ['service'], event: ['create', 'update'] },
      ...(since !== undefined ? { since } : {}),
      log: this.log,
      signal,
    });
  }
}
