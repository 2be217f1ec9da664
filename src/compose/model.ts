// The typed compose/stack model: every field `docker stack deploy` reads, plus where each value came from.
import type { Target } from '../core/finding.js';
import type { Message } from '../core/message.js';
import { coreMessages } from '../core/messages.js';

/** A path into the merged document, e.g. ["services", "web", "image"]. Sequence items use their index. */
export type ComposePath = readonly (string | number)[];

/** Where a key (or a sequence item) sits in its source file. Lines and columns are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type StringMap = Record<string, string>;
/** Environment values can be `null` (`- FOO` without `=`: taken from the deploying shell). */
export type EnvironmentMap = Record<string, string | null>;

export interface ServicePort {
  target: number;
  /** Published port, or a range such as "8000-8010". */
  published?: number | string;
  protocol: 'tcp' | 'udp' | 'sctp';
  /** Swarm default is `ingress` (routing mesh on every node); `host` publishes on the task's node only. */
  mode: 'ingress' | 'host';
  /** Only meaningful to plain compose; Swarm ignores a host IP. */
  hostIp?: string;
  /** How it was written: short ("8080:80") or long (mapping). */
  syntax: 'short' | 'long';
  /** Index of the `ports:` item this came from (a short-syntax range expands into several ports). */
  item?: number;
}

export type VolumeMountType = 'bind' | 'volume' | 'tmpfs' | 'npipe';

export interface ServiceVolume {
  type: VolumeMountType;
  /** Host path (bind) or volume name; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  syntax: 'short' | 'long';
  bind?: { propagation?: string; createHostPath?: boolean };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number | string; mode?: number };
  consistency?: string;
}

/** A `secrets:` or `configs:` reference on a service. */
export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ServiceNetworkAttachment {
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface Healthcheck {
  /** `["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]`, or a string (run by the shell). */
  test?: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
  startPeriod?: string;
  disable: boolean;
}

export interface ResourceSpec {
  cpus?: string | number;
  memory?: string | number;
  pids?: number;
  genericResources?: unknown[];
  devices?: unknown[];
}

export interface RestartPolicy {
  /** none, on-failure or any as the engine knows them; other text is refused when the stack is converted. */
  condition?: string;
  delay?: string;
  maxAttempts?: number;
  window?: string;
}

export interface UpdateConfig {
  parallelism?: number;
  delay?: string;
  failureAction?: string;
  monitor?: string;
  maxFailureRatio?: number | string;
  order?: string;
}

export interface Placement {
  constraints: string[];
  preferences: { spread: string }[];
  maxReplicasPerNode?: number;
}

export interface DeployConfig {
  mode?: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  replicas?: number;
  endpointMode?: 'vip' | 'dnsrr';
  labels: StringMap;
  placement?: Placement;
  resources?: { limits?: ResourceSpec; reservations?: ResourceSpec };
  restartPolicy?: RestartPolicy;
  updateConfig?: UpdateConfig;
  rollbackConfig?: UpdateConfig;
}

export interface LoggingConfig {
  driver?: string;
  options: StringMap;
}

export interface Ulimit {
  soft: number;
  hard: number;
}

export interface ServiceModel {
  name: string;
  image?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  /** Inline `environment:` after interpolation. Values from `env_file` are in `envFileEntries`. */
  environment: EnvironmentMap;
  /** `env_file` paths as written (resolved relative to the compose file that named them). */
  envFiles: string[];
  labels: StringMap;
  deploy?: DeployConfig;
  ports: ServicePort[];
  healthcheck?: Healthcheck;
  user?: string;
  workingDir?: string;
  volumes: ServiceVolume[];
  readOnly?: boolean;
  capAdd: string[];
  capDrop: string[];
  stopGracePeriod?: string;
  stopSignal?: string;
  sysctls: StringMap;
  ulimits: Record<string, Ulimit>;
  logging?: LoggingConfig;
  hostname?: string;
  dns: string[];
  dnsSearch: string[];
  extraHosts: string[];
  /** `undefined` when the service has no `networks:` key (it joins the stack's `default` network). */
  networks?: Record<string, ServiceNetworkAttachment>;
  secrets: FileReference[];
  configs: FileReference[];
  privileged?: boolean;
  securityOpt: string[];
  devices: string[];
  networkMode?: string;
  restart?: string;
  pid?: string;
  ipc?: string;
  init?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  isolation?: string;
  tmpfs: string[];
  /** Every key written under this service, for rules about keys Swarm ignores. */
  keys: string[];
}

export interface IpamConfig {
  driver?: string;
  config: { subnet?: string; ipRange?: string; gateway?: string; auxAddresses?: StringMap }[];
}

export interface NetworkModel {
  /** The key under top-level `networks:`. */
  key: string;
  /** Explicit `name:` (or external name); the engine name is otherwise `<stack>_<key>`. */
  name?: string;
  driver?: string;
  driverOpts: StringMap;
  attachable?: boolean;
  internal?: boolean;
  ipam?: IpamConfig;
  external: boolean;
  labels: StringMap;
  /** True for the network the stack creates when a service has no `networks:` and none is declared as `default`. */
  implicit: boolean;
}

export interface VolumeModel {
  key: string;
  name?: string;
  driver?: string;
  driverOpts: StringMap;
  external: boolean;
  labels: StringMap;
}

/** A top-level secret or config. Exactly one of `file` or `external` is normally set. */
export interface FileObjectModel {
  key: string;
  name?: string;
  /** Absolute path, resolved relative to the compose file that declared it. */
  file?: string;
  external: boolean;
  labels: StringMap;
  driver?: string;
  templateDriver?: string;
}

/** Something `docker stack deploy` refuses, with the docker CLI's own reason. */
export interface StackRefusal {
  path: ComposePath;
  reason: string;
  /** The variables that left the refused value blank (unset, or set to ""). */
  variables?: BlankVariable[];
}

/** A variable referenced by a value that interpolated to "" (unset: docker warns and uses ""). */
export interface BlankVariable {
  name: string;
  unset: boolean;
}

export interface ComposeModel {
  version?: string;
  /** What `docker stack deploy` (the CLI's v3 schema and its loader) would refuse in this file. */
  stackRefusals?: StackRefusal[];
  services: Record<string, ServiceModel>;
  networks: Record<string, NetworkModel>;
  volumes: Record<string, VolumeModel>;
  secrets: Record<string, FileObjectModel>;
  configs: Record<string, FileObjectModel>;
}

/** One variable from an `env_file`. Its value feeds rules but is never printed. */
export interface EnvFileEntry {
  name: string;
  value: string;
  file: string;
  line: number;
}

/** A non-fatal problem found while loading (unset variable, unknown service key…). */
export interface LoadWarning {
  /** The warning by id, for a printer to say in its reader's language (english(text) in English). */
  text: Message;
  position?: SourcePosition;
}

/** A load warning as a note, by id: "FILE:LINE: warning" where its place is known. */
export function loadWarningSaid(w: LoadWarning): Message {
  return w.position ? coreMessages.say('core.inputAt', { where: `${w.position.file}:${w.position.line}`, message: w.text }) : w.text;
}

export interface LoadOptions {
  /** Variables for interpolation; defaults to process.env. A `.env` beside the first file fills the gaps. */
  env?: Record<string, string | undefined>;
  /** Base for relative file names; defaults to process.cwd(). */
  cwd?: string;
  /** Read this file instead of `.env` beside the first compose file. */
  envFile?: string;
  /** Refuse files larger than this many bytes (default 10 MiB). */
  maxBytes?: number;
}

export interface LoadedCompose {
  model: ComposeModel;
  /** The compose files, as given (relative to cwd when given relative), in merge order. */
  files: string[];
  /** Position of the key (or item) at `path`, falling back to the nearest ancestor that has one. */
  positionOf(path: ComposePath): SourcePosition | undefined;
  /** A finding target for `path`: file:line:col and a dotted pointer such as "services.web.image". */
  target(path: ComposePath): Extract<Target, { kind: 'file' }>;
  /** The scalar as written, before interpolation, when it contained `$`. */
  rawValue(path: ComposePath): string | undefined;
  /** Variables read from each service's `env_file`s, keyed by service name. */
  envFileEntries: Record<string, EnvFileEntry[]>;
  /** The top-level `x-` extension keys of the merged files (x-swarmguard holds the lint waivers). */
  extensions: Record<string, unknown>;
  warnings: LoadWarning[];
}

export function pointerOf(path: ComposePath): string {
  return path.map(String).join('.');
}

/** A warning said by id. */
export function loadWarning(text: Message, position?: SourcePosition): LoadWarning {
  return { text, ...(position ? { position } : {}) };
}
