// Evaluating a policy: each rule over the facts of one image, pass / fail / unknown with the evidence. Pure: no I/O.
import type { Finding, Target } from '../core/finding.js';
import { definesHealthcheck } from '../security/healthcheck.js';
import { runsAsRoot } from '../security/user.js';
import type { ImageConfig } from '../image/archive.js';
import type { OsInfo, Package } from '../packages/types.js';
import type { Attestations } from './attestations.js';
import type { Policy, PolicyRule, RuleKind } from './policy.js';

export type Outcome = 'pass' | 'fail' | 'unknown';

export interface RuleResult {
  rule: RuleKind;
  title: string;
  level: PolicyRule['level'];
  outcome: Outcome;
  /** What was seen: the findings, files, user, base image that decided. */
  evidence: string[];
}

export interface PolicyResult {
  image: string;
  /** The stack service judged (its image, with its own user and healthcheck); absent for an image alone. */
  service?: string;
  /** Where that service is: its compose file line, or the swarm service. */
  target?: Target;
  policy: string;
  /** False when a rule of level fail failed. */
  passed: boolean;
  results: RuleResult[];
}

/** What a service sets that a rule reads in place of the image's: undefined when the service leaves it to the image. */
export interface ServiceOverrides {
  /** `user:` / ContainerSpec.User. */
  user?: string;
  /** The healthcheck test the service defines (`["NONE"]` when it disables the image's). */
  healthcheck?: readonly string[];
}

/** What the rules look at, collected once per image (see facts.ts). */
export interface PolicyFacts {
  ref: string;
  config: ImageConfig;
  os?: OsInfo;
  packages: readonly Package[];
  /** The scan's findings after --vex and the ignore file; undefined when no scan was made. */
  vulnerabilities?: readonly Finding[];
  /** Image lint's findings: the answers to "runs as root", "shell present", "no HEALTHCHECK". */
  lint: readonly Finding[];
  /** Attestations found (provenance, SBOM) or where they were looked for in vain, or why that cannot be told. */
  attestations: Attestations;
  /** The service that runs the image, when a stack is judged: its settings override the image's. */
  service?: { name: string; overrides: ServiceOverrides; target: Target };
}

export const RULE_TITLES: Record<RuleKind, string> = {
  'no-fixable-vulnerabilities': 'No fixable vulnerabilities of these severities',
  'no-known-exploited': 'No known exploited vulnerabilities (CISA KEV)',
  'no-licences': 'No packages under these licences',
  'non-root-user': 'Default user is not root',
  'approved-base-image': 'Base image is approved',
  'supply-chain-attestations': 'Supply-chain attestations (provenance, SBOM)',
  'no-shell': 'No shell in the image',
  'no-package-manager': 'No package manager in the image',
  healthcheck: 'Image has a HEALTHCHECK',
};

const MAX_EVIDENCE = 10;
const cap = (xs: string[]): string[] => (xs.length > MAX_EVIDENCE ? [...xs.slice(0, MAX_EVIDENCE), `… and ${xs.length - MAX_EVIDENCE} more`] : xs);

/** Shell-style globs (`*`, `?`), case-insensitive, over the whole string. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(value);
}

/** The SPDX licence ids of an expression: "GPL-2.0-only OR AGPL-3.0-or-later WITH x" → GPL-2.0-only, AGPL-3.0-or-later. */
export function licenceIds(expression: string): string[] {
  return expression
    .split(/\s+(?:AND|OR)\s+|[(),;/]|\s+WITH\s+\S+/i)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The base image: the OCI base-name label, else scratch when no OS is in the layers, else the OS release as an official image. */
export function baseImage(facts: Pick<PolicyFacts, 'config' | 'os' | 'packages'>): { name: string; how: string } {
  const label = facts.config.config?.Labels?.['org.opencontainers.image.base.name'];
  if (label !== undefined && label.trim() !== '') return { name: normaliseRepo(label.trim()), how: 'label org.opencontainers.image.base.name' };
  if (facts.os === undefined) return { name: 'scratch', how: 'no operating system in the layers' };
  const tag = facts.os.codename ?? facts.os.version;
  return { name: `docker.io/library/${facts.os.family}:${tag}`, how: `/etc/os-release (${facts.os.family} ${facts.os.version}), no base-name label` };
}

/** "debian:12" → "docker.io/library/debian:12"; "ghcr.io/x/y" stays. */
export function normaliseRepo(ref: string): string {
  const first = ref.split('/')[0] ?? '';
  if (ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}

const lintOf = (facts: PolicyFacts, id: string): Finding | undefined => facts.lint.find((f) => f.id === id);
const vulnLine = (f: Finding): string =>
  `${f.id} ${f.severity} in ${f.vulnerability?.package ?? '?'} ${f.vulnerability?.installedVersion ?? ''}${f.vulnerability?.fixedVersion ? ` (fixed in ${f.vulnerability.fixedVersion})` : ''}`;

function evaluateRule(rule: PolicyRule, facts: PolicyFacts): Omit<RuleResult, 'rule' | 'title' | 'level'> {
  switch (rule.rule) {
    case 'no-fixable-vulnerabilities': {
      if (!facts.vulnerabilities) return { outcome: 'unknown', evidence: ['the image was not scanned (no vulnerability database)'] };
      const bad = facts.vulnerabilities.filter((f) => f.vulnerability?.status === 'fixed' && rule.severities.includes(f.severity));
      return bad.length > 0
        ? { outcome: 'fail', evidence: cap(bad.map(vulnLine)) }
        : { outcome: 'pass', evidence: [`no fixable ${rule.severities.join('/')} vulnerability among ${facts.vulnerabilities.length} finding(s)`] };
    }
    case 'no-known-exploited': {
      if (!facts.vulnerabilities) return { outcome: 'unknown', evidence: ['the image was not scanned (no vulnerability database)'] };
      const bad = facts.vulnerabilities.filter((f) => f.vulnerability?.kev !== undefined);
      return bad.length > 0
        ? { outcome: 'fail', evidence: cap(bad.map((f) => `${vulnLine(f)}, in KEV since ${f.vulnerability?.kev?.dateAdded ?? '?'}`)) }
        : { outcome: 'pass', evidence: ['no finding is in the KEV catalogue'] };
    }
    case 'no-licences': {
      const licensed = facts.packages.filter((p) => p.license !== undefined && p.license !== '');
      const bad = licensed.filter((p) => licenceIds(p.license ?? '').some((id) => rule.licences.some((pat) => globMatch(pat, id))));
      if (bad.length > 0) return { outcome: 'fail', evidence: cap(bad.map((p) => `${p.name} ${p.version}: ${p.license ?? ''}`)) };
      if (licensed.length === 0 && facts.packages.length > 0)
        return { outcome: 'unknown', evidence: [`none of the ${facts.packages.length} packages states a licence the analyzers read`] };
      return {
        outcome: 'pass',
        evidence: [`${licensed.length} of ${facts.packages.length} packages state a licence; none matches ${rule.licences.join(', ')}`],
      };
    }
    case 'non-root-user': {
      const svc = facts.service;
      if (svc?.overrides.user !== undefined) {
        const root = runsAsRoot(svc.overrides.user, facts.config.config?.User ?? '');
        return {
          outcome: root ? 'fail' : 'pass',
          evidence: [`service ${svc.name} sets user: ${svc.overrides.user} (the image's USER is ${facts.config.config?.User || 'unset'})`],
        };
      }
      const f = lintOf(facts, 'image-runs-as-root');
      return f ? { outcome: 'fail', evidence: [f.message] } : { outcome: 'pass', evidence: [`USER ${facts.config.config?.User ?? ''}`] };
    }
    case 'approved-base-image': {
      const b = baseImage(facts);
      const repo = b.name.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^:/]+$/, '');
      const ok = rule.allowed.some((pat) => globMatch(pat, repo) || globMatch(pat, b.name));
      return { outcome: ok ? 'pass' : 'fail', evidence: [`${b.name} (from ${b.how})${ok ? '' : `; allowed: ${rule.allowed.join(', ')}`}`] };
    }
    case 'supply-chain-attestations':
      if ('unknown' in facts.attestations) return { outcome: 'unknown', evidence: [facts.attestations.unknown] };
      return facts.attestations.found.length > 0
        ? { outcome: 'pass', evidence: facts.attestations.found }
        : { outcome: 'fail', evidence: ['no attestation (provenance or SBOM)', ...facts.attestations.looked] };
    case 'no-shell': {
      const f = lintOf(facts, 'image-shell-present');
      return f ? { outcome: 'fail', evidence: f.items ?? [f.message] } : { outcome: 'pass', evidence: ['no shell found in the layers'] };
    }
    case 'no-package-manager': {
      const f = lintOf(facts, 'image-package-manager');
      return f ? { outcome: 'fail', evidence: f.items ?? [f.message] } : { outcome: 'pass', evidence: ['no package manager found in the layers'] };
    }
    case 'healthcheck': {
      const svc = facts.service;
      if (svc?.overrides.healthcheck !== undefined) {
        const test = svc.overrides.healthcheck;
        return definesHealthcheck(test)
          ? { outcome: 'pass', evidence: [`service ${svc.name} healthcheck: ${test.join(' ')}`] }
          : { outcome: 'fail', evidence: [`service ${svc.name} disables the healthcheck (${test.join(' ')})`] };
      }
      const f = lintOf(facts, 'image-no-healthcheck');
      return f
        ? { outcome: 'fail', evidence: [f.message] }
        : { outcome: 'pass', evidence: [`HEALTHCHECK ${(facts.config.config?.Healthcheck?.Test ?? []).join(' ')}`] };
    }
  }
}

/** The one decision: the policy's rules over one image's facts. */
export function evaluatePolicy(policy: Policy, facts: PolicyFacts): PolicyResult {
  const results = policy.rules.map((rule): RuleResult => ({ rule: rule.rule, title: RULE_TITLES[rule.rule], level: rule.level, ...evaluateRule(rule, facts) }));
  return {
    image: facts.ref,
    ...(facts.service ? { service: facts.service.name, target: facts.service.target } : {}),
    policy: policy.name,
    passed: !results.some((r) => r.outcome === 'fail' && r.level === 'fail'),
    results,
  };
}
