// Images without a tag, on `latest`, or not pinned by digest: what runs can change under the same file.
import { cis, nist } from '../../core/finding.js';
import { tryParseImageReference, type ImageReference } from '../../core/image-reference.js';
import { isPinnedReference } from '../../engine/node-job.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

/** The reference a compose `image:` names; "app:" (an unset ${TAG}) counts as no tag. */
function composeImageReference(image: string): ImageReference | undefined {
  return tryParseImageReference(image.trim()) ?? tryParseImageReference(image.trim().replace(/:$/, ''));
}

export const imageNotPinned = defineServiceRule(
  {
    id: 'image-not-pinned',
    title: 'Image not pinned',
    severity: 'MEDIUM',
    description:
      'An image without a tag means `latest`; `latest` and other moving tags change under the same stack file, so two nodes ' +
      'can run different code and a scanned image is not the one deployed. A digest (`@sha256:…`) pins the exact content ' +
      '(docker stack deploy resolves tags to digests at deploy time, but only for that deploy).',
    remediation: 'Use a specific version tag plus the digest: `image: nginx:1.27.2@sha256:…` (`docker buildx imagetools inspect` shows it).',
    references: [cis('5.28'), nist('4.1.5', 'Use of untrusted images'), nist('4.2.2', 'Stale images in registries')],
  },
  (svc) => {
    if (svc.image === undefined || svc.image === '') return undefined;
    // A full image ID (what `self init` writes for a local build) names the content, as a digest does.
    if (isPinnedReference(svc.image)) return undefined;
    const ref = composeImageReference(svc.image);
    if (ref === undefined || ref.digest !== undefined) return undefined;
    if (ref.tag === undefined || ref.tag === 'latest')
      return {
        at: ['image'],
        message: M.say(ref.tag === undefined ? 'compose.rule.imageNotPinned.noTag' : 'compose.rule.imageNotPinned.latest', {
          service: svc.name,
          image: svc.image,
        }),
        evidence: { image: svc.image, tag: ref.tag ?? null, digest: null },
      };
    return {
      at: ['image'],
      message: M.say('compose.rule.imageNotPinned.noDigest', { service: svc.name, tag: ref.tag, image: svc.image }),
      severity: 'LOW',
      evidence: { image: svc.image, tag: ref.tag, digest: null },
    };
  },
);
