// Image lint rules: each one small unit with its metadata, a pure function of the collected facts.
import { defineCheck, runChecks, type Check, type Occurrence } from '../core/check.js';
import { cis, type Finding, type RuleMeta, type Target } from '../core/finding.js';
import type { Message } from '../core/message.js';
import { nistRef } from '../core/nist-800-190.js';
import { Registry } from '../core/registry.js';
import { tryParseImageReference } from '../core/image-reference.js';
import {
  CREDENTIALS_FILE,
  REGISTRY_CREDENTIALS,
  describeSecretReason,
  secretKindOf,
  secretsInEnv,
  secretValueShape,
  type SecretKindId,
  type SecretShape,
} from '../security/secrets.js';
import { classifyUser } from '../security/user.js';
import { PACKAGE_CACHE, PACKAGE_MANAGERS, SHELLS, isSetid, type ImageLintFacts } from './facts.js';
import { definesHealthcheck } from '../core/healthcheck.js';
import { imagelintMessages as M } from './messages.js';
import { secretNameSaid, secretReasonSaid } from '../security-words/messages.js';

export interface ImageLintOptions {
  allowedRegistries: string[];
  maxSizeMiB: number;
}

/** What an image lint rule evaluates: the facts read from the image, and the user's options. */
export interface ImageLintInput {
  facts: ImageLintFacts;
  options: ImageLintOptions;
}

export type ImageLintRule = Check<ImageLintInput>;

/** The image, or one file in it (paths in the facts have no leading slash). */
const image = (f: ImageLintFacts, file?: string): Target => ({ kind: 'image', ref: f.ref, ...(file !== undefined ? { path: `/${file}` } : {}) });

/** "NAME=value" entries that carry a secret, with the reason in words, by id and said by id (never the value). */
const secretsSaid = (env: readonly string[]): { name: string; kind: string; kindId: SecretKindId; reason: Message }[] =>
  secretsInEnv(env).map((e) => ({ name: e.name, kind: describeSecretReason(e.reason), kindId: secretKindOf(e.reason), reason: secretReasonSaid(e.reason) }));

/** "NAME=value" entries that carry a secret, with the reason in words and by id (never the value). */
export function secretEnv(env: readonly string[]): { name: string; kind: string; kindId: SecretKindId }[] {
  return secretsSaid(env).map(({ name, kind, kindId }) => ({ name, kind, kindId }));
}

/** The kind of credentials a small file found in the image holds, with its name said by id; undefined when none. */
function credentialsIn(path: string, text: string): { shape: SecretShape; name: Message } | undefined {
  const format = secretValueShape(text);
  if (format !== undefined) return { shape: format, name: secretNameSaid(format.id) };
  if (/(^|\/)\.docker\/config\.json$/.test(path))
    return /"auth"\s*:/.test(text) ? { shape: REGISTRY_CREDENTIALS, name: secretNameSaid('registry-credentials') } : undefined;
  return /\.(pem|key)$/.test(path) ? undefined : { shape: CREDENTIALS_FILE, name: secretNameSaid('credentials-file') };
}

const meta = (id: string, title: string, severity: RuleMeta['severity'], remediation: string, refs: RuleMeta['references']): RuleMeta => ({
  id,
  title,
  severity,
  description: title,
  remediation,
  references: refs,
});

/** The files found in the image (the first `most`), listed with a leading slash in one occurrence; none when none is found. */
function filesFound(f: ImageLintFacts, found: readonly string[], message: (shown: string[]) => Message, most?: number): Occurrence[] {
  if (found.length === 0) return [];
  const shown = found.slice(0, most).map((p) => `/${p}`);
  return [{ target: image(f), message: message(shown), items: shown }];
}

const createdBy = (f: ImageLintFacts): string[] => (f.config.history ?? []).map((h) => h.created_by ?? '');

export const imageLintRules = new Registry<ImageLintRule>('image lint rule').register(
  defineCheck<ImageLintInput>(
    meta('image-runs-as-root', 'Image runs as root', 'HIGH', 'Create a user and set `USER name` (or a numeric uid) in the Dockerfile.', [
      cis('4.1'),
      nistRef('4.4.3'),
    ]),
    ({ facts: f }) => {
      const u = f.config.config?.User ?? '';
      return classifyUser(u) !== 'non-root'
        ? [
            {
              target: image(f),
              message: u === '' ? M.say('imagelint.rule.runsAsRoot.noUser') : M.say('imagelint.rule.runsAsRoot', { user: u }),
              evidence: { user: u || null },
            },
          ]
        : [];
    },
  ),
  defineCheck<ImageLintInput>(
    meta('image-no-healthcheck', 'Image has no HEALTHCHECK', 'LOW', 'Add a HEALTHCHECK instruction (or a healthcheck in the stack file).', [
      cis('4.6'),
      nistRef('4.4.5'),
    ]),
    ({ facts: f }) => (definesHealthcheck(f.config.config?.Healthcheck?.Test) ? [] : [{ target: image(f), message: M.say('imagelint.rule.noHealthcheck') }]),
  ),
  defineCheck<ImageLintInput>(
    meta(
      'image-shell-present',
      'Shell present in the image',
      'MEDIUM',
      'Build on a minimal base (distroless, scratch) so that an attacker who gets code execution has no shell.',
      [cis('4.3'), nistRef('4.1.2')],
    ),
    ({ facts: f }) =>
      filesFound(
        f,
        SHELLS.filter((s) => f.tracked.has(s)),
        (shown) => M.say('imagelint.rule.shells', { files: shown.join(', ') }),
      ),
  ),
  defineCheck<ImageLintInput>(
    meta('image-package-manager', 'Package manager present in the image', 'LOW', 'Use a multi-stage build and leave the package manager in the build stage.', [
      cis('4.3'),
      nistRef('4.1.2'),
    ]),
    ({ facts: f }) =>
      filesFound(
        f,
        PACKAGE_MANAGERS.filter((s) => f.tracked.has(s)),
        (shown) => M.say('imagelint.rule.packageManagers', { files: shown.join(', ') }),
      ),
  ),
  defineCheck<ImageLintInput>(
    meta('image-setuid-files', 'setuid/setgid files in the image', 'MEDIUM', 'Remove the bits: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.', [
      cis('4.8'),
      nistRef('4.1.2'),
    ]),
    ({ facts: f }) => {
      const found = [...f.tracked]
        .filter(([, e]) => isSetid(e.mode, e.type))
        .map(([p, e]) => `/${p} (${(e.mode & 0o7777).toString(8)})`)
        .sort();
      return found.length > 0 ? [{ target: image(f), message: M.say('imagelint.rule.setuid', { count: found.length }), items: found }] : [];
    },
  ),
  defineCheck<ImageLintInput>(
    meta(
      'image-secret-in-env',
      'Secret in the image environment',
      'HIGH',
      'Never bake secrets into ENV: pass them at run time as Docker secrets (files under /run/secrets).',
      [cis('4.10'), nistRef('4.1.4')],
    ),
    ({ facts: f }) =>
      secretsSaid(f.config.config?.Env ?? []).map((s) => ({
        target: image(f),
        message: M.say('imagelint.rule.secretInEnv', { variable: s.name, kind: s.reason }),
        evidence: { variable: s.name, kind: s.kind, kindId: s.kindId },
      })),
  ),
  defineCheck<ImageLintInput>(
    meta('image-secret-in-labels', 'Secret in image labels', 'HIGH', 'Remove credentials from labels.', [cis('4.10'), nistRef('4.1.4')]),
    ({ facts: f }) =>
      secretsSaid(Object.entries(f.config.config?.Labels ?? {}).map(([k, v]) => `${k}=${v}`)).map((s) => ({
        target: image(f),
        message: M.say('imagelint.rule.secretInLabel', { label: s.name, kind: s.reason }),
        evidence: { label: s.name, kind: s.kind, kindId: s.kindId },
      })),
  ),
  defineCheck<ImageLintInput>(
    meta(
      'image-secret-in-history',
      'Secret in the build history',
      'HIGH',
      'Use build secrets (`RUN --mount=type=secret`) instead of ARG/ENV values; the history keeps them.',
      [cis('4.10'), nistRef('4.1.4')],
    ),
    ({ facts: f }) =>
      createdBy(f).flatMap((c, i): Occurrence[] => {
        const shape = secretValueShape(c);
        const assigned = /\b([A-Z0-9_]*(PASSWORD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Z0-9_]*)=("[^"]+"|\S+)/i.exec(c);
        if (shape)
          return [
            {
              target: image(f),
              message: M.say('imagelint.rule.secretInHistory', { step: i + 1, kind: secretNameSaid(shape.id) }),
              evidence: { step: i + 1, kind: shape.kind, kindId: shape.id },
            },
          ];
        if (assigned && !/^\$/.test(assigned[3] ?? ''))
          return [
            {
              target: image(f),
              message: M.say('imagelint.rule.literalInHistory', { step: i + 1, variable: assigned[1] ?? '' }),
              evidence: { step: i + 1, variable: assigned[1] ?? '' },
            },
          ];
        return [];
      }),
  ),
  defineCheck<ImageLintInput>(
    meta('image-secret-file', 'Credential file in the image', 'HIGH', 'Remove keys and credential files from the image; mount them as secrets at run time.', [
      cis('4.10'),
      nistRef('4.1.4'),
    ]),
    ({ facts: f }) =>
      [...f.files].flatMap(([p, content]) => {
        const found = credentialsIn(p, content.toString('utf8'));
        return found
          ? [
              {
                target: image(f, p),
                message: M.say('imagelint.rule.secretFile', { file: `/${p}`, kind: found.name }),
                evidence: { file: `/${p}`, kind: found.shape.kind, kindId: found.shape.id },
              },
            ]
          : [];
      }),
  ),
  defineCheck<ImageLintInput>(
    meta('image-add-remote', 'ADD of a URL or archive', 'LOW', 'Use COPY for local files, and download with a checksum-verified RUN step.', [
      cis('4.9'),
      nistRef('4.1.2'),
    ]),
    ({ facts: f }) =>
      createdBy(f).flatMap((c, i) =>
        /\bADD\b.*(https?:\/\/|\.(tar|tgz|tar\.gz|tar\.xz|zip)\b)/i.test(c) && !/ADD file:[0-9a-f]+ in \/\s*$/.test(c)
          ? [{ target: image(f), message: M.say('imagelint.rule.addRemote', { step: i + 1 }), evidence: { step: i + 1 } }]
          : [],
      ),
  ),
  defineCheck<ImageLintInput>(
    meta('image-update-alone', 'Package index update without install in the same step', 'LOW', 'Run `apt-get update && apt-get install …` in one RUN step.', [
      cis('4.7'),
      nistRef('4.1.2'),
    ]),
    ({ facts: f }) =>
      createdBy(f).flatMap((c, i) =>
        /(apt-get|apt|apk|yum|dnf)\s+update\b/.test(c) && !/\b(install|add|upgrade)\b/.test(c)
          ? [{ target: image(f), message: M.say('imagelint.rule.updateAlone', { step: i + 1 }), evidence: { step: i + 1 } }]
          : [],
      ),
  ),
  defineCheck<ImageLintInput>(
    meta(
      'image-package-cache',
      'Package manager caches left in the image',
      'LOW',
      'Clean in the same step: `rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`.',
      [cis('4.3'), nistRef('4.1.2')],
    ),
    ({ facts: f }) => {
      const found = [...f.tracked.keys()].filter((p) => PACKAGE_CACHE.test(p));
      return filesFound(f, found, (shown) => M.say('imagelint.rule.packageCache', { count: found.length, file: shown[0] ?? '' }), 20);
    },
  ),
  defineCheck<ImageLintInput>(
    meta('image-not-pinned', 'Image referenced without a version or digest', 'LOW', 'Refer to images by version tag and digest (name:1.2@sha256:…).', [
      cis('5.28'),
      nistRef('4.2.2'),
    ]),
    ({ facts: f }) => {
      const ref = tryParseImageReference(f.ref);
      if (ref === undefined || ref.digest !== undefined) return [];
      const tag = ref.tag;
      return tag === undefined || tag === 'latest'
        ? [
            {
              target: image(f),
              message: tag ? M.say('imagelint.rule.notPinned.latest', { ref: f.ref }) : M.say('imagelint.rule.notPinned.noTag', { ref: f.ref }),
              evidence: { tag: tag ?? null },
            },
          ]
        : [];
    },
  ),
  defineCheck<ImageLintInput>(
    meta('image-size', 'Large image', 'INFO', 'Use a smaller base and multi-stage builds: fewer packages, fewer vulnerabilities.', [
      cis('4.3'),
      nistRef('4.5.1'),
    ]),
    ({ facts: f, options: o }) =>
      f.size / 1024 / 1024 > o.maxSizeMiB
        ? [
            {
              target: image(f),
              message: M.say('imagelint.rule.size', { size: (f.size / 1024 / 1024).toFixed(0), max: o.maxSizeMiB }),
              evidence: { sizeMiB: Math.round(f.size / 1024 / 1024), maxSizeMiB: o.maxSizeMiB },
            },
          ]
        : [],
  ),
  defineCheck<ImageLintInput>(
    meta(
      'image-registry-not-allowed',
      'Image not from an allowed registry',
      'MEDIUM',
      'Pull base and service images only from registries you trust (imageLint.allowedRegistries).',
      [cis('4.2'), nistRef('4.1.5')],
    ),
    ({ facts: f, options: o }) => {
      if (o.allowedRegistries.length === 0) return [];
      const registry = tryParseImageReference(f.ref)?.registry ?? f.ref.split('/')[0] ?? '';
      return o.allowedRegistries.includes(registry)
        ? []
        : [
            {
              target: image(f),
              message: M.say('imagelint.rule.registryNotAllowed', { ref: f.ref, registry, allowed: o.allowedRegistries.join(', ') }),
              evidence: { registry, allowed: o.allowedRegistries },
            },
          ];
    },
  ),
);

export function lintImage(facts: ImageLintFacts, options: ImageLintOptions): Finding[] {
  return runChecks(imageLintRules.all(), { facts, options }, { category: 'image' });
}
