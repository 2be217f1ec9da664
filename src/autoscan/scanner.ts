// The scan that serve and watch run for a job: pull (for registry pushes) through the engine, inventory, match.
import type Docker from 'dockerode';
import { EngineError, messageOf } from '../core/errors.js';
import { autoscanMessages } from './messages.js';
import { pullImage } from '../engine/pull.js';
import type { Finding } from '../core/finding.js';
import { inventoryImage } from '../image/inventory.js';
import { assertScanned, withScanDeadline } from '../packages/incomplete.js';
import { tryParseImageReference } from '../core/image-reference.js';
import { scanInventory } from '../scan/scan.js';
import { VulnStore } from '../vulndb/store.js';
import type { ScanJob, Scanner } from './queue.js';

/**
 * A pinned `repo@sha256:D` is read from this engine when it has exactly D, else from its registry (the
 * manifest is checked against D either way); anything else is read from the engine.
 */
async function inventoryOf(ref: string, signal: AbortSignal) {
  if (tryParseImageReference(ref)?.digest === undefined) return inventoryImage(ref, { signal });
  try {
    return await inventoryImage(ref, { source: 'engine', signal });
  } catch (engineError) {
    signal.throwIfAborted();
    try {
      return await inventoryImage(ref, { source: 'registry', signal });
    } catch (registryError) {
      throw new EngineError(autoscanMessages.say('autoscan.scan.unreadable', { ref, error: messageOf(engineError), error2: messageOf(registryError) }));
    }
  }
}

/** Opens the DB per scan (read-only), so a `db update` between scans is picked up. */
export function createImageScanner(docker: Docker, dbPath: string): Scanner {
  return (job: ScanJob): Promise<Finding[]> =>
    withScanDeadline(job.ref, async (signal) => {
      if (job.trigger === 'push') await pullImage(docker, job.ref, signal);
      const inventory = await inventoryOf(job.ref, signal);
      signal.throwIfAborted();
      assertScanned(job.ref, inventory.warnings);
      const store = VulnStore.open(dbPath, { readonly: true });
      try {
        return scanInventory(store, inventory).all;
      } finally {
        store.close();
      }
    });
}
