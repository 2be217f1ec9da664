// The package inventory of an image: what the analyzers find and what the vulnerability matcher reads.
import type { Message } from '../core/message.js';

/** Package types, after purl types. */
export const PACKAGE_TYPES = ['apk', 'deb', 'rpm', 'npm', 'pypi', 'golang', 'maven', 'gem', 'composer', 'nuget', 'cargo', 'conda'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

export interface OsInfo {
  /** os-release ID: "alpine", "debian", "ubuntu", "rhel", "rocky", "almalinux", "fedora", "centos", "distroless"… */
  family: string;
  /** VERSION_ID or the version file's content: "3.19.1", "12", "9.3". */
  version: string;
  /** Debian/Ubuntu codename where known: "bookworm". */
  codename?: string;
  prettyName?: string;
  /** Where the answer came from, e.g. "etc/os-release". */
  source: string;
}

export interface Package {
  type: PackageType;
  name: string;
  version: string;
  /** dpkg Source: (name), apk origin, rpm source rpm name: advisories are filed against these. */
  sourceName?: string;
  /** The source package's version when it differs (dpkg `Source: foo (1.2-3)`). */
  sourceVersion?: string;
  /** rpm epoch, when set. */
  epoch?: number;
  release?: string;
  arch?: string;
  license?: string;
  /** The file the package was read from, inside the image (no leading slash). */
  path: string;
  /** Diff ID (sha256:…) of the layer that file came from. */
  layer?: string;
  purl: string;
  /** Only a development dependency of the project (lockfiles that say so); left out unless asked for. */
  dev?: boolean;
  /** Names of packages this one depends on, where the database says. */
  dependsOn?: string[];
}

/**
 * A problem that did not stop the inventory, said by id (a printer says it in the reader's language). `cut`: part of
 * the image was not read because of it (a cap, a timeout, a crash, a refused database, the scan's deadline), so the
 * scan is "not scanned", never clean: whoever stores a verdict reads this flag, never the wording.
 */
export interface InventoryWarning extends Message {
  readonly cut?: true;
}

export interface Inventory {
  /** The image as the user named it. */
  ref: string;
  /** Image ID (config digest) and, where known, the repo digest. */
  imageId?: string;
  repoDigest?: string;
  /** The manifest read and, for a multi-platform image, its index and the platform read from it (kept apart from imageId). */
  manifestDigest?: string;
  indexDigest?: string;
  platform?: string;
  os?: OsInfo;
  packages: Package[];
  /** Problems that did not stop the inventory: unparsable entries, unsupported database formats, parts not read. */
  warnings: InventoryWarning[];
  layers: string[];
  architecture?: string;
  /** What --input named when it was not an image: a root filesystem or a project checkout. */
  kind?: 'rootfs' | 'project';
}
