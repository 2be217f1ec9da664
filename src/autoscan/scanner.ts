// The scan that serve and watch run for a job: pull (for registry pushes) through the engine, inventory, match.
import type Docker from 'dockerode';
import { EngineError, errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { inventoryImage } from '../image/inventory.js';
import { assertScanned, withScanDeadline } from '../packages/incomplete.js';
import { tryParseImageReference } from '../image/reference.js';
import { scanInventory } from '../scan/scan.js';
import { VulnStore } from '../vulndb/store.js';
import type { ScanJob, Scanner } from './queue.js';

async function pull(docker: Docker, ref: string): Promise<void> {
  const stream = await docker.pull(ref);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(new EngineError(`pull of ${ref} failed: ${err ? errorMessage(err) : String(failed?.error)}`));
      else resolve();
    });
  });
}

/**
 * A pinned `repo@sha256:D` is read from this engine when it has exactly D, else from its registry (the
 * manifest is checked against D either way); anything else is read from the engine.
 */
async function inventoryOf(ref: string) {
  if (tryParseImageReference(ref)?.digest === undefined) return inventoryImage(ref);
  try {
    return await inventoryImage(ref, { source: 'engine' });
  } catch (engineError) {
    try {
      return await inventoryImage(ref, { source: 'registry' });
    } catch (registryError) {
      throw new EngineError(`cannot read ${ref}: not on this engine (${errorMessage(engineError)}), and from its registry: ${errorMessage(registryError)}`);
    }
  }
}

/** Opens the DB per scan (read-only), so a `db update` between scans is picked up. */
export function createImageScanner(docker: Docker, dbPath: string): Scanner {
  return async (job: ScanJob): Promise<Finding[]> => {
    if (job.trigger === 'push') await pull(docker, job.ref);
    const inventory = await withScanDeadline(job.ref, inventoryOf(job.ref));
    assertScanned(job.ref, inventory.warnings);
    const store = VulnStore.open(dbPath, { readonly: true });
    try {
      return scanInventory(store, inventory).all;
    } finally {
      store.close();
    }
  };
}
