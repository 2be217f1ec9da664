// The Engine API (1.41) shapes a stack deploy sends (service, network, secret and config specs), and the parsed
// models of what it reads back.
import type { EngineFileObjectModel, EngineNetworkModel, EngineNodeModel, EngineServiceModel, EngineTaskModel } from '../engine/models.js';

export type Labels = Record<string, string>;

export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface FileTarget {
  Name: string;
  UID: string;
  GID: string;
  Mode: number;
}

export interface SecretReference {
  File: FileTarget;
  SecretName: string;
  /** Filled in just before the service is created, once the secret exists. */
  SecretID?: string;
}

export interface ConfigReference {
  File: FileTarget;
  ConfigName: string;
  ConfigID?: string;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

export interface ContainerSpec {
  Image: string;
  Labels: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Mounts?: MountSpec[];
  StopGracePeriod?: number;
  StopSignal?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Healthcheck?: HealthConfig;
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  Secrets?: SecretReference[];
  Configs?: ConfigReference[];
  Isolation?: string;
  Init?: boolean;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  Privileges?: Record<string, unknown>;
}

export interface UpdateConfigSpec {
  Parallelism: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: string;
}

export interface PortConfig {
  Protocol: 'tcp' | 'udp' | 'sctp';
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: 'ingress' | 'host';
  Name?: string;
}

export interface NetworkAttachment {
  Target: string;
  Aliases?: string[];
}

export interface ServiceSpec {
  Name: string;
  Labels: Labels;
  TaskTemplate: {
    ContainerSpec: ContainerSpec;
    Resources?: {
      Limits?: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
      Reservations?: { NanoCPUs?: number; MemoryBytes?: number };
    };
    RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number };
    Placement?: { Constraints?: string[]; Preferences?: { Spread: { SpreadDescriptor: string } }[]; MaxReplicas?: number; Platforms?: unknown[] };
    LogDriver?: { Name: string; Options?: Record<string, string> };
    Networks?: NetworkAttachment[];
    ForceUpdate?: number;
    Runtime?: string;
  };
  Mode: {
    Replicated?: { Replicas?: number };
    Global?: Record<string, never>;
    ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
    GlobalJob?: Record<string, never>;
  };
  UpdateConfig?: UpdateConfigSpec;
  RollbackConfig?: UpdateConfigSpec;
  EndpointSpec?: { Mode?: 'vip' | 'dnsrr'; Ports?: PortConfig[] };
}

export interface NetworkCreateSpec {
  Name: string;
  Driver: string;
  Options: Record<string, string>;
  Labels: Labels;
  Attachable: boolean;
  Internal: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }[] };
}

export interface FileObjectSpec {
  Name: string;
  Labels: Labels;
  /** Base64, as the API wants it. */
  Data: string;
  Driver?: { Name: string; Options?: Record<string, string> };
  Templating?: { Name: string };
}

/** Running objects as the engine lists them, parsed at the edge (src/engine/models.ts). */
export type EngineService = EngineServiceModel;
export type EngineNetwork = EngineNetworkModel;
export type EngineFileObject = EngineFileObjectModel;
export type EngineTask = EngineTaskModel;
export type EngineNode = EngineNodeModel;
