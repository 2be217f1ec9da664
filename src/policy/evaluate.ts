// Evaluating a policy: each rule over the facts of one image, pass / fail / unknown with the evidence. Pure: no I/O.
import type { Finding, Target } from '../core/finding.js';
import { formatNormalized, normalizedName, tryParseImageReference } from '../core/image-reference.js';
import { english, rawMessage, type Message } from '../core/message.js';
import { policyMessages as M } from './messages.js';
import { definesHealthcheck } from '../core/healthcheck.js';
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
  /** What was seen: the findings, files, user, base image that decided (in English; JSON and SARIF carry it). */
  evidence: string[];
  /** The same evidence by message id, for the table in the reader's language (not in JSON). */
  said: Message[];
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

export const RULE_TITLES = Object.fromEntries(
  (
    [
      'no-fixable-vulnerabilities',
      'no-known-exploited',
      'no-licences',
      'non-root-user',
      'approved-base-image',
      'supply-chain-attestations',
      'no-shell',
      'no-package-manager',
      'healthcheck',
    ] as const
  ).map((k) => [k, M.en[`policy.rule.${k}`]]),
) as Record<RuleKind, string>;

/** A rule's title by id, for the reader's language. */
export const ruleTitle = (rule: RuleKind): Message => M.say(`policy.rule.${rule}`);

const MAX_EVIDENCE = 10;
const cap = (xs: Message[]): Message[] =>
  xs.length > MAX_EVIDENCE ? [...xs.slice(0, MAX_EVIDENCE), M.say('policy.evidence.more', { n: xs.length - MAX_EVIDENCE })] : xs;

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

/**
 * The base image: the OCI base-name label (normalised by the one reference type: `debian:12` is
 * `docker.io/library/debian:12`, `index.docker.io/…` is `docker.io/…`; a label that is no reference stays as written),
 * else scratch when no OS is in the layers, else the OS release as an official image. `repository` is the name
 * without tag or digest, when there is one.
 */
export function baseImage(facts: Pick<PolicyFacts, 'config' | 'os' | 'packages'>): { name: string; how: Message; repository?: string } {
  const label = facts.config.config?.Labels?.['org.opencontainers.image.base.name']?.trim();
  if (label !== undefined && label !== '') {
    const ref = tryParseImageReference(label);
    const how = M.say('policy.base.label');
    return ref === undefined ? { name: label, how } : { name: formatNormalized(ref), how, repository: normalizedName(ref) };
  }
  if (facts.os === undefined) return { name: 'scratch', how: M.say('policy.base.scratch') };
  const tag = facts.os.codename ?? facts.os.version;
  const repository = `docker.io/library/${facts.os.family}`;
  return { name: `${repository}:${tag}`, how: M.say('policy.base.osRelease', { family: facts.os.family, version: facts.os.version }), repository };
}

const lintOf = (facts: PolicyFacts, id: string): Finding | undefined => facts.lint.find((f) => f.id === id);
const vulnLine = (f: Finding): Message => {
  const v = { id: f.id, severity: f.severity, package: f.vulnerability?.package ?? '?', version: f.vulnerability?.installedVersion ?? '' };
  return f.vulnerability?.fixedVersion ? M.say('policy.evidence.vulnFixed', { ...v, fixed: f.vulnerability.fixedVersion }) : M.say('policy.evidence.vuln', v);
};
/** A value the image holds (a path, a lint sentence): said as it is in every language. */
const raw = (xs: readonly string[]): Message[] => xs.map(rawMessage);
const notScanned = (): Omit<RuleResult, 'rule' | 'title' | 'level' | 'evidence'> => ({ outcome: 'unknown', said: [M.say('policy.evidence.notScanned')] });

function evaluateRule(rule: PolicyRule, facts: PolicyFacts): Omit<RuleResult, 'rule' | 'title' | 'level' | 'evidence'> {
  switch (rule.rule) {
    case 'no-fixable-vulnerabilities': {
      if (!facts.vulnerabilities) return notScanned();
      const bad = facts.vulnerabilities.filter((f) => f.vulnerability?.status === 'fixed' && rule.severities.includes(f.severity));
      return bad.length > 0
        ? { outcome: 'fail', said: cap(bad.map(vulnLine)) }
        : { outcome: 'pass', said: [M.say('policy.evidence.noFixable', { severities: rule.severities.join('/'), n: facts.vulnerabilities.length })] };
    }
    case 'no-known-exploited': {
      if (!facts.vulnerabilities) return notScanned();
      const bad = facts.vulnerabilities.filter((f) => f.vulnerability?.kev !== undefined);
      return bad.length > 0
        ? { outcome: 'fail', said: cap(bad.map((f) => M.say('policy.evidence.kev', { vuln: vulnLine(f), date: f.vulnerability?.kev?.dateAdded ?? '?' }))) }
        : { outcome: 'pass', said: [M.say('policy.evidence.noKev')] };
    }
    case 'no-licences': {
      const licensed = facts.packages.filter((p) => p.license !== undefined && p.license !== '');
      const bad = licensed.filter((p) => licenceIds(p.license ?? '').some((id) => rule.licences.some((pat) => globMatch(pat, id))));
      if (bad.length > 0)
        return { outcome: 'fail', said: cap(bad.map((p) => M.say('policy.evidence.licence', { name: p.name, version: p.version, licence: p.license ?? '' }))) };
      if (licensed.length === 0 && facts.packages.length > 0)
        return { outcome: 'unknown', said: [M.say('policy.evidence.noLicenceStated', { n: facts.packages.length })] };
      return {
        outcome: 'pass',
        said: [M.say('policy.evidence.licencesOk', { licensed: licensed.length, n: facts.packages.length, patterns: rule.licences.join(', ') })],
      };
    }
    case 'non-root-user': {
      const imageUser = facts.config.config?.User ?? '';
      const svc = facts.service;
      if (svc?.overrides.user !== undefined) {
        const root = runsAsRoot(svc.overrides.user, imageUser);
        return {
          outcome: root ? 'fail' : 'pass',
          said: [M.say('policy.evidence.serviceUser', { service: svc.name, user: svc.overrides.user, imageUser: imageUser || M.say('policy.evidence.unset') })],
        };
      }
      // Image lint's answer (the one predicate, src/security/user.ts), said by id here.
      if (lintOf(facts, 'image-runs-as-root'))
        return { outcome: 'fail', said: [imageUser === '' ? M.say('policy.evidence.rootNoUser') : M.say('policy.evidence.runsAs', { user: imageUser })] };
      return { outcome: 'pass', said: [M.say('policy.evidence.user', { user: imageUser })] };
    }
    case 'approved-base-image': {
      const b = baseImage(facts);
      const repo = b.repository ?? b.name;
      const ok = rule.allowed.some((pat) => globMatch(pat, repo) || globMatch(pat, b.name));
      return {
        outcome: ok ? 'pass' : 'fail',
        said: [
          ok
            ? M.say('policy.evidence.base', { name: b.name, how: b.how })
            : M.say('policy.evidence.baseNotAllowed', { name: b.name, how: b.how, allowed: rule.allowed.join(', ') }),
        ],
      };
    }
    case 'supply-chain-attestations':
      if ('unknown' in facts.attestations) return { outcome: 'unknown', said: [facts.attestations.unknown] };
      return facts.attestations.found.length > 0
        ? { outcome: 'pass', said: facts.attestations.found }
        : { outcome: 'fail', said: [M.say('policy.evidence.noAttestation'), ...facts.attestations.looked] };
    case 'no-shell': {
      const f = lintOf(facts, 'image-shell-present');
      return f ? { outcome: 'fail', said: raw(f.items ?? [f.message]) } : { outcome: 'pass', said: [M.say('policy.evidence.noShell')] };
    }
    case 'no-package-manager': {
      const f = lintOf(facts, 'image-package-manager');
      return f ? { outcome: 'fail', said: raw(f.items ?? [f.message]) } : { outcome: 'pass', said: [M.say('policy.evidence.noPackageManager')] };
    }
    case 'healthcheck': {
      const svc = facts.service;
      if (svc?.overrides.healthcheck !== undefined) {
        const test = svc.overrides.healthcheck.join(' ');
        return definesHealthcheck(svc.overrides.healthcheck)
          ? { outcome: 'pass', said: [M.say('policy.evidence.serviceHealthcheck', { service: svc.name, test })] }
          : { outcome: 'fail', said: [M.say('policy.evidence.serviceNoHealthcheck', { service: svc.name, test })] };
      }
      return lintOf(facts, 'image-no-healthcheck')
        ? { outcome: 'fail', said: [M.say('policy.evidence.noHealthcheck')] }
        : { outcome: 'pass', said: [M.say('policy.evidence.healthcheck', { test: (facts.config.config?.Healthcheck?.Test ?? []).join(' ') })] };
    }
  }
}

/** A rule's result with its evidence in English beside the messages. */
export function ruleResult(rule: PolicyRule, outcome: Outcome, said: Message[]): RuleResult {
  return { rule: rule.rule, title: RULE_TITLES[rule.rule], level: rule.level, outcome, evidence: said.map((m) => english(m)), said };
}

/** The one decision: the policy's rules over one image's facts. */
export function evaluatePolicy(policy: Policy, facts: PolicyFacts): PolicyResult {
  const results = policy.rules.map((rule): RuleResult => {
    const r = evaluateRule(rule, facts);
    return ruleResult(rule, r.outcome, r.said);
  });
  return {
    image: facts.ref,
    ...(facts.service ? { service: facts.service.name, target: facts.service.target } : {}),
    policy: policy.name,
    passed: !results.some((r) => r.outcome === 'fail' && r.level === 'fail'),
    results,
  };
}
