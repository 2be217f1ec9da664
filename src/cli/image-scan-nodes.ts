// `image scan --all-nodes` (each node reads its own images in a one-shot job; the manager matches them against its
// advisory database) and `image node-inventory`, what that job runs on each node.
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { parseSeverityList, SEVERITIES } from '../core/severity.js';
import { connectEngine } from '../engine/connection.js';
import { reapJob } from '../bench/all-nodes.js';
import { encodeNodeInventory, inventoryNodeImages } from '../image/node-images.js';
import { loadIgnoreFile } from '../scan/ignore.js';
import { scanAllNodes } from '../scan/node-scan.js';
import { scanInventory, type ScanOptions } from '../scan/scan.js';
import { roleLabels, shortId, withCleanup } from '../stack/self-cleanup.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { nodeScanMessages } from '../image/node-messages.js';
import { reportContext, writeReport } from './report-options.js';
import { action } from './run.js';
import { sayOnStderr } from '../i18n/user-errors.js';

export interface AllNodesScanFlags {
  service?: string;
  jobImage: string;
  engineSocket: string;
  timeout: string;
  db?: string;
  severity?: string;
  ignoreUnfixed?: boolean;
  ignorefile?: string;
  format: string;
  output?: string;
  color: boolean;
  input?: string;
  stack?: string;
  services?: boolean;
  source?: string;
}

/** `image scan --all-nodes [IMAGES…]`: the exit code is FAILED when a node failed, else the findings' one. */
export async function scanAllNodesCommand(
  refs: string[],
  flags: AllNodesScanFlags,
  exitCode: number,
  ranking: Pick<ScanOptions, 'sort' | 'exploit' | 'vex'>,
): Promise<number> {
  if (flags.input || flags.stack !== undefined || flags.services) throw new UserError(nodeScanMessages.say('nodescan.flags.conflict'));
  if (flags.source !== undefined && flags.source !== 'auto') throw new UserError(nodeScanMessages.say('nodescan.flags.source'));
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400)
    throw new UserError(nodeScanMessages.say('nodescan.flags.timeout', { value: flags.timeout }));
  const severities = flags.severity ? parseSeverityList(flags.severity) : [...SEVERITIES];
  const ignore = loadIgnoreFile(path.resolve(flags.ignorefile ?? '.swarmguardignore'), flags.ignorefile !== undefined);
  const store = VulnStore.open(resolveDbPath(flags.db), { readonly: true });
  try {
    const { docker } = await connectEngine();
    const result = await scanAllNodes(docker, {
      wanted: refs,
      ...(flags.service !== undefined ? { service: flags.service } : {}),
      jobImage: flags.jobImage,
      engineSocket: flags.engineSocket,
      timeoutMs: timeout * 1000,
      name: `swarmguard-scan-${shortId()}`,
      labels: roleLabels('scan'),
      reap: reapJob(flags.engineSocket),
      guard: withCleanup,
      log: sayOnStderr,
      scan: (inventory) =>
        scanInventory(store, inventory, { severities, ...(flags.ignoreUnfixed ? { ignoreUnfixed: true } : {}), ...(ignore ? { ignore } : {}), ...ranking }),
    });
    const ctx = reportContext('image scan', flags);
    await writeReport({ kind: 'node-scan', result, ctx, severities }, flags);
    if (result.nodes.some((n) => n.error !== undefined) || result.images.some((i) => !i.report)) return ExitCode.FAILED;
    return result.images.some((i) => (i.report?.findings.length ?? 0) > 0) ? exitCode : ExitCode.OK;
  } finally {
    store.close();
  }
}

/** `image node-inventory [IMAGES…]` (inside the --all-nodes job only): this node's images, their inventories, encoded. */
export function registerNodeInventoryCommand(image: Command): void {
  image
    .command('node-inventory', { hidden: true })
    .argument('[images...]', 'only these images (default: every image of this engine)')
    .action(
      action(async (refs: string[]) => {
        const { docker, apiVersion } = await connectEngine();
        const doc = await inventoryNodeImages(docker, { wanted: refs, api: apiVersion });
        process.stdout.write(encodeNodeInventory(doc));
        return ExitCode.OK;
      }),
    );
}
