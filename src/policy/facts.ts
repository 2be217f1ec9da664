// Collecting what a policy looks at for one image: the scan (with --vex), image lint's answers, the packages and config.
import { collectImageLintFacts } from '../imagelint/facts.js';
import { lintImage } from '../imagelint/rules.js';
import { inventoryImage } from '../image/inventory.js';
import type { IgnorePolicy } from '../scan/ignore.js';
import { scanInventory } from '../scan/scan.js';
import type { VexDocument } from '../scan/vex.js';
import { VulnStore } from '../vulndb/store.js';
import type { PolicyFacts } from './evaluate.js';
import type { Policy } from './policy.js';

export interface FactOptions {
  /** A `docker save` / OCI archive instead of the engine's image. */
  input?: string;
  /** The vulnerability database; needed only when a rule looks at vulnerabilities. */
  dbPath: string;
  vex?: readonly VexDocument[];
  ignore?: IgnorePolicy;
}

const VULN_RULES = new Set(['no-fixable-vulnerabilities', 'no-known-exploited']);

/**
 * Reads the image (twice: the inventory and image lint each walk its layers) and scans it when the
 * policy has a vulnerability rule. A missing database is an error then, never a silent pass.
 */
export async function collectPolicyFacts(ref: string, policy: Policy, options: FactOptions): Promise<PolicyFacts> {
  const inventory = await inventoryImage(ref, options.input !== undefined ? { input: options.input } : {});
  let vulnerabilities: PolicyFacts['vulnerabilities'];
  if (policy.rules.some((r) => VULN_RULES.has(r.rule))) {
    const store = VulnStore.open(options.dbPath, { readonly: true });
    try {
      vulnerabilities = scanInventory(store, inventory, {
        ...(options.vex && options.vex.length > 0 ? { vex: options.vex } : {}),
        ...(options.ignore ? { ignore: options.ignore } : {}),
      }).findings;
    } finally {
      store.close();
    }
  }
  const lintFacts = await collectImageLintFacts(ref, options.input);
  // Only the predicates the rules reuse are read from lint; registries and size are not policy rules here.
  const lint = lintImage(lintFacts, { allowedRegistries: [], maxSizeMiB: Number.MAX_SAFE_INTEGER });
  return {
    ref,
    config: lintFacts.config,
    ...(inventory.os ? { os: inventory.os } : {}),
    packages: inventory.packages,
    ...(vulnerabilities ? { vulnerabilities } : {}),
    lint,
    // The classic image store of an engine keeps no attestations, and an archive carries one platform's manifest.
    attestations: {
      unknown: options.input
        ? 'not looked for: the archive holds the image manifest only, not the attestation manifests of its index'
        : 'not looked for: the engine image store keeps no attestations; they live in the registry (OCI referrers)',
    },
  };
}
