// Supply-chain attestations of an image, looked for where they are kept: in an image index (BuildKit's attestation
// manifests, annotated `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest`, their
// layers annotated `in-toto.io/predicate-type`; docs.docker.com/build/metadata/attestations/attestation-storage/) and
// as OCI 1.1 referrers (a manifest whose `subject` is the image: image-spec manifest.md "subject", distribution-spec
// "Listing Referrers", and the referrers tag schema `sha256-<hex>` for registries without that API). An `docker save`
// tar (plain or compressed) or an OCI layout is read here; a registry through src/image/registry.ts.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../core/errors.js';
import { joinMessages, rawMessage, type Message } from '../core/message.js';
import { indexTar, readTarEntry, tempDir } from '../image/archive.js';
import { compressionOf, expandArchive } from '../image/input.js';
import { policyMessages as M } from './messages.js';

const err = (e: unknown): Message => rawMessage(errorMessage(e));

/** Found (each with what it is and what it attests), none (with where it was looked for), or why it cannot be told. */
export type Attestations = { found: Message[]; looked: Message[] } | { unknown: Message };

const DescriptorSchema = z.looseObject({
  mediaType: z.string().max(300).optional(),
  artifactType: z.string().max(300).optional(),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
  size: z.number().optional(),
  platform: z
    .looseObject({ os: z.string().max(100).optional(), architecture: z.string().max(100).optional(), variant: z.string().max(100).optional() })
    .optional(),
  annotations: z.record(z.string().max(1000), z.string().max(10_000)).optional(),
});
type Descriptor = z.infer<typeof DescriptorSchema>;

const DocumentSchema = z.looseObject({
  mediaType: z.string().max(300).optional(),
  artifactType: z.string().max(300).optional(),
  config: DescriptorSchema.optional(),
  manifests: z.array(DescriptorSchema).max(10_000).optional(),
  layers: z.array(DescriptorSchema).max(10_000).optional(),
  subject: DescriptorSchema.optional(),
});
type Document = z.infer<typeof DocumentSchema>;

export const ATTESTATION_TYPE = 'attestation-manifest';
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
/** Descriptors followed in all: an index of a few platforms has a few dozen. */
const MAX_DESCRIPTORS = 2000;

/** Reads a document by digest; undefined when the source does not have it. */
export type DocumentSource = (digest: string) => Promise<Document | undefined>;

export function parseDocument(value: unknown, where: string): Document {
  const r = DocumentSchema.safeParse(value);
  if (!r.success) throw new Error(`${where} is not an OCI manifest or index (${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''})`);
  return r.data;
}

const short = (digest: string): string => digest.slice(0, 19);
const platformOf = (d: Descriptor): string =>
  d.platform ? [d.platform.os, d.platform.architecture, d.platform.variant].filter((x) => x !== undefined && x !== '').join('/') : '';

/** What an in-toto predicate type is: provenance, an SBOM, VEX (said by id), or its own name. */
export function predicateKind(type: string): Message {
  if (/slsa\.dev\/provenance/i.test(type)) return M.say('policy.attest.kind.provenance');
  if (/spdx|cyclonedx/i.test(type)) return M.say('policy.attest.kind.sbom');
  if (/vex/i.test(type)) return M.say('policy.attest.kind.vex');
  return rawMessage(type);
}

/**
 * Attestations among the descriptors of an index (index.json of a layout, or an image index), for the images
 * `subjects` names (every image when empty). Nested indexes are followed; each image manifest read is checked for
 * a `subject` (it is then a referrer, not an image).
 */
export async function attestationsInIndex(
  top: readonly Descriptor[],
  read: DocumentSource,
  subjects: ReadonlySet<string>,
): Promise<{ found: Message[]; images: string[]; attestationManifests: number }> {
  const found: Message[] = [];
  const images: string[] = [];
  let attestationManifests = 0;
  let seen = 0;
  const wanted = (digest: string | undefined): boolean => subjects.size === 0 || (digest !== undefined && subjects.has(digest));
  const walk = async (entries: readonly Descriptor[], depth: number, parentIndex?: string): Promise<void> => {
    for (const d of entries) {
      if (++seen > MAX_DESCRIPTORS) throw new Error(`more than ${MAX_DESCRIPTORS} descriptors: not followed further`);
      const ann = d.annotations ?? {};
      if (ann['vnd.docker.reference.type'] === ATTESTATION_TYPE) {
        attestationManifests += 1;
        const of = ann['vnd.docker.reference.digest'];
        if (!wanted(of) && !wanted(parentIndex)) continue;
        const doc = await read(d.digest);
        const types = [...new Set((doc?.layers ?? []).map((l) => l.annotations?.['in-toto.io/predicate-type']).filter((t): t is string => t !== undefined))];
        const what: Message =
          types.length > 0
            ? joinMessages(
                types.map((t) => M.say('policy.attest.predicate', { kind: predicateKind(t), type: t })),
                ', ',
              )
            : doc
              ? M.say('policy.attest.noStatement')
              : M.say('policy.attest.notHere');
        found.push(M.say('policy.attest.manifest', { digest: short(d.digest), of: of !== undefined ? short(of) : M.say('policy.attest.unnamed'), what }));
        continue;
      }
      const isIndex = d.mediaType !== undefined && INDEX_TYPES.has(d.mediaType);
      const doc = await read(d.digest);
      if (isIndex || doc?.manifests !== undefined) {
        if (depth >= 3) throw new Error('image indexes nested more than 3 deep');
        if (doc?.manifests) await walk(doc.manifests, depth + 1, d.digest);
        continue;
      }
      if (doc?.subject !== undefined) {
        if (wanted(doc.subject.digest) || wanted(parentIndex))
          found.push(
            M.say('policy.attest.referrer', {
              digest: short(d.digest),
              type: doc.artifactType ?? doc.config?.mediaType ?? d.artifactType ?? 'artifact',
              of: short(doc.subject.digest),
            }),
          );
        continue;
      }
      images.push(`${short(d.digest)}${platformOf(d) ? ` (${platformOf(d)})` : ''}`);
    }
  };
  await walk(top, 0);
  return { found, images, attestationManifests };
}

/** Reads a file of a layout directory by name: no symlink followed, at most `max` bytes. */
async function dirFile(root: string, rel: string, max: number): Promise<Buffer | undefined> {
  let cur = root;
  for (const part of rel.split('/')) {
    cur = path.join(cur, part);
    const st = await fs.lstat(cur).catch(() => undefined);
    if (!st || st.isSymbolicLink()) return undefined;
  }
  const h = await fs.open(cur, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!h) return undefined;
  try {
    const st = await h.stat();
    if (!st.isFile() || st.size > max) return undefined;
    return await h.readFile();
  } finally {
    await h.close();
  }
}

const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** A name → bytes reader over a `docker save` tar (compressed or not) or an OCI layout directory. */
async function archiveReader(input: string): Promise<{ get: (name: string) => Promise<Buffer | undefined>; close: () => Promise<void> }> {
  const st = await fs.stat(input);
  if (st.isDirectory()) return { get: (name) => dirFile(input, name, MAX_DOCUMENT_BYTES), close: () => Promise.resolve() };
  const head = Buffer.alloc(8);
  const h = await fs.open(input, 'r');
  try {
    await h.read(head, 0, 8, 0);
  } finally {
    await h.close();
  }
  let file = input;
  let close = (): Promise<void> => Promise.resolve();
  if (compressionOf(head) !== 'none') {
    const dir = await tempDir('swarmguard-attest-');
    close = () => fs.rm(dir, { recursive: true, force: true });
    try {
      file = await expandArchive(input, dir);
    } catch (e) {
      await close();
      throw e;
    }
  }
  const entries = await indexTar(file, input);
  return {
    close,
    async get(name) {
      const e = entries.get(name);
      if (!e || e.size > MAX_DOCUMENT_BYTES) return undefined;
      return readTarEntry(file, e);
    },
  };
}

/** " (a, b, c)" of the first few image manifests, or nothing. */
const imageList = (images: readonly string[]): string => (images.length > 0 ? ` (${images.slice(0, 4).join(', ')})` : '');

const blobPath = (digest: string): string => `blobs/sha256/${digest.slice(7)}`;

/**
 * The attestations of the image `subjects` names in a `docker save` tar or an OCI layout. An archive without
 * index.json (docker save before Engine 25) cannot carry any: that is unknown, not absent.
 */
export async function archiveAttestations(input: string, subjects: ReadonlySet<string>): Promise<Attestations> {
  let reader: Awaited<ReturnType<typeof archiveReader>>;
  try {
    reader = await archiveReader(input);
  } catch (e) {
    return { unknown: M.say('policy.attest.archiveUnreadable', { error: err(e) }) };
  }
  try {
    const indexBytes = await reader.get('index.json');
    if (!indexBytes) return { unknown: M.say('policy.attest.noIndex') };
    const index = parseDocument(JSON.parse(indexBytes.toString('utf8')), 'index.json');
    const read: DocumentSource = async (digest) => {
      const b = await reader.get(blobPath(digest));
      return b ? parseDocument(JSON.parse(b.toString('utf8')), digest) : undefined;
    };
    const r = await attestationsInIndex(index.manifests ?? [], read, subjects);
    if (r.found.length > 0) return { found: r.found, looked: [] };
    return {
      found: [],
      looked: [
        r.attestationManifests > 0
          ? M.say('policy.attest.lookedArchiveOthers', { n: r.images.length, images: imageList(r.images), others: r.attestationManifests })
          : M.say('policy.attest.lookedArchive', { n: r.images.length, images: imageList(r.images) }),
      ],
    };
  } catch (e) {
    return { unknown: M.say('policy.attest.indexUnreadable', { error: err(e) }) };
  } finally {
    await reader.close();
  }
}

const INDEX_ACCEPT = 'application/vnd.oci.image.index.v1+json';
const ANY_MANIFEST = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * The attestations of a registry image: the attestation manifests of its index, and the OCI referrers of its
 * index and manifests (the referrers API, else the `sha256-<hex>` tag schema). A registry that cannot be reached is
 * unknown, never a pass.
 */
export async function registryAttestations(ref: string, options: { insecure?: boolean } = {}): Promise<Attestations> {
  const { parseImageRef, registryDocument } = await import('../image/registry.js');
  try {
    const { reference } = parseImageRef(ref);
    const doc = async (suffix: string, accept: string): Promise<{ doc: Document; digest: string } | undefined> => {
      const got = await registryDocument(ref, suffix, accept, options);
      return got ? { doc: parseDocument(got.doc, suffix), digest: got.digest } : undefined;
    };
    const top = await doc(`/manifests/${reference}`, ANY_MANIFEST);
    if (!top) return { unknown: M.say('policy.attest.notInRegistry', { ref }) };
    const looked: Message[] = [];
    const found: Message[] = [];
    const digests = [top.digest];
    if (top.doc.manifests) {
      const r = await attestationsInIndex(top.doc.manifests, async (d) => (await doc(`/manifests/${d}`, ANY_MANIFEST))?.doc, new Set());
      found.push(...r.found);
      digests.push(...top.doc.manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== ATTESTATION_TYPE).map((m) => m.digest));
      looked.push(M.say('policy.attest.lookedIndex', { digest: short(top.digest), n: r.images.length, images: imageList(r.images) }));
    }
    for (const d of digests.slice(0, 16)) {
      let list = await doc(`/referrers/${d}`, INDEX_ACCEPT);
      let how = M.say('policy.attest.api');
      if (!list) {
        list = await doc(`/manifests/sha256-${d.slice(7)}`, INDEX_ACCEPT);
        how = M.say('policy.attest.tagSchema');
      }
      const referrers = list?.doc.manifests ?? [];
      for (const r of referrers)
        found.push(M.say('policy.attest.referrerVia', { digest: short(r.digest), type: r.artifactType ?? r.mediaType ?? 'artifact', of: short(d), how }));
      if (referrers.length === 0) looked.push(M.say('policy.attest.lookedReferrers', { digest: short(d), how: list ? how : M.say('policy.attest.noApi') }));
    }
    return found.length > 0 ? { found, looked: [] } : { found: [], looked };
  } catch (e) {
    return { unknown: M.say('policy.attest.registryUnreadable', { error: err(e) }) };
  }
}
