// Engine JSON (API 1.41+) parsed once, at the edge, into typed models with runtime checks. Everything else in
// swarmguard reads these types; a document that does not fit is an EngineDataError naming the object and field.
//
// Conventions: lists and maps the engine sends as null or leaves out become [] / {}; scalars that may be absent
// stay optional; a field of the wrong type is an error, never a silent default. Objects whose spec is sent back
// to the engine (service, node, swarm, network specs) keep unknown keys, so an update never drops a setting.
import { z } from 'zod';
import { EngineError } from '../core/errors.js';
import { rawMessage, type Message } from '../core/message.js';
import { engineMessages as M } from './messages.js';
import { definesHealthcheck } from '../core/healthcheck.js';

/** A document from the engine that does not have the shape the API documents. */
export class EngineDataError extends EngineError {
  constructor(what: string, detail: string) {
    super(`the engine sent ${what} in an unexpected shape: ${detail}`, {
      hint: 'is this a Docker Engine 20.10 or later? Report the engine version (`docker version`) with this message',
    });
    this.name = 'EngineDataError';
  }
}

// ---- building blocks ----------------------------------------------------------------------------------------

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
const strings = list(z.string());
const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v): Record<string, string> => v ?? {});
/** A nested object that may be absent or null; parsed with its defaults when absent. */
const section = <S extends z.ZodObject>(schema: S) => z.preprocess((v) => v ?? {}, schema);
const version = z.object({ Index: z.number() });

// ---- /info, /version ----------------------------------------------------------------------------------------

const SwarmInfoSchema = z.object({
  NodeID: z.string().default(''),
  NodeAddr: z.string().default(''),
  LocalNodeState: z.string().default('inactive'),
  ControlAvailable: z.boolean().default(false),
  Error: z.string().default(''),
  RemoteManagers: list(z.object({ NodeID: z.string(), Addr: z.string() })),
  Nodes: z.number().optional(),
  Managers: z.number().optional(),
  Cluster: z.looseObject({ ID: z.string().optional() }).nullish(),
});

export const InfoSchema = z.object({
  ID: z.string().default(''),
  Name: z.string().default(''),
  ServerVersion: z.string().default(''),
  OperatingSystem: z.string().default(''),
  KernelVersion: z.string().default(''),
  /** The engine's clock (RFC 3339), so times the engine wrote compare with the same clock. */
  SystemTime: z.string().default(''),
  Architecture: z.string().default(''),
  DockerRootDir: z.string().default(''),
  Driver: z.string().default(''),
  LoggingDriver: z.string().default(''),
  CgroupDriver: z.string().default(''),
  CgroupVersion: z.string().default(''),
  DefaultRuntime: z.string().default(''),
  Runtimes: z
    .record(z.string(), z.looseObject({ path: z.string().optional() }))
    .nullish()
    .transform((v) => v ?? {}),
  SecurityOptions: strings,
  LiveRestoreEnabled: z.boolean().default(false),
  ExperimentalBuild: z.boolean().default(false),
  Containers: z.number().default(0),
  ContainersRunning: z.number().default(0),
  Images: z.number().default(0),
  NCPU: z.number().default(0),
  MemTotal: z.number().default(0),
  RegistryConfig: section(
    z.object({
      InsecureRegistryCIDRs: strings,
      IndexConfigs: z
        .record(
          z.string(),
          z.object({ Name: z.string().default(''), Secure: z.boolean().default(true), Official: z.boolean().default(false), Mirrors: strings }),
        )
        .nullish()
        .transform((v) => v ?? {}),
    }),
  ),
  Swarm: section(SwarmInfoSchema),
  ContainerdCommit: z.looseObject({ ID: z.string().optional() }).nullish(),
  RuncCommit: z.looseObject({ ID: z.string().optional() }).nullish(),
  Warnings: strings,
});
export type EngineInfo = z.infer<typeof InfoSchema>;

/** What `SecurityOptions` of /info say, each option read once ("name=seccomp,profile=builtin", "name=apparmor"). */
export interface EngineSecurityOptions {
  /**
   * The daemon-wide seccomp profile: "default" (Engine 20.10 to 22) and "builtin" (Engine 23 on) both name Docker's
   * own default profile; "unconfined" turns seccomp off; anything else is a custom profile.
   */
  seccomp?: { profile: string; isDefault: boolean; unconfined: boolean };
  apparmor: boolean;
  selinux: boolean;
  userns: boolean;
  rootless: boolean;
  cgroupns: boolean;
  /** Options this reading does not know, as sent. */
  other: string[];
}

export function securityOptions(info: Pick<EngineInfo, 'SecurityOptions'>): EngineSecurityOptions {
  const out: EngineSecurityOptions = { apparmor: false, selinux: false, userns: false, rootless: false, cgroupns: false, other: [] };
  for (const raw of info.SecurityOptions) {
    const fields = new Map(
      raw.split(',').map((kv) => {
        const eq = kv.indexOf('=');
        return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
      }),
    );
    // Engines before 1.26 sent the bare name ("seccomp"); every later one name=… pairs.
    const name = fields.get('name') ?? raw;
    if (name === 'seccomp') {
      const profile = fields.get('profile') ?? 'default';
      out.seccomp = { profile, isDefault: profile === 'default' || profile === 'builtin', unconfined: profile === 'unconfined' };
    } else if (name === 'apparmor' || name === 'selinux' || name === 'userns' || name === 'rootless' || name === 'cgroupns') out[name] = true;
    else out.other.push(raw);
  }
  return out;
}

export const VersionSchema = z.object({
  Version: z.string(),
  ApiVersion: z.string(),
  MinAPIVersion: z.string().optional(),
  GitCommit: z.string().optional(),
  GoVersion: z.string().optional(),
  Os: z.string().default(''),
  Arch: z.string().default(''),
  KernelVersion: z.string().optional(),
  Components: list(z.object({ Name: z.string(), Version: z.string(), Details: z.record(z.string(), z.unknown()).nullish() })),
});
export type EngineVersionInfo = z.infer<typeof VersionSchema>;

// ---- containers ----------------------------------------------------------------------------------------------

const HealthcheckSchema = z.object({
  Test: strings,
  Interval: z.number().optional(),
  Timeout: z.number().optional(),
  StartPeriod: z.number().optional(),
  Retries: z.number().optional(),
});
export type Healthcheck = z.infer<typeof HealthcheckSchema>;

const PortBindingSchema = z.object({ HostIp: z.string().default(''), HostPort: z.string().default('') });
export type PortBinding = z.infer<typeof PortBindingSchema>;
const portMap = z
  .record(z.string(), list(PortBindingSchema))
  .nullish()
  .transform((v): Record<string, PortBinding[]> => v ?? {});

const HostConfigSchema = z.object({
  Binds: strings,
  NetworkMode: z.string().default(''),
  PortBindings: portMap,
  RestartPolicy: section(z.object({ Name: z.string().default(''), MaximumRetryCount: z.number().default(0) })),
  CapAdd: strings,
  CapDrop: strings,
  Privileged: z.boolean().default(false),
  ReadonlyRootfs: z.boolean().default(false),
  SecurityOpt: strings,
  PidMode: z.string().default(''),
  IpcMode: z.string().default(''),
  UTSMode: z.string().default(''),
  UsernsMode: z.string().default(''),
  CgroupnsMode: z.string().default(''),
  CgroupParent: z.string().default(''),
  Memory: z.number().default(0),
  NanoCpus: z.number().default(0),
  CpuShares: z.number().default(0),
  PidsLimit: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
  Devices: list(z.object({ PathOnHost: z.string().default(''), PathInContainer: z.string().default(''), CgroupPermissions: z.string().default('') })),
  Ulimits: list(z.object({ Name: z.string(), Soft: z.number(), Hard: z.number() })),
  Runtime: z.string().default(''),
});
export type HostConfig = z.infer<typeof HostConfigSchema>;

const MountPointSchema = z.object({
  Type: z.string().default(''),
  Name: z.string().optional(),
  Source: z.string().default(''),
  Destination: z.string().default(''),
  Driver: z.string().optional(),
  Mode: z.string().default(''),
  RW: z.boolean().default(true),
  Propagation: z.string().default(''),
});

const ContainerConfigSchema = z.object({
  Hostname: z.string().default(''),
  User: z.string().default(''),
  Env: strings,
  Cmd: strings,
  Entrypoint: z.union([z.string().transform((s) => [s]), strings]).default([]),
  Image: z.string().default(''),
  WorkingDir: z.string().default(''),
  Labels: stringMap,
  ExposedPorts: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => Object.keys(v ?? {})),
  Healthcheck: HealthcheckSchema.nullish().transform((v) => v ?? undefined),
});

const ContainerStateSchema = z.object({
  Status: z.string().default(''),
  Running: z.boolean().default(false),
  Paused: z.boolean().default(false),
  Restarting: z.boolean().default(false),
  OOMKilled: z.boolean().default(false),
  Pid: z.number().default(0),
  ExitCode: z.number().default(0),
  Error: z.string().default(''),
  StartedAt: z.string().default(''),
  FinishedAt: z.string().default(''),
  Health: z
    .object({ Status: z.string().default('') })
    .nullish()
    .transform((v) => v ?? undefined),
});

const EndpointSettingsSchema = z.object({
  NetworkID: z.string().default(''),
  IPAddress: z.string().default(''),
  Aliases: strings,
});

export const ContainerInspectSchema = z.object({
  Id: z.string().min(1),
  Name: z
    .string()
    .default('')
    .transform((n) => n.replace(/^\//, '')),
  Created: z.string().default(''),
  /** The image id (sha256:…). */
  Image: z.string().default(''),
  Path: z.string().default(''),
  Args: strings,
  State: section(ContainerStateSchema),
  AppArmorProfile: z.string().default(''),
  HostConfig: section(HostConfigSchema),
  Mounts: list(MountPointSchema),
  Config: section(ContainerConfigSchema),
  NetworkSettings: section(
    z.object({
      Networks: z
        .record(z.string(), EndpointSettingsSchema)
        .nullish()
        .transform((v) => v ?? {}),
      Ports: z
        .record(z.string(), list(PortBindingSchema))
        .nullish()
        .transform((v): Record<string, PortBinding[]> => v ?? {}),
    }),
  ),
});
export type ContainerInspect = z.infer<typeof ContainerInspectSchema>;

export const ContainerSummarySchema = z.object({
  Id: z.string().min(1),
  Names: strings,
  Image: z.string().default(''),
  ImageID: z.string().default(''),
  State: z.string().default(''),
  Status: z.string().default(''),
  Labels: stringMap,
});
export type ContainerSummary = z.infer<typeof ContainerSummarySchema>;

/** The first name of a listed container, without the leading slash. */
export const containerSummaryName = (c: ContainerSummary): string => (c.Names[0] ?? '').replace(/^\//, '');

export const TopSchema = z.object({ Titles: strings, Processes: list(strings) });
export type ContainerTop = z.infer<typeof TopSchema>;

// ---- images --------------------------------------------------------------------------------------------------

/** A content descriptor (OCI): what an image ID of the containerd store names, and each platform's manifest. */
const DescriptorSchema = z.looseObject({
  mediaType: z.string().default(''),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a sha256 digest'),
  size: z.number().default(0),
});

/** One platform's manifest of an image (API 1.47+ with `manifests=1`: the containerd image store's view). */
const ImageManifestSummarySchema = z.looseObject({
  ID: z.string().default(''),
  Descriptor: DescriptorSchema,
  Available: z.boolean().default(false),
  Kind: z.string().default(''),
  ImageData: z
    .looseObject({
      Platform: section(z.looseObject({ architecture: z.string().default(''), os: z.string().default(''), variant: z.string().optional() })),
    })
    .nullish()
    .transform((v) => v ?? undefined),
});

/** Absent (an engine before API 1.48 does not say) stays undefined; present must fit. */
const descriptor = DescriptorSchema.nullish().transform((v) => v ?? undefined);
const manifests = z
  .array(ImageManifestSummarySchema)
  .nullish()
  .transform((v) => v ?? undefined);

export const ImageSummarySchema = z.object({
  Id: z.string().min(1),
  RepoTags: strings,
  RepoDigests: strings,
  Created: z.number().default(0),
  Size: z.number().default(0),
  Labels: stringMap,
  /** Containers using the image; -1 (or absent) when the engine did not count them. */
  Containers: z.number().default(-1),
  /** What the image ID names (API 1.48+): a manifest or an index on the containerd store. */
  Descriptor: descriptor,
  Manifests: manifests,
});
export type ImageSummary = z.infer<typeof ImageSummarySchema>;

export const ImageInspectSchema = z.object({
  Id: z.string().min(1),
  RepoTags: strings,
  RepoDigests: strings,
  Created: z.string().default(''),
  Architecture: z.string().default(''),
  Os: z.string().default(''),
  Variant: z.string().optional(),
  Size: z.number().default(0),
  Config: section(
    z.object({
      User: z.string().default(''),
      Env: strings,
      Cmd: strings,
      Entrypoint: z.union([z.string().transform((s) => [s]), strings]).default([]),
      WorkingDir: z.string().default(''),
      Labels: stringMap,
      ExposedPorts: z
        .record(z.string(), z.unknown())
        .nullish()
        .transform((v) => Object.keys(v ?? {})),
      Volumes: z
        .record(z.string(), z.unknown())
        .nullish()
        .transform((v) => Object.keys(v ?? {})),
      Healthcheck: HealthcheckSchema.nullish().transform((v) => v ?? undefined),
    }),
  ),
  RootFS: section(z.object({ Type: z.string().default(''), Layers: list(z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a layer diff ID')) })),
  /** The storage driver (overlay2) or, on the containerd image store, the snapshotter (overlayfs). */
  GraphDriver: z.looseObject({ Name: z.string().default('') }).nullish(),
  /** API 1.48+: what the image ID names (the containerd store's manifest or index). */
  Descriptor: descriptor,
  /** API 1.48+ with `manifests=1`: every platform of the image the engine knows. */
  Manifests: manifests,
});
export type ImageInspect = z.infer<typeof ImageInspectSchema>;

/**
 * What kind of digest an engine's image ID is. Engine 20.10 and the overlay2 store: the config digest. The containerd
 * image store: the digest of the manifest or the index the image name points to, which API 1.48+ says in
 * `Descriptor`; before that (Engine 24 to 27 with the containerd store) the engine does not say.
 */
export type ImageIdKind = 'config' | 'manifest' | 'index' | 'unknown';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** The image's identity as the engine gives it, kinds kept apart. */
export interface EngineImageIdentity {
  id: string;
  kind: ImageIdKind;
  /** Manifest digests of the platforms the engine lists (API 1.48+ with `manifests=1`), by `os/arch[/variant]`. */
  platformManifests: { platform: string; digest: string; available: boolean }[];
  /** The platform the engine resolves the image to (inspect's Os/Architecture/Variant), when it says. */
  platform?: string;
}

export const platformName = (p: { os?: string; architecture?: string; variant?: string | undefined }): string =>
  [p.os ?? '', p.architecture ?? '', ...(p.variant ? [p.variant] : [])].join('/');

/**
 * The identity of an inspected image. `api` is the API version the answer was asked at: from 1.48 on, an image of
 * the containerd store always has a `Descriptor`, so an image without one is of the overlay2 store, whose ID is the
 * config digest; before 1.48 an image without one may be either.
 */
export function imageIdentity(
  img: Pick<ImageInspect, 'Id' | 'Descriptor' | 'Manifests' | 'Os' | 'Architecture' | 'Variant'>,
  api?: string,
): EngineImageIdentity {
  const d = img.Descriptor;
  let kind: ImageIdKind = 'unknown';
  const [major = 0, minor = 0] = (api ?? '').split('.').map(Number);
  if (d && d.digest === img.Id) kind = INDEX_TYPES.has(d.mediaType) ? 'index' : 'manifest';
  else if (d || major > 1 || (major === 1 && minor >= 48)) kind = 'config';
  return {
    id: img.Id,
    kind,
    platformManifests: (img.Manifests ?? [])
      .filter((m) => m.Kind === '' || m.Kind === 'image')
      .map((m) => ({ platform: m.ImageData ? platformName(m.ImageData.Platform) : '', digest: m.Descriptor.digest, available: m.Available })),
    ...(img.Os && img.Architecture ? { platform: platformName({ os: img.Os, architecture: img.Architecture, variant: img.Variant }) } : {}),
  };
}

/** True when the health check runs (present and not `NONE`). */
export const hasHealthcheck = (h: Healthcheck | undefined): boolean => definesHealthcheck(h?.Test);

// ---- networks ------------------------------------------------------------------------------------------------

export const NetworkSchema = z.looseObject({
  Id: z.string().min(1),
  Name: z.string().default(''),
  Created: z.string().default(''),
  Scope: z.string().default(''),
  Driver: z.string().default(''),
  EnableIPv6: z.boolean().default(false),
  Internal: z.boolean().default(false),
  Attachable: z.boolean().default(false),
  Ingress: z.boolean().default(false),
  IPAM: section(
    z.object({
      Driver: z.string().default(''),
      Options: stringMap,
      Config: list(z.object({ Subnet: z.string().optional(), IPRange: z.string().optional(), Gateway: z.string().optional() })),
    }),
  ),
  Options: stringMap,
  Labels: stringMap,
  Containers: z
    .record(z.string(), z.object({ Name: z.string().default(''), IPv4Address: z.string().default('') }))
    .nullish()
    .transform((v) => v ?? {}),
});
export type EngineNetworkModel = z.infer<typeof NetworkSchema>;

// ---- swarm: swarm, nodes, services, tasks, secrets, configs --------------------------------------------------

export const SwarmSchema = z.object({
  ID: z.string().default(''),
  Version: version.optional(),
  CreatedAt: z.string().default(''),
  UpdatedAt: z.string().default(''),
  DataPathPort: z.number().optional(),
  DefaultAddrPool: strings,
  Spec: section(
    z.looseObject({
      Name: z.string().default(''),
      Labels: stringMap,
      EncryptionConfig: section(z.looseObject({ AutoLockManagers: z.boolean().default(false) })),
      CAConfig: section(z.looseObject({ NodeCertExpiry: z.number().default(0), ExternalCAs: list(z.looseObject({})) })),
      Dispatcher: section(z.looseObject({ HeartbeatPeriod: z.number().optional() })),
      Raft: section(z.looseObject({ SnapshotInterval: z.number().optional() })),
    }),
  ),
  TLSInfo: section(z.object({ TrustRoot: z.string().default(''), CertIssuerSubject: z.string().default('') })),
  RootRotationInProgress: z.boolean().default(false),
});
export type SwarmInspect = z.infer<typeof SwarmSchema>;

export const NodeSchema = z.object({
  ID: z.string().min(1),
  Version: version.optional(),
  CreatedAt: z.string().default(''),
  UpdatedAt: z.string().default(''),
  Spec: section(
    z.looseObject({
      Name: z.string().optional(),
      Labels: stringMap,
      Role: z.string().default(''),
      Availability: z.string().default(''),
    }),
  ),
  Description: section(
    z.object({
      Hostname: z.string().default(''),
      Platform: section(z.object({ Architecture: z.string().default(''), OS: z.string().default('') })),
      Engine: section(z.object({ EngineVersion: z.string().default(''), Labels: stringMap })),
    }),
  ),
  Status: section(z.object({ State: z.string().default(''), Message: z.string().default(''), Addr: z.string().default('') })),
  ManagerStatus: z
    .object({ Leader: z.boolean().default(false), Reachability: z.string().default(''), Addr: z.string().default('') })
    .nullish()
    .transform((v) => v ?? undefined),
});
export type EngineNodeModel = z.infer<typeof NodeSchema>;

const ServiceMountSchema = z.looseObject({
  Type: z.string().default(''),
  Source: z.string().default(''),
  Target: z.string().default(''),
  ReadOnly: z.boolean().default(false),
  BindOptions: z.looseObject({ Propagation: z.string().optional() }).nullish(),
});

const ServicePortSchema = z.looseObject({
  Name: z.string().optional(),
  Protocol: z.string().default('tcp'),
  TargetPort: z.number().default(0),
  PublishedPort: z.number().optional(),
  PublishMode: z.string().default('ingress'),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

const ContainerSpecSchema = z.looseObject({
  Image: z.string().default(''),
  Labels: stringMap,
  Command: strings,
  Args: strings,
  Env: strings,
  Dir: z.string().optional(),
  User: z.string().default(''),
  Mounts: list(ServiceMountSchema),
  ReadOnly: z.boolean().default(false),
  Healthcheck: HealthcheckSchema.nullish().transform((v) => v ?? undefined),
  Secrets: list(z.looseObject({ SecretName: z.string().default(''), SecretID: z.string().optional() })),
  Configs: list(z.looseObject({ ConfigName: z.string().default(''), ConfigID: z.string().optional() })),
  CapabilityAdd: strings,
  CapabilityDrop: strings,
  Sysctls: stringMap,
  Init: z.boolean().nullish(),
  Privileges: z.looseObject({}).nullish(),
});
export type ServiceContainerSpec = z.infer<typeof ContainerSpecSchema>;

const NetworkAttachmentSchema = z.looseObject({ Target: z.string().default(''), Aliases: strings });

export const ServiceSpecSchema = z.looseObject({
  Name: z.string().default(''),
  Labels: stringMap,
  TaskTemplate: section(
    z.looseObject({
      ContainerSpec: section(ContainerSpecSchema),
      Resources: section(
        z.looseObject({
          Limits: section(z.looseObject({ NanoCPUs: z.number().default(0), MemoryBytes: z.number().default(0), Pids: z.number().default(0) })),
          Reservations: section(z.looseObject({ NanoCPUs: z.number().default(0), MemoryBytes: z.number().default(0) })),
        }),
      ),
      RestartPolicy: z.looseObject({ Condition: z.string().optional(), MaxAttempts: z.number().optional() }).nullish(),
      Placement: z.looseObject({ Constraints: strings }).nullish(),
      Networks: list(NetworkAttachmentSchema),
      ForceUpdate: z.number().optional(),
    }),
  ),
  Mode: section(
    z.looseObject({
      Replicated: z.looseObject({ Replicas: z.number().optional() }).optional(),
      Global: z.looseObject({}).optional(),
      ReplicatedJob: z.looseObject({ MaxConcurrent: z.number().optional(), TotalCompletions: z.number().optional() }).optional(),
      GlobalJob: z.looseObject({}).optional(),
    }),
  ),
  UpdateConfig: z.looseObject({}).nullish(),
  RollbackConfig: z.looseObject({}).nullish(),
  Networks: list(NetworkAttachmentSchema),
  EndpointSpec: section(z.looseObject({ Mode: z.string().default('vip'), Ports: list(ServicePortSchema) })),
});
export type ServiceSpecModel = z.infer<typeof ServiceSpecSchema>;

export const ServiceSchema = z.object({
  ID: z.string().min(1),
  Version: version,
  CreatedAt: z.string().default(''),
  UpdatedAt: z.string().default(''),
  Spec: ServiceSpecSchema,
  PreviousSpec: ServiceSpecSchema.nullish().transform((v) => v ?? undefined),
  Endpoint: section(
    z.object({
      Ports: list(ServicePortSchema),
      VirtualIPs: list(z.object({ NetworkID: z.string().default(''), Addr: z.string().default('') })),
    }),
  ),
  UpdateStatus: z
    .object({ State: z.string().default(''), StartedAt: z.string().optional(), CompletedAt: z.string().optional(), Message: z.string().default('') })
    .nullish()
    .transform((v) => v ?? undefined),
  ServiceStatus: z
    .object({ RunningTasks: z.number().default(0), DesiredTasks: z.number().default(0), CompletedTasks: z.number().default(0) })
    .nullish()
    .transform((v) => v ?? undefined),
});
export type EngineServiceModel = z.infer<typeof ServiceSchema>;

export const TaskSchema = z.object({
  ID: z.string().min(1),
  ServiceID: z.string().default(''),
  NodeID: z.string().default(''),
  Slot: z.number().optional(),
  DesiredState: z.string().default(''),
  CreatedAt: z.string().default(''),
  UpdatedAt: z.string().default(''),
  Labels: stringMap,
  Spec: section(z.looseObject({ ContainerSpec: section(z.looseObject({ Image: z.string().default('') })) })),
  Status: section(
    z.object({
      Timestamp: z.string().default(''),
      State: z.string().default(''),
      Message: z.string().default(''),
      Err: z.string().default(''),
      ContainerStatus: z
        .object({ ContainerID: z.string().default(''), PID: z.number().default(0), ExitCode: z.number().default(0) })
        .nullish()
        .transform((v) => v ?? undefined),
      PortStatus: section(z.object({ Ports: list(ServicePortSchema) })),
    }),
  ),
  NetworksAttachments: list(
    z.object({
      Network: section(z.looseObject({ ID: z.string().default(''), Spec: section(z.looseObject({ Name: z.string().default('') })) })),
      Addresses: strings,
    }),
  ),
});
export type EngineTaskModel = z.infer<typeof TaskSchema>;

/** A secret or a config (the API never returns a secret's data). */
export const FileObjectSchema = z.object({
  ID: z.string().min(1),
  Version: version,
  CreatedAt: z.string().default(''),
  UpdatedAt: z.string().default(''),
  Spec: z.looseObject({
    Name: z.string().default(''),
    Labels: stringMap,
    Data: z.string().optional(),
  }),
});
export type EngineFileObjectModel = z.infer<typeof FileObjectSchema>;

/** What a registry says about an image (GET /distribution/NAME/json): its manifest digest and platforms. */
export const DistributionSchema = z.object({
  Descriptor: section(z.looseObject({ mediaType: z.string().optional(), digest: z.string().optional(), size: z.number().optional() })),
  Platforms: list(z.looseObject({ architecture: z.string().optional(), os: z.string().optional(), variant: z.string().optional() })),
});
export type ImageDistribution = z.infer<typeof DistributionSchema>;

/** GET /system/df: what the engine's images, containers, volumes and build cache take. */
export const SystemDfSchema = z.object({
  LayersSize: z.number().default(0),
  Images: list(ImageSummarySchema),
  Containers: list(ContainerSummarySchema),
  Volumes: list(z.looseObject({ Name: z.string(), UsageData: z.looseObject({ Size: z.number().default(-1), RefCount: z.number().default(-1) }).nullish() })),
  BuildCache: list(z.looseObject({ ID: z.string(), Size: z.number().default(0), InUse: z.boolean().default(false), Shared: z.boolean().default(false) })),
});
export type EngineSystemDf = z.infer<typeof SystemDfSchema>;

// ---- parsing -------------------------------------------------------------------------------------------------

function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid document';
  const path = first.path.length > 0 ? first.path.map(String).join('.') : '(document)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path}: ${first.message}${more}`;
}

/** Parses one engine document; `what` names it in the error ("container abc123"). */
export function parseEngine<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new EngineDataError(what, describeIssue(r.error));
  return r.data;
}

/** Parses a list answer (GET /services, /nodes, …): the answer must be an array, every element must fit. */
export function parseEngineList<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S>[] {
  if (!Array.isArray(raw)) throw new EngineDataError(what, `expected a list, got ${raw === null ? 'null' : typeof raw}`);
  return raw.map((item, i) => parseEngine(schema, item, `${what} [${i}]`));
}

export const parseInfo = (raw: unknown): EngineInfo => parseEngine(InfoSchema, raw, 'system info');
export const parseVersion = (raw: unknown): EngineVersionInfo => parseEngine(VersionSchema, raw, 'the version');
export const parseContainerInspect = (raw: unknown): ContainerInspect => parseEngine(ContainerInspectSchema, raw, 'a container');
export const parseContainerList = (raw: unknown): ContainerSummary[] => parseEngineList(ContainerSummarySchema, raw, 'the container list');
export const parseImageInspect = (raw: unknown): ImageInspect => parseEngine(ImageInspectSchema, raw, 'an image');
export const parseImageList = (raw: unknown): ImageSummary[] => parseEngineList(ImageSummarySchema, raw, 'the image list');
export const parseNetwork = (raw: unknown): EngineNetworkModel => parseEngine(NetworkSchema, raw, 'a network');
export const parseNetworkList = (raw: unknown): EngineNetworkModel[] => parseEngineList(NetworkSchema, raw, 'the network list');
export const parseSwarm = (raw: unknown): SwarmInspect => parseEngine(SwarmSchema, raw, 'the swarm');
export const parseNodeList = (raw: unknown): EngineNodeModel[] => parseEngineList(NodeSchema, raw, 'the node list');
export const parseService = (raw: unknown): EngineServiceModel => parseEngine(ServiceSchema, raw, 'a service');
export const parseServiceList = (raw: unknown): EngineServiceModel[] => parseEngineList(ServiceSchema, raw, 'the service list');
export const parseTaskList = (raw: unknown): EngineTaskModel[] => parseEngineList(TaskSchema, raw, 'the task list');
export const parseFileObjectList = (raw: unknown, kind: 'secret' | 'config'): EngineFileObjectModel[] =>
  parseEngineList(FileObjectSchema, raw, `the ${kind} list`);
export const parseTop = (raw: unknown): ContainerTop => parseEngine(TopSchema, raw, 'a process list');
export const parseSystemDf = (raw: unknown): EngineSystemDf => parseEngine(SystemDfSchema, raw, 'the disk usage answer');
export const parseDistribution = (raw: unknown): ImageDistribution => parseEngine(DistributionSchema, raw, 'an image distribution answer');

// ---- the one engine-error translator -------------------------------------------------------------------------

interface RawEngineFailure {
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  reason?: unknown;
}

/** The client's failure behind an error: a translated EngineError is looked through to the failure it wraps. */
function asFailure(e: unknown): RawEngineFailure {
  if (e instanceof EngineError && e.cause !== undefined && e.cause !== e) return asFailure(e.cause);
  return typeof e === 'object' && e !== null ? e : {};
}

/** The HTTP status of a failed engine call (404, 409, 503…), if it got that far. */
export function engineStatus(e: unknown): number | undefined {
  const s = asFailure(e).statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** The engine's own message for a failed call (its JSON `message`), else the error's text. */
export function engineMessage(e: unknown): string {
  if (e instanceof EngineError && e.cause !== undefined && e.cause !== e) return engineMessage(e.cause);
  const json = asFailure(e).json;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message;
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  return e instanceof Error ? e.message : String(e);
}

const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/**
 * Turns any failure of an engine call into an EngineError that says what we were doing and what to do.
 * `what` is the action ("listing services"); `endpoint` names the engine when known.
 */
export function translateEngineError(e: unknown, doing: string | Message, endpoint?: string): EngineError {
  if (e instanceof EngineError) return e;
  const what = typeof doing === 'string' ? rawMessage(doing) : doing;
  const at = endpoint ? M.say('engine.at', { endpoint }) : '';
  const code = typeof asFailure(e).code === 'string' ? (asFailure(e).code as string) : '';
  const status = engineStatus(e);
  // The engine's own words (or the system's) are a value: said as they are.
  const detail = rawMessage(engineMessage(e));
  if (code === 'EACCES' || code === 'EPERM') {
    return new EngineError(M.say('engine.permission', { what, at }), { hint: M.say('engine.permission.hint'), cause: e });
  }
  if (UNREACHABLE.has(code)) {
    return new EngineError(M.say('engine.unreachable', { what, at, code }), { hint: M.say('engine.unreachable.hint'), cause: e });
  }
  if (status === 503 && /swarm|manager/i.test(detail.en)) {
    return new EngineError(M.say('engine.failed', { what, detail }), { hint: M.say('engine.notManager.hint'), cause: e });
  }
  if (status !== undefined) return new EngineError(M.say('engine.answered', { what, at, status, detail }), { cause: e });
  return new EngineError(M.say('engine.failed', { what, detail }), { hint: M.say('engine.failed.hint'), cause: e });
}

/** Runs one engine call; a failure becomes the translated EngineError. `what` says what the call was doing. */
export async function engineCall<T>(what: string | Message, fn: () => Promise<T>, endpoint?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translateEngineError(e, what, endpoint);
  }
}
