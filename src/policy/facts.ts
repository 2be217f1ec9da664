// Collecting what a policy looks at for one image: the scan (with --vex), image lint's answers, the packages and config.
import { collectImageLintFacts } from '../imagelint/facts.js';
import { lintImage } from '../imagelint/rules.js';
import { inventoryImage, type ImageSourceKind } from '../image/inventory.js';
import { tryParseImageReference } from '../core/image-reference.js';
import type { IgnorePolicy } from '../scan/ignore.js';
import { scanInventory } from '../scan/scan.js';
import type { VexDocument } from '../scan/vex.js';
import { VulnStore } from '../vulndb/store.js';
import type { PolicyFacts } from './evaluate.js';
import { archiveAttestations, registryAttestations, type Attestations } from './attestations.js';
import { policyMessages } from './messages.js';
import type { Policy } from './policy.js';

export interface FactOptions {
  /** A `docker save` / OCI archive instead of the engine's image. */
  input?: string;
  /** Where the image is read (default: the engine when it has it); `registry` asks its registry for attestations too. */
  source?: ImageSourceKind;
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
  const inventory = await inventoryImage(ref, {
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
  });
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
    attestations: await attestationsOf(ref, options, new Set([inventory.manifestDigest, inventory.indexDigest].filter((d): d is string => d !== undefined))),
  };
}

/** A reference that names its registry and the digest of what it was pushed as: the registry is the source of truth. */
function pinnedInRegistry(ref: string): boolean {
  const first = ref.split('/')[0] ?? '';
  return tryParseImageReference(ref)?.digest !== undefined && ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/**
 * Attestations where they can be seen: the archive given, or the registry (read from it, or named with its digest,
 * as serve and watch judge pushed and deployed images). The engine's API shows none (its classic overlay2 store keeps
 * none): unknown, never a pass.
 */
async function attestationsOf(ref: string, options: FactOptions, subjects: ReadonlySet<string>): Promise<Attestations> {
  if (options.input !== undefined) return archiveAttestations(options.input, subjects);
  if (options.source === 'registry' || pinnedInRegistry(ref)) return registryAttestations(ref);
  return { unknown: policyMessages.say('policy.attest.engine') };
}
