// `image scan --all-nodes`, the node's part: inside a one-shot job on every node, the images of that node's own
// engine (whatever its image store) are read and their package inventories printed; the manager matches them
// against its one advisory database (src/scan/node-scan.ts). The wire format is gzip'd JSON in base64 lines of
// bounded width, so no log driver splits a line, and the manager decodes it to a bounded size and parses it once
// (zod) into typed inventories: the text comes from a node and is not trusted.
import { gunzipSync, gzipSync } from 'node:zlib';
import type Docker from 'dockerode';
import { z } from 'zod';
import { UserError, messageOf } from '../core/errors.js';
import { tryParseImageReference } from '../core/image-reference.js';
import { exportImage, inspectImage, listImages } from '../engine/api.js';
import type { ImageSummary } from '../engine/models.js';
import type { Message } from '../core/message.js';
import { parseMessage } from '../core/message-data.js';
import { parseInventoryWarning } from '../packages/incomplete.js';
import { PACKAGE_TYPES, type Inventory } from '../packages/types.js';
import { sameImageName } from './archive-names.js';
import { inventoryFromEngine } from './inventory.js';
import { nodeScanMessages as m } from './node-messages.js';

/** One image of a node: its names, and its inventory or why there is none. */
export interface NodeImage {
  /** The engine's image ID on that node. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  inventory?: Inventory;
  /** Why the node could not read it, by id (the engine's own words as a value). */
  error?: Message;
}

export interface NodeInventory {
  format: 'swarmguard-node-inventory/2';
  images: NodeImage[];
  /** Images of the node beyond --max-images, not read. */
  skipped: number;
}

/** The most images one node reads in one run; more are counted, not read. */
export const MAX_NODE_IMAGES = 500;
/** The most a node's decoded inventory may weigh (its JSON). */
export const MAX_NODE_INVENTORY_BYTES = 48 << 20;
/** Width of one base64 line (well under the 16 KiB at which log drivers split a line). */
const LINE = 4000;
const MARK = 'sg-inventory ';

/** An ID or ID prefix of 12 to 64 hex digits (with or without `sha256:`): not a name. */
const idPrefix = (w: string): string | undefined => {
  const bare = w.replace(/^sha256:/, '');
  return /^[0-9a-f]{12,64}$/.test(bare) ? bare : undefined;
};

/**
 * True when `image` is one of the `wanted` references: its ID (full or a 12+ digit prefix), one of its tags (a bare
 * name is `:latest`, `nginx` is docker.io/library/nginx, as the engine reads them), or a digest reference one of its
 * repo digests has (repo@sha256:…, or the form a service spec pins, repo:tag@sha256:…, whose tag does not decide).
 */
export function imageSelected(image: Pick<ImageSummary, 'Id' | 'RepoTags' | 'RepoDigests'>, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  const id = image.Id.replace(/^sha256:/, '');
  return wanted.some((w) => {
    const prefix = idPrefix(w);
    if (prefix !== undefined && id.startsWith(prefix)) return true;
    // A tag never equals a digest reference, so the tags and repo digests are looked through together.
    return tryParseImageReference(w) !== undefined && [...image.RepoTags, ...image.RepoDigests].some((held) => sameImageName(held, w));
  });
}

/** Reads the inventory of every image of this engine (or of those `wanted`), one after another. */
export async function inventoryNodeImages(docker: Docker, o: { wanted: readonly string[]; maxImages?: number; api?: string }): Promise<NodeInventory> {
  const max = o.maxImages ?? MAX_NODE_IMAGES;
  const all = (await listImages(docker)).filter((i) => imageSelected(i, o.wanted));
  const images: NodeImage[] = [];
  for (const img of all.slice(0, max)) {
    // Engine 20.10 lists an untagged image as "<none>:<none>" (and "<none>@<none>"): no name at all.
    const entry: NodeImage = {
      id: img.Id,
      repoTags: img.RepoTags.filter((t) => !t.startsWith('<none>')),
      repoDigests: img.RepoDigests.filter((d) => !d.startsWith('<none>')),
    };
    try {
      // By ID: the image listed, not whatever a tag points to by the time it is read.
      entry.inventory = await inventoryFromEngine(
        img.Id,
        { inspect: () => inspectImage(docker, img.Id), get: (platform) => exportImage(docker, img.Id, platform ? { platform } : {}), api: o.api },
        undefined,
      );
    } catch (e) {
      entry.error = messageOf(e);
    }
    images.push(entry);
  }
  return { format: 'swarmguard-node-inventory/2', images, skipped: Math.max(0, all.length - max) };
}

/** The node's inventory as it is printed: gzip'd JSON, base64, in lines of bounded width, each marked. */
export function encodeNodeInventory(doc: NodeInventory): string {
  const b64 = gzipSync(Buffer.from(JSON.stringify(doc))).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += LINE) lines.push(`${MARK}${b64.slice(i, i + LINE)}`);
  return `${lines.join('\n')}\n`;
}

const str = z.string().max(65_536);
/** A message read back from the node through `parse` (bounded as every stored message is); anything else is a form error. */
const said = <M extends Message>(parse: (v: unknown) => M | undefined) =>
  z.unknown().transform((v, ctx) => {
    const m = parse(v);
    if (m !== undefined) return m;
    ctx.addIssue({ code: 'custom', message: 'not a message' });
    return z.NEVER;
  });
const Said = said(parseMessage);
/** A warning of the inventory: a message by id, its `cut` flag kept (bounded as every stored message is). */
const Warning = said(parseInventoryWarning);
const OsSchema = z.object({
  family: str,
  version: str,
  codename: str.optional(),
  prettyName: str.optional(),
  source: str,
});
const PackageSchema = z.object({
  type: z.enum(PACKAGE_TYPES),
  name: str,
  version: str,
  sourceName: str.optional(),
  sourceVersion: str.optional(),
  epoch: z.number().int().min(0).max(1_000_000).optional(),
  release: str.optional(),
  arch: str.optional(),
  license: str.optional(),
  path: str,
  layer: str.optional(),
  purl: str,
  dev: z.boolean().optional(),
  dependsOn: z.array(str).max(10_000).optional(),
});
const InventorySchema = z.object({
  ref: str,
  imageId: str.optional(),
  repoDigest: str.optional(),
  manifestDigest: str.optional(),
  indexDigest: str.optional(),
  platform: str.optional(),
  os: OsSchema.optional(),
  packages: z.array(PackageSchema).max(500_000),
  warnings: z.array(Warning).max(100_000),
  layers: z.array(str).max(10_000),
  architecture: str.optional(),
  kind: z.enum(['rootfs', 'project']).optional(),
});
const NodeInventorySchema = z.object({
  format: z.literal('swarmguard-node-inventory/2'),
  images: z
    .array(
      z.object({
        id: str,
        repoTags: z.array(str).max(10_000),
        repoDigests: z.array(str).max(10_000),
        inventory: InventorySchema.optional(),
        error: Said.optional(),
      }),
    )
    .max(100_000),
  skipped: z.number().int().min(0),
});

/**
 * A node's printed inventory back into typed values: the marked lines joined, base64 and gzip undone (at most
 * `maxBytes` of JSON), parsed and checked. Any other line is ignored. Throws a UserError that gives sizes, never
 * the node's bytes.
 */
export function decodeNodeInventory(text: string, maxBytes = MAX_NODE_INVENTORY_BYTES): NodeInventory {
  const b64 = text
    .split('\n')
    .filter((l) => l.startsWith(MARK))
    .map((l) => l.slice(MARK.length).trim())
    .join('');
  if (b64 === '') throw new UserError(m.say('nodescan.inventory.none'));
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new UserError(m.say('nodescan.inventory.notBase64', { chars: b64.length }));
  let json: Buffer;
  try {
    json = gunzipSync(Buffer.from(b64, 'base64'), { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UserError(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? m.say('nodescan.inventory.tooLarge', { mib: maxBytes >> 20 })
        : m.say('nodescan.inventory.notGzip', { chars: b64.length }),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch {
    throw new UserError(m.say('nodescan.inventory.notJson', { bytes: json.length }));
  }
  const parsed = NodeInventorySchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserError(m.say('nodescan.inventory.form', { where: (first?.path ?? []).map(String).join('.') || '/' }));
  }
  return parsed.data;
}
