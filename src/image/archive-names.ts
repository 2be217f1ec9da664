// Which image of an archive a name means: `docker save` lists each image's RepoTags, an OCI layout names its
// manifests by annotation. Names compare as docker compares them (`app` is docker.io/library/app:latest).
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { familiarName, printable, tryParseImageReference } from '../core/image-reference.js';
import { listMessage, type MessageValue } from '../core/message.js';
import { say } from './messages.js';

/** The name in canonical form (registry/repository:tag, tag `latest` when none), or the text when it does not parse. */
function canonical(name: string): string {
  const r = tryParseImageReference(name);
  if (!r) return name;
  return `${r.registry}/${r.repository}${r.digest ? `@${r.digest}` : `:${r.tag ?? 'latest'}`}`;
}

export function sameImageName(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/** The name people write for a tag found in an archive: `nginx:1.27`, not docker.io/library/nginx:1.27. */
export function displayName(tag: string): string {
  const r = tryParseImageReference(tag);
  if (!r) return tag;
  return `${familiarName(r)}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** `lab.tar.gz` → `lab`, `rootfs/` → `rootfs`: the name of an input that carries none. */
export function nameFromFile(file: string): string {
  const base = path.basename(path.resolve(file));
  return base.replace(/\.(tar\.gz|tar\.zst|tar\.zstd|tgz|tzst|tar|oci)$/i, '') || base;
}

/**
 * The image of `images` that `name` means, by index. Without a name: the only image. With one: the image that
 * has it among its tags; an archive that names none of its images takes any name for its single image.
 */
export function pickImage(images: readonly { repoTags: readonly string[] }[], name: string | undefined, label: MessageValue): number {
  const held = images.flatMap((i) => i.repoTags);
  const heldHint = say('image.name.held.hint', { names: listMessage(held.map((t) => printable(displayName(t)))) });
  if (name === undefined || name === '') {
    if (images.length === 1) return 0;
    throw new UserError(say('image.name.holdsMany', { label, count: images.length }), {
      hint: held.length ? heldHint : say('image.name.noneNamed.hint'),
    });
  }
  const k = images.findIndex((i) => i.repoTags.some((t) => sameImageName(t, name)));
  if (k >= 0) return k;
  if (held.length === 0 && images.length === 1) return 0;
  throw new UserError(say('image.name.noSuchName', { label, name: printable(name) }), {
    hint: held.length ? heldHint : say('image.name.unnamed.hint', { count: images.length }),
  });
}
