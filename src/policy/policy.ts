// A policy as data: the rules an image must meet to ship, read from YAML (or the built-in default), checked with zod.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { SEVERITIES } from '../core/severity.js';
import { policyMessages } from './messages.js';

const say = policyMessages.say;

/** What a rule's failure does: fail the check (exit 1), or only warn. */
export const LEVELS = ['fail', 'warn'] as const;

const base = { level: z.enum(LEVELS).default('fail') };
const RuleSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('no-fixable-vulnerabilities'), severities: z.array(z.enum(SEVERITIES)).min(1).default(['CRITICAL', 'HIGH']), ...base }).strict(),
  z.object({ rule: z.literal('no-known-exploited'), ...base }).strict(),
  z.object({ rule: z.literal('no-licences'), licences: z.array(z.string().min(1).max(200)).min(1).default(['AGPL-*']), ...base }).strict(),
  z.object({ rule: z.literal('non-root-user'), ...base }).strict(),
  z
    .object({
      rule: z.literal('approved-base-image'),
      /** Glob patterns of base image repositories; `scratch` for images built on nothing. */
      allowed: z
        .array(z.string().min(1).max(300))
        .min(1)
        .default(['scratch', 'docker.io/library/*', 'gcr.io/distroless/*', 'cgr.dev/chainguard/*', 'registry.access.redhat.com/ubi*']),
      ...base,
    })
    .strict(),
  z.object({ rule: z.literal('supply-chain-attestations'), ...base }).strict(),
  z.object({ rule: z.literal('no-shell'), ...base }).strict(),
  z.object({ rule: z.literal('no-package-manager'), ...base }).strict(),
  z.object({ rule: z.literal('healthcheck'), ...base }).strict(),
]);

export type PolicyRule = z.infer<typeof RuleSchema>;
export type RuleKind = PolicyRule['rule'];

const PolicySchema = z.object({ name: z.string().max(200).optional(), rules: z.array(RuleSchema).min(1).max(100) }).strict();

export interface Policy {
  name: string;
  /** Where it was read from, or "built-in". */
  source: string;
  rules: PolicyRule[];
}

/**
 * The default: Docker Scout's default policies (no fixable CRITICAL/HIGH, no known-exploited CVE, no
 * AGPL, a non-root default user, an approved base image, supply-chain attestations) and the
 * hardening tips (no shells, no package manager, a HEALTHCHECK). Attestations only warn: an image
 * built on a classic image store has none to find, which says nothing about the image.
 */
export const DEFAULT_POLICY_YAML = `name: swarmguard default
rules:
  - rule: no-fixable-vulnerabilities
    severities: [CRITICAL, HIGH]
  - rule: no-known-exploited
  - rule: no-licences
    licences: ["AGPL-*"]
  - rule: non-root-user
  - rule: approved-base-image
  - rule: supply-chain-attestations
    level: warn
  - rule: no-shell
  - rule: no-package-manager
    level: warn
  - rule: healthcheck
    level: warn
`;

export function parsePolicy(text: string, source: string): Policy {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new InputError(source, say('policy.file.notYaml', { error: (e as Error).message.split('\n')[0] ?? '' }));
  }
  const r = PolicySchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(
      source,
      say('policy.file.invalid', {
        issue: issue ? say('policy.file.issue', { path: issue.path.join('.') || say('policy.file.top'), problem: issue.message }) : r.error.message,
      }),
      {
        hint: say('policy.file.invalid.hint', { rules: RuleSchema.options.map((o) => o.shape.rule.value).join(', ') }),
      },
    );
  }
  const ids = r.data.rules.map((x) => x.rule);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new InputError(source, say('policy.file.ruleTwice', { rule: twice }));
  return { name: r.data.name ?? source, source, rules: r.data.rules };
}

export function defaultPolicy(): Policy {
  return { ...parsePolicy(DEFAULT_POLICY_YAML, 'built-in'), source: 'built-in' };
}

export function loadPolicy(file: string | undefined): Policy {
  if (file === undefined) return defaultPolicy();
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, say('policy.file.missing'));
  }
  if (size > 1 << 20) throw new InputError(file, say('policy.file.tooLarge'));
  return parsePolicy(readFileSync(file, 'utf8'), file);
}
