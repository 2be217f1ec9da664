// Image lint rules: each one small unit with its metadata, a pure function of the collected facts.
import { cis, type Finding, type RuleMeta } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { Registry } from '../core/registry.js';
import { tryParseImageReference } from '../image/reference.js';
import { describeSecretReason, secretsInEnv, secretValueKind } from '../security/secrets.js';
import { classifyUser } from '../security/user.js';
import { PACKAGE_CACHE, PACKAGE_MANAGERS, SHELLS, isSetid, type ImageLintFacts } from './facts.js';

export interface ImageLintOptions {
  allowedRegistries: string[];
  maxSizeMiB: number;
}

export interface ImageLintRule {
  id: string;
  meta: RuleMeta;
  check(facts: ImageLintFacts, options: ImageLintOptions): { message: string; evidence?: Finding['evidence']; items?: string[]; path?: string }[];
}

/** "NAME=value" entries that carry a secret, with the reason in words (never the value). */
export function secretEnv(env: readonly string[]): { name: string; kind: string }[] {
  return secretsInEnv(env).map((e) => ({ name: e.name, kind: describeSecretReason(e.reason) }));
}

const meta = (id: string, title: string, severity: RuleMeta['severity'], remediation: string, refs: RuleMeta['references']): RuleMeta => ({
  id,
  title,
  severity,
  description: title,
  remediation,
  references: refs,
});

const createdBy = (f: ImageLintFacts): string[] => (f.config.history ?? []).map((h) => h.created_by ?? '');

export const imageLintRules = new Registry<ImageLintRule>('image lint rule').register(
  {
    id: 'image-runs-as-root',
    meta: meta('image-runs-as-root', 'Image runs as root', 'HIGH', 'Create a user and set `USER name` (or a numeric uid) in the Dockerfile.', [
      cis('4.1'),
      nistRef('4.4.3'),
    ]),
    check: (f) => {
      const u = f.config.config?.User ?? '';
      return classifyUser(u) !== 'non-root' ? [{ message: `the image runs as ${u === '' ? 'root (no USER)' : u}`, evidence: { user: u || null } }] : [];
    },
  },
  {
    id: 'image-no-healthcheck',
    meta: meta('image-no-healthcheck', 'Image has no HEALTHCHECK', 'LOW', 'Add a HEALTHCHECK instruction (or a healthcheck in the stack file).', [
      cis('4.6'),
      nistRef('4.4.5'),
    ]),
    check: (f) => {
      const t = f.config.config?.Healthcheck?.Test;
      return !t || t.length === 0 || t[0] === 'NONE' ? [{ message: 'no HEALTHCHECK' }] : [];
    },
  },
  {
    id: 'image-shell-present',
    meta: meta(
      'image-shell-present',
      'Shell present in the image',
      'MEDIUM',
      'Build on a minimal base (distroless, scratch) so that an attacker who gets code execution has no shell.',
      [cis('4.3'), nistRef('4.1.2')],
    ),
    check: (f) => {
      const found = SHELLS.filter((s) => f.tracked.has(s));
      return found.length > 0 ? [{ message: `shells in the image: ${found.map((s) => `/${s}`).join(', ')}`, items: found.map((s) => `/${s}`) }] : [];
    },
  },
  {
    id: 'image-package-manager',
    meta: meta(
      'image-package-manager',
      'Package manager present in the image',
      'LOW',
      'Use a multi-stage build and leave the package manager in the build stage.',
      [cis('4.3'), nistRef('4.1.2')],
    ),
    check: (f) => {
      const found = PACKAGE_MANAGERS.filter((s) => f.tracked.has(s));
      return found.length > 0 ? [{ message: `package managers in the image: ${found.map((s) => `/${s}`).join(', ')}`, items: found.map((s) => `/${s}`) }] : [];
    },
  },
  {
    id: 'image-setuid-files',
    meta: meta(
      'image-setuid-files',
      'setuid/setgid files in the image',
      'MEDIUM',
      'Remove the bits: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.',
      [cis('4.8'), nistRef('4.1.2')],
    ),
    check: (f) => {
      const found = [...f.tracked]
        .filter(([, e]) => isSetid(e.mode, e.type))
        .map(([p, e]) => `/${p} (${(e.mode & 0o7777).toString(8)})`)
        .sort();
      return found.length > 0 ? [{ message: `${found.length} setuid/setgid file(s)`, items: found }] : [];
    },
  },
  {
    id: 'image-secret-in-env',
    meta: meta(
      'image-secret-in-env',
      'Secret in the image environment',
      'HIGH',
      'Never bake secrets into ENV: pass them at run time as Docker secrets (files under /run/secrets).',
      [cis('4.10'), nistRef('4.1.4')],
    ),
    check: (f) =>
      secretEnv(f.config.config?.Env ?? []).map((s) => ({
        message: `ENV ${s.name} holds ${s.kind}; the value is not shown`,
        evidence: { variable: s.name, kind: s.kind },
      })),
  },
  {
    id: 'image-secret-in-labels',
    meta: meta('image-secret-in-labels', 'Secret in image labels', 'HIGH', 'Remove credentials from labels.', [cis('4.10'), nistRef('4.1.4')]),
    check: (f) =>
      secretEnv(Object.entries(f.config.config?.Labels ?? {}).map(([k, v]) => `${k}=${v}`)).map((s) => ({
        message: `label ${s.name} holds ${s.kind}; the value is not shown`,
        evidence: { label: s.name, kind: s.kind },
      })),
  },
  {
    id: 'image-secret-in-history',
    meta: meta(
      'image-secret-in-history',
      'Secret in the build history',
      'HIGH',
      'Use build secrets (`RUN --mount=type=secret`) instead of ARG/ENV values; the history keeps them.',
      [cis('4.10'), nistRef('4.1.4')],
    ),
    check: (f) =>
      createdBy(f).flatMap((c, i): { message: string; evidence: Finding['evidence'] }[] => {
        const shape = secretValueKind(c);
        const assigned = /\b([A-Z0-9_]*(PASSWORD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Z0-9_]*)=("[^"]+"|\S+)/i.exec(c);
        if (shape) return [{ message: `history step ${i + 1} contains a ${shape}; the value is not shown`, evidence: { step: i + 1, kind: shape } }];
        if (assigned && !/^\$/.test(assigned[3] ?? ''))
          return [
            {
              message: `history step ${i + 1} sets ${assigned[1]} to a literal value; the value is not shown`,
              evidence: { step: i + 1, variable: assigned[1] ?? '' },
            },
          ];
        return [];
      }),
  },
  {
    id: 'image-secret-file',
    meta: meta(
      'image-secret-file',
      'Credential file in the image',
      'HIGH',
      'Remove keys and credential files from the image; mount them as secrets at run time.',
      [cis('4.10'), nistRef('4.1.4')],
    ),
    check: (f) =>
      [...f.files].flatMap(([p, content]) => {
        const text = content.toString('utf8');
        const kind =
          secretValueKind(text) ??
          (/(^|\/)\.docker\/config\.json$/.test(p)
            ? /"auth"\s*:/.test(text)
              ? 'registry credentials'
              : undefined
            : /\.(pem|key)$/.test(p)
              ? undefined
              : 'credentials file');
        return kind ? [{ message: `/${p}: ${kind}; the content is not shown`, path: p, evidence: { file: `/${p}`, kind } }] : [];
      }),
  },
  {
    id: 'image-add-remote',
    meta: meta('image-add-remote', 'ADD of a URL or archive', 'LOW', 'Use COPY for local files, and download with a checksum-verified RUN step.', [
      cis('4.9'),
      nistRef('4.1.2'),
    ]),
    check: (f) =>
      createdBy(f).flatMap((c, i) =>
        /\bADD\b.*(https?:\/\/|\.(tar|tgz|tar\.gz|tar\.xz|zip)\b)/i.test(c) && !/ADD file:[0-9a-f]+ in \/\s*$/.test(c)
          ? [{ message: `history step ${i + 1} uses ADD with a URL or archive`, evidence: { step: i + 1 } }]
          : [],
      ),
  },
  {
    id: 'image-update-alone',
    meta: meta(
      'image-update-alone',
      'Package index update without install in the same step',
      'LOW',
      'Run `apt-get update && apt-get install …` in one RUN step.',
      [cis('4.7'), nistRef('4.1.2')],
    ),
    check: (f) =>
      createdBy(f).flatMap((c, i) =>
        /(apt-get|apt|apk|yum|dnf)\s+update\b/.test(c) && !/\b(install|add|upgrade)\b/.test(c)
          ? [{ message: `history step ${i + 1} updates the package index alone`, evidence: { step: i + 1 } }]
          : [],
      ),
  },
  {
    id: 'image-package-cache',
    meta: meta(
      'image-package-cache',
      'Package manager caches left in the image',
      'LOW',
      'Clean in the same step: `rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`.',
      [cis('4.3'), nistRef('4.1.2')],
    ),
    check: (f) => {
      const found = [...f.tracked.keys()].filter((p) => PACKAGE_CACHE.test(p));
      return found.length > 0
        ? [{ message: `${found.length} package-cache file(s) left, e.g. /${found[0]}`, items: found.slice(0, 20).map((p) => `/${p}`) }]
        : [];
    },
  },
  {
    id: 'image-not-pinned',
    meta: meta('image-not-pinned', 'Image referenced without a version or digest', 'LOW', 'Refer to images by version tag and digest (name:1.2@sha256:…).', [
      cis('5.28'),
      nistRef('4.2.2'),
    ]),
    check: (f) => {
      const ref = tryParseImageReference(f.ref);
      if (ref === undefined || ref.digest !== undefined) return [];
      const tag = ref.tag;
      return tag === undefined || tag === 'latest'
        ? [{ message: `${f.ref} has ${tag ? 'the latest tag' : 'no tag'} and no digest`, evidence: { tag: tag ?? null } }]
        : [];
    },
  },
  {
    id: 'image-size',
    meta: meta('image-size', 'Large image', 'INFO', 'Use a smaller base and multi-stage builds: fewer packages, fewer vulnerabilities.', [
      cis('4.3'),
      nistRef('4.5.1'),
    ]),
    check: (f, o) =>
      f.size / 1024 / 1024 > o.maxSizeMiB
        ? [
            {
              message: `${(f.size / 1024 / 1024).toFixed(0)} MiB of layers (over ${o.maxSizeMiB} MiB)`,
              evidence: { sizeMiB: Math.round(f.size / 1024 / 1024), maxSizeMiB: o.maxSizeMiB },
            },
          ]
        : [],
  },
  {
    id: 'image-registry-not-allowed',
    meta: meta(
      'image-registry-not-allowed',
      'Image not from an allowed registry',
      'MEDIUM',
      'Pull base and service images only from registries you trust (imageLint.allowedRegistries).',
      [cis('4.2'), nistRef('4.1.5')],
    ),
    check: (f, o) => {
      if (o.allowedRegistries.length === 0) return [];
      const registry = tryParseImageReference(f.ref)?.registry ?? f.ref.split('/')[0] ?? '';
      return o.allowedRegistries.includes(registry)
        ? []
        : [{ message: `${f.ref} comes from ${registry}, not from ${o.allowedRegistries.join(', ')}`, evidence: { registry, allowed: o.allowedRegistries } }];
    },
  },
);

export function lintImage(facts: ImageLintFacts, options: ImageLintOptions): Finding[] {
  return imageLintRules.all().flatMap((r) =>
    r.check(facts, options).map((o) => ({
      id: r.id,
      title: r.meta.title,
      severity: r.meta.severity,
      category: 'image',
      target: { kind: 'image' as const, ref: facts.ref, ...(o.path ? { path: `/${o.path}` } : {}) },
      message: o.message,
      ...(o.evidence ? { evidence: o.evidence } : {}),
      ...(o.items ? { items: o.items } : {}),
      remediation: r.meta.remediation,
      references: r.meta.references,
    })),
  );
}
